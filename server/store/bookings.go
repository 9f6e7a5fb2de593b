package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/bookings"
	"loket/server/notify"
	"loket/server/refusal"
	"loket/server/store/hooks"
)

// Buckets of the bookings domain (schema step 0003-bookings).
var (
	// bucketBookings: reference -> booking record.
	bucketBookings = []byte("bookings")
	// bucketBookingSlots: office 0 service 0 start(8) -> active bookings
	// (uint32). Slot listing reads one office-service range in one scan.
	bucketBookingSlots = []byte("booking_slots")
	// bucketBookingStarts: office 0 start(8) reference -> nothing; staff day sheets.
	bucketBookingStarts = []byte("booking_starts")
	// bucketBookingCreated: office 0 created(8, ns) reference -> nothing; bursts.
	bucketBookingCreated = []byte("booking_created")
	// bucketBookingDossiers: dossier 0 service -> reference of the latest booking.
	bucketBookingDossiers = []byte("booking_dossiers")
	// bucketBookingIdem: idempotency key -> reference.
	bucketBookingIdem = []byte("booking_idem")
	// bucketBookingPINs: reference -> PIN failure state.
	bucketBookingPINs = []byte("booking_pins")
)

// bookingRecord is a booking as stored: with its PIN hash, which the
// domain type keeps out of its JSON form.
type bookingRecord struct {
	bookings.Booking
	PINHash []byte `json:"pin_hash"`
}

var _ bookings.Store = (*Store)(nil)

func slotKey(office, service string, start time.Time) []byte {
	k := make([]byte, 0, len(office)+len(service)+10)
	k = append(k, office...)
	k = append(k, 0)
	k = append(k, service...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint64(k, uint64(start.Unix()))
}

func timeKey(office string, t uint64, ref bookings.Reference) []byte {
	k := make([]byte, 0, len(office)+9+len(ref))
	k = append(k, office...)
	k = append(k, 0)
	k = binary.BigEndian.AppendUint64(k, t)
	return append(k, ref...)
}

func dossierKey(dossier, service string) []byte {
	return []byte(dossier + "\x00" + service)
}

func loadBooking(tx *bolt.Tx, ref bookings.Reference) (bookings.Booking, bool, error) {
	var r bookingRecord
	ok, err := get(tx, bucketBookings, []byte(ref), &r)
	r.Booking.PINHash = r.PINHash
	return r.Booking, ok, err
}

func saveBooking(tx *bolt.Tx, b bookings.Booking) error {
	return put(tx, bucketBookings, []byte(b.Ref), bookingRecord{Booking: b, PINHash: b.PINHash})
}

// addToSlot changes the count of b's slot by delta and keeps the start index.
func addToSlot(tx *bolt.Tx, b bookings.Booking, delta int) error {
	sk := slotKey(b.OfficeID, b.ServiceID, b.Start)
	slots := tx.Bucket(bucketBookingSlots)
	n := int(slotCount(slots.Get(sk))) + delta
	if n <= 0 {
		if err := slots.Delete(sk); err != nil {
			return err
		}
	} else if err := slots.Put(sk, binary.BigEndian.AppendUint32(nil, uint32(n))); err != nil {
		return err
	}
	return nil
}

func slotCount(v []byte) uint32 {
	if len(v) != 4 {
		return 0
	}
	return binary.BigEndian.Uint32(v)
}

// indexStart adds (or removes) b from the staff day index.
func indexStart(tx *bolt.Tx, b bookings.Booking, add bool) error {
	k := timeKey(b.OfficeID, uint64(b.Start.Unix()), b.Ref)
	if add {
		return tx.Bucket(bucketBookingStarts).Put(k, nil)
	}
	return tx.Bucket(bucketBookingStarts).Delete(k)
}

// CreateBooking inserts a booking after checking capacity and the dossier
// rule in the same transaction. It goes through group commit: refusals are
// results, not errors of the transaction, so they do not make bbolt rerun
// the other bookings of the batch, and the function starts from scratch
// each time bbolt runs it.
func (s *Store) CreateBooking(ctx context.Context, b bookings.Booking, rule bookings.CreateRule) (bookings.Booking, error) {
	if err := ctx.Err(); err != nil {
		return bookings.Booking{}, err
	}
	var out bookings.Booking
	var refusal error
	err := s.batch(func(tx *bolt.Tx) error {
		out, refusal = bookings.Booking{}, nil
		if b.IdempotencyKey != "" {
			if ref := tx.Bucket(bucketBookingIdem).Get([]byte(b.IdempotencyKey)); ref != nil {
				prev, ok, err := loadBooking(tx, bookings.Reference(ref))
				if err != nil || !ok {
					return errors.Join(err, ErrCorrupt)
				}
				out, refusal = b.Replay(prev)
				return nil
			}
		}
		prev, taken, err := loadBooking(tx, b.Ref)
		if err != nil {
			return err
		}
		if taken {
			if prev.ID == b.ID {
				out = prev
			} else {
				refusal = bookings.ErrRefTaken
			}
			return nil
		}
		if rule.OnePerDossier {
			if ref := tx.Bucket(bucketBookingDossiers).Get(dossierKey(b.Dossier, b.ServiceID)); ref != nil {
				prev, ok, err := loadBooking(tx, bookings.Reference(ref))
				if err != nil {
					return err
				}
				if ok && prev.Blocks(rule) {
					refusal = bookings.ErrAlreadyBooked
					return nil
				}
			}
		}
		if int(slotCount(tx.Bucket(bucketBookingSlots).Get(slotKey(b.OfficeID, b.ServiceID, b.Start)))) >= rule.Capacity {
			refusal = bookings.ErrSlotFull
			return nil
		}
		if err := saveBooking(tx, b); err != nil {
			return err
		}
		if err := addToSlot(tx, b, 1); err != nil {
			return err
		}
		if err := indexStart(tx, b, true); err != nil {
			return err
		}
		if err := tx.Bucket(bucketBookingCreated).Put(timeKey(b.OfficeID, uint64(b.CreatedAt.UnixNano()), b.Ref), nil); err != nil {
			return err
		}
		if b.Dossier != "" {
			if err := tx.Bucket(bucketBookingDossiers).Put(dossierKey(b.Dossier, b.ServiceID), []byte(b.Ref)); err != nil {
				return err
			}
		}
		if b.IdempotencyKey != "" {
			if err := tx.Bucket(bucketBookingIdem).Put([]byte(b.IdempotencyKey), []byte(b.Ref)); err != nil {
				return err
			}
		}
		if err := s.hooks().Booking(s.outbox(tx), b, notify.EventBookingConfirmed); err != nil {
			return err
		}
		out = b
		return nil
	})
	if err != nil {
		return bookings.Booking{}, err
	}
	return out, refusal
}

// MoveBooking moves an active booking in one transaction: the new slot is
// counted before the old one is released, so a failed move changes nothing.
func (s *Store) MoveBooking(ctx context.Context, ref bookings.Reference, rule bookings.MoveRule) (bookings.Booking, error) {
	return s.changeActiveBooking(ctx, ref, notify.EventBookingMoved, func(tx *bolt.Tx, b *bookings.Booking) (bool, error) {
		if moves, err := b.CheckMove(rule); !moves {
			return false, err
		}
		if int(slotCount(tx.Bucket(bucketBookingSlots).Get(slotKey(b.OfficeID, b.ServiceID, rule.Start)))) >= rule.Capacity {
			return false, bookings.ErrSlotFull
		}
		if err := addToSlot(tx, *b, -1); err != nil {
			return false, err
		}
		if err := indexStart(tx, *b, false); err != nil {
			return false, err
		}
		b.Move(rule)
		if err := addToSlot(tx, *b, 1); err != nil {
			return false, err
		}
		return true, indexStart(tx, *b, true)
	})
}

// CancelBooking cancels a booking and frees its place in the same transaction.
func (s *Store) CancelBooking(ctx context.Context, ref bookings.Reference, c bookings.Cancellation) (bookings.Booking, error) {
	return s.changeActiveBooking(ctx, ref, notify.EventBookingCancelled, func(tx *bolt.Tx, b *bookings.Booking) (bool, error) {
		if err := b.CheckCancel(c); err != nil {
			return false, err
		}
		if err := addToSlot(tx, *b, -1); err != nil {
			return false, err
		}
		b.Cancel(c)
		return true, nil
	})
}

// changeActiveBooking runs change on an active booking inside one batched
// write transaction and saves the booking when change says it changed. A
// missing or cancelled booking, and a refusal from change (which must
// refuse before it writes), come back as the error with nothing written,
// without failing the batch (a failed batch is run again alone); other
// errors abort the transaction. A change queues ev in the outbox.
func (s *Store) changeActiveBooking(ctx context.Context, ref bookings.Reference, ev notify.Event, change func(tx *bolt.Tx, b *bookings.Booking) (bool, error)) (bookings.Booking, error) {
	if err := ctx.Err(); err != nil {
		return bookings.Booking{}, err
	}
	var out bookings.Booking
	var refusal error
	err := s.batch(func(tx *bolt.Tx) error {
		out, refusal = bookings.Booking{}, nil
		b, ok, err := loadBooking(tx, ref)
		switch {
		case err != nil:
			return err
		case !ok:
			refusal = bookings.ErrNotFound
			return nil
		case !b.Active():
			refusal = bookings.ErrCancelled
			return nil
		}
		changed, err := change(tx, &b)
		if isRefusal(err) {
			refusal = err
			return nil
		}
		if err != nil {
			return err
		}
		out = b
		if !changed {
			return nil
		}
		if err := saveBooking(tx, b); err != nil {
			return err
		}
		return s.hooks().Booking(s.outbox(tx), b, ev)
	})
	if err != nil {
		return bookings.Booking{}, err
	}
	return out, refusal
}

// isRefusal tells a domain refusal (nothing to write) from a failure.
func isRefusal(err error) bool {
	_, ok := refusal.As(err)
	return ok
}

// Authenticate runs the domain's PIN check inside one write transaction,
// so parallel guesses are counted one after another. A right PIN on a
// reference with no failures changes nothing, so it is answered from a
// read transaction without a disk write.
func (s *Store) Authenticate(ctx context.Context, ref bookings.Reference, check func(bookings.Booking, *bookings.PINState) error) (bookings.Booking, error) {
	if err := ctx.Err(); err != nil {
		return bookings.Booking{}, err
	}
	var out bookings.Booking
	var done bool
	err := s.view(func(tx *bolt.Tx) error {
		b, ok, err := loadBooking(tx, ref)
		switch {
		case err != nil:
			return err
		case !ok:
			done = true
			return bookings.ErrNotFound
		case tx.Bucket(bucketBookingPINs).Get([]byte(ref)) != nil:
			return nil
		}
		var st bookings.PINState
		if check(b, &st) == nil && st.LockedUntil.IsZero() && len(st.Failures) == 0 {
			out, done = b, true
		}
		return nil
	})
	if err != nil || done {
		return out, err
	}
	var refusal error
	err = s.update(func(tx *bolt.Tx) error {
		b, ok, err := loadBooking(tx, ref)
		if err != nil {
			return err
		}
		if !ok {
			refusal = bookings.ErrNotFound
			return nil
		}
		var st bookings.PINState
		if _, err := get(tx, bucketBookingPINs, []byte(ref), &st); err != nil {
			return err
		}
		refusal = check(b, &st)
		if refusal == nil {
			out = b
		}
		if st.LockedUntil.IsZero() && len(st.Failures) == 0 {
			return tx.Bucket(bucketBookingPINs).Delete([]byte(ref))
		}
		return put(tx, bucketBookingPINs, []byte(ref), st)
	})
	if err != nil {
		return bookings.Booking{}, err
	}
	return out, refusal
}

// Booking loads one booking.
func (s *Store) Booking(ctx context.Context, ref bookings.Reference) (bookings.Booking, error) {
	if err := ctx.Err(); err != nil {
		return bookings.Booking{}, err
	}
	var out bookings.Booking
	var found bool
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, found, err = loadBooking(tx, ref)
		return err
	})
	if err == nil && !found {
		err = bookings.ErrNotFound
	}
	return out, err
}

// SlotCounts reads the counts of one office-service in one cursor scan.
func (s *Store) SlotCounts(ctx context.Context, officeID, serviceID string, from, to time.Time, dst []bookings.SlotCount) ([]bookings.SlotCount, error) {
	if err := ctx.Err(); err != nil {
		return dst, err
	}
	lo, hi := slotKey(officeID, serviceID, from), slotKey(officeID, serviceID, to)
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketBookingSlots).Cursor()
		for k, v := c.Seek(lo); k != nil && bytes.Compare(k, hi) < 0; k, v = c.Next() {
			start := int64(binary.BigEndian.Uint64(k[len(k)-8:]))
			dst = append(dst, bookings.SlotCount{Start: start, Booked: int(slotCount(v))})
		}
		return nil
	})
	return dst, err
}

// BookingsStarting lists an office's bookings by appointment start.
func (s *Store) BookingsStarting(ctx context.Context, officeID string, from, to time.Time) ([]bookings.Booking, error) {
	return s.bookingsIndexed(ctx, bucketBookingStarts, officeID, uint64(from.Unix()), uint64(to.Unix()))
}

// BookingsCreated lists an office's bookings by creation time.
func (s *Store) BookingsCreated(ctx context.Context, officeID string, from, to time.Time) ([]bookings.Booking, error) {
	return s.bookingsIndexed(ctx, bucketBookingCreated, officeID, uint64(from.UnixNano()), uint64(to.UnixNano()))
}

func (s *Store) bookingsIndexed(ctx context.Context, bucket []byte, officeID string, from, to uint64) ([]bookings.Booking, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []bookings.Booking
	lo, hi := timeKey(officeID, from, ""), timeKey(officeID, to, "")
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucket).Cursor()
		for k, _ := c.Seek(lo); k != nil && bytes.Compare(k, hi) < 0; k, _ = c.Next() {
			ref := bookings.Reference(k[len(hi):])
			b, ok, err := loadBooking(tx, ref)
			if err != nil {
				return err
			}
			if !ok {
				return ErrCorrupt
			}
			out = append(out, b)
		}
		return nil
	})
	return out, err
}

// PurgeBookings deletes old bookings, found through the start index, in
// one transaction of at most limit bookings.
func (s *Store) PurgeBookings(ctx context.Context, before time.Time, limit int) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		n = 0
		var old []bookings.Reference
		c := tx.Bucket(bucketBookingStarts).Cursor()
		for k, _ := c.First(); k != nil && len(old) < limit; k, _ = c.Next() {
			i := bytes.IndexByte(k, 0)
			if i < 0 || len(k) < i+9 {
				return ErrCorrupt
			}
			if int64(binary.BigEndian.Uint64(k[i+1:i+9])) < before.Unix() {
				old = append(old, bookings.Reference(k[i+9:]))
			}
		}
		for _, ref := range old {
			b, ok, err := loadBooking(tx, ref)
			if err != nil {
				return err
			}
			if !ok {
				return ErrCorrupt
			}
			if err := s.deleteBooking(tx, b); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

func (s *Store) deleteBooking(tx *bolt.Tx, b bookings.Booking) error {
	if err := s.forgetSubjectTx(tx, hooks.BookingSubject(b.Ref)); err != nil {
		return err
	}
	if b.Active() {
		if err := addToSlot(tx, b, -1); err != nil {
			return err
		}
	}
	if err := indexStart(tx, b, false); err != nil {
		return err
	}
	if err := tx.Bucket(bucketBookingCreated).Delete(timeKey(b.OfficeID, uint64(b.CreatedAt.UnixNano()), b.Ref)); err != nil {
		return err
	}
	if b.Dossier != "" {
		dk := dossierKey(b.Dossier, b.ServiceID)
		if ref := tx.Bucket(bucketBookingDossiers).Get(dk); string(ref) == string(b.Ref) {
			if err := tx.Bucket(bucketBookingDossiers).Delete(dk); err != nil {
				return err
			}
		}
	}
	if b.IdempotencyKey != "" {
		if err := tx.Bucket(bucketBookingIdem).Delete([]byte(b.IdempotencyKey)); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bucketBookingPINs).Delete([]byte(b.Ref)); err != nil {
		return err
	}
	return tx.Bucket(bucketBookings).Delete([]byte(b.Ref))
}

// CloseDay stores the offices with the day closed and marks that day's
// active bookings of the office, queueing the notice, in one transaction.
func (s *Store) CloseDay(ctx context.Context, c bookings.DayClosing) ([]bookings.Booking, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := bookings.ValidateOffices(c.Offices); err != nil {
		return nil, err
	}
	var marked []bookings.Booking
	err := s.update(func(tx *bolt.Tx) error {
		marked = marked[:0]
		if err := put(tx, bucketOffices, officesKey, c.Offices); err != nil {
			return err
		}
		lo, hi := timeKey(c.OfficeID, uint64(c.Since.Unix()), ""), timeKey(c.OfficeID, uint64(c.To.Unix()), "")
		var refs []bookings.Reference
		cur := tx.Bucket(bucketBookingStarts).Cursor()
		for k, _ := cur.Seek(lo); k != nil && bytes.Compare(k, hi) < 0; k, _ = cur.Next() {
			refs = append(refs, bookings.Reference(k[len(hi):]))
		}
		for _, ref := range refs {
			b, ok, err := loadBooking(tx, ref)
			if err != nil {
				return err
			}
			if !ok {
				return ErrCorrupt
			}
			if !c.Closes(b) || !b.CloseDay(c.At) {
				continue
			}
			if err := saveBooking(tx, b); err != nil {
				return err
			}
			if err := s.hooks().Booking(s.outbox(tx), b, notify.EventOfficeNotice); err != nil {
				return err
			}
			marked = append(marked, b)
		}
		return nil
	})
	return marked, err
}

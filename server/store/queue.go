package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/notify"
	"loket/server/queue"
)

// Buckets of the queue (schema step 0005-queue).
var (
	// bucketQueueTickets: ticket id -> ticket.
	bucketQueueTickets = []byte("queue_tickets")
	// bucketQueueDay: office 0 day 0 id -> nothing; a day's tickets.
	bucketQueueDay = []byte("queue_day")
	// bucketQueueWaiting: office 0 day 0 id -> nothing; the waiting ones,
	// so calling the next visitor reads only them.
	bucketQueueWaiting = []byte("queue_waiting")
	// bucketQueueTokens: token hash -> ticket id.
	bucketQueueTokens = []byte("queue_tokens")
	// bucketQueueCounters: office 0 day 0 service -> last number (8 bytes).
	bucketQueueCounters = []byte("queue_counters")
	// bucketQueueArrivals: booking arrival key -> ticket id.
	bucketQueueArrivals = []byte("queue_arrivals")
	// bucketKiosks: kiosk id -> kiosk; bucketKioskCodes and
	// bucketKioskSecrets index it by enrolment code hash and secret hash.
	bucketKiosks       = []byte("kiosks")
	bucketKioskCodes   = []byte("kiosk_codes")
	bucketKioskSecrets = []byte("kiosk_secrets")
)

var _ queue.Store = (*Store)(nil)

func dayPrefix(office, day string) []byte {
	k := make([]byte, 0, len(office)+len(day)+2)
	k = append(k, office...)
	k = append(k, 0)
	k = append(k, day...)
	return append(k, 0)
}

func dayKey(t queue.Ticket) []byte { return append(dayPrefix(t.OfficeID, t.Day), t.ID...) }

// putTicket stores t and keeps the waiting index in step with its status.
func putTicket(tx *bolt.Tx, t queue.Ticket) error {
	if err := put(tx, bucketQueueTickets, []byte(t.ID), t); err != nil {
		return err
	}
	w := tx.Bucket(bucketQueueWaiting)
	if t.Status == queue.StatusWaiting {
		return w.Put(dayKey(t), encodeWaiting(t))
	}
	return w.Delete(dayKey(t))
}

// encodeWaiting packs what orders a waiting ticket into its index entry,
// so choosing the next visitor decodes no JSON: priority and kind (1 byte
// each), appointment and issue time (Unix ns, 8 bytes each), sequence (4
// bytes), then the service id.
func encodeWaiting(t queue.Ticket) []byte {
	b := make([]byte, 0, 22+len(t.ServiceID))
	var flags byte
	if t.Priority {
		flags = 1
	}
	kind := byte(0)
	if t.Kind == queue.KindAppointment {
		kind = 1
	}
	b = append(b, flags, kind)
	var appt int64
	if !t.Appointment.IsZero() {
		appt = t.Appointment.UnixNano()
	}
	b = binary.BigEndian.AppendUint64(b, uint64(appt))
	b = binary.BigEndian.AppendUint64(b, uint64(t.Issued.UnixNano()))
	b = binary.BigEndian.AppendUint32(b, uint32(t.Seq))
	return append(b, t.ServiceID...)
}

// decodeWaiting is the inverse of encodeWaiting; ok is false for an entry
// it cannot read.
func decodeWaiting(id, b []byte) (queue.Ticket, bool) {
	if len(b) < 22 {
		return queue.Ticket{}, false
	}
	t := queue.Ticket{ID: string(id), Status: queue.StatusWaiting, Priority: b[0]&1 == 1, Kind: queue.KindWalkIn}
	if b[1] == 1 {
		t.Kind = queue.KindAppointment
	}
	if appt := int64(binary.BigEndian.Uint64(b[2:])); appt != 0 {
		t.Appointment = time.Unix(0, appt).UTC()
	}
	t.Issued = time.Unix(0, int64(binary.BigEndian.Uint64(b[10:]))).UTC()
	t.Seq = int(binary.BigEndian.Uint32(b[18:]))
	t.ServiceID = string(b[22:])
	return t, true
}

func getTicket(tx *bolt.Tx, id []byte) (queue.Ticket, error) {
	var t queue.Ticket
	ok, err := get(tx, bucketQueueTickets, id, &t)
	if err == nil && !ok {
		err = queue.ErrNotFound
	}
	return t, err
}

// CreateTicket numbers and stores a ticket in one transaction.
func (s *Store) CreateTicket(ctx context.Context, t queue.Ticket, rule queue.CreateRule) (queue.Ticket, bool, error) {
	if err := ctx.Err(); err != nil {
		return t, false, err
	}
	created := true
	err := s.update(func(tx *bolt.Tx) error {
		arrivals := tx.Bucket(bucketQueueArrivals)
		if rule.ArrivalKey != "" {
			if id := arrivals.Get([]byte(rule.ArrivalKey)); id != nil {
				got, err := getTicket(tx, id)
				t, created = got, false
				return err
			}
		}
		counters := tx.Bucket(bucketQueueCounters)
		ck := append(dayPrefix(t.OfficeID, t.Day), t.ServiceID...)
		var seq uint64
		if v := counters.Get(ck); len(v) == 8 {
			seq = binary.BigEndian.Uint64(v)
		}
		if int(seq) >= rule.Limit {
			return queue.ErrLimitReached
		}
		seq++
		t.Seq, t.Number = int(seq), rule.Number(int(seq))
		if err := counters.Put(ck, itob(seq)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketQueueDay).Put(dayKey(t), nil); err != nil {
			return err
		}
		if err := tx.Bucket(bucketQueueTokens).Put(t.TokenHash, []byte(t.ID)); err != nil {
			return err
		}
		if rule.ArrivalKey != "" {
			if err := arrivals.Put([]byte(rule.ArrivalKey), []byte(t.ID)); err != nil {
				return err
			}
		}
		return putTicket(tx, t)
	})
	if err != nil {
		return queue.Ticket{}, false, err
	}
	return t, created, nil
}

// Ticket loads one ticket.
func (s *Store) Ticket(ctx context.Context, id string) (queue.Ticket, error) {
	var t queue.Ticket
	if err := ctx.Err(); err != nil {
		return t, err
	}
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		t, err = getTicket(tx, []byte(id))
		return err
	})
	return t, err
}

// TicketByToken finds a ticket by its phone token's hash.
func (s *Store) TicketByToken(ctx context.Context, tokenHash []byte) (queue.Ticket, error) {
	return s.ticketBy(ctx, bucketQueueTokens, tokenHash)
}

// TicketByArrival finds the ticket of a checked-in booking.
func (s *Store) TicketByArrival(ctx context.Context, key string) (queue.Ticket, error) {
	return s.ticketBy(ctx, bucketQueueArrivals, []byte(key))
}

func (s *Store) ticketBy(ctx context.Context, bucket, key []byte) (queue.Ticket, error) {
	var t queue.Ticket
	if err := ctx.Err(); err != nil {
		return t, err
	}
	err := s.view(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucket).Get(key)
		if id == nil {
			return queue.ErrNotFound
		}
		var err error
		t, err = getTicket(tx, id)
		return err
	})
	return t, err
}

// CallNext picks and stores the next ticket in one write transaction.
// The waiting tickets come from the index entries alone.
func (s *Store) CallNext(ctx context.Context, officeID, day string, pick func([]queue.Ticket) int, call func(*queue.Ticket)) (queue.Ticket, error) {
	var t queue.Ticket
	if err := ctx.Err(); err != nil {
		return t, err
	}
	err := s.update(func(tx *bolt.Tx) error {
		prefix := dayPrefix(officeID, day)
		var waiting []queue.Ticket
		c := tx.Bucket(bucketQueueWaiting).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			w, ok := decodeWaiting(k[len(prefix):], v)
			if !ok {
				return fmt.Errorf("%w: queue waiting index", ErrCorrupt)
			}
			waiting = append(waiting, w)
		}
		i := pick(waiting)
		if i < 0 || i >= len(waiting) {
			return queue.ErrNoneWaiting
		}
		var err error
		if t, err = getTicket(tx, []byte(waiting[i].ID)); err != nil {
			return err
		}
		call(&t)
		if err := putTicket(tx, t); err != nil {
			return err
		}
		// The one this desk would call next hears that its turn is near.
		rest := append(waiting[:i:i], waiting[i+1:]...)
		var next *queue.Ticket
		if j := pick(rest); j >= 0 && j < len(rest) {
			next = &rest[j]
		}
		return s.hooks().Call(s.outbox(tx), t, next)
	})
	if err != nil {
		return queue.Ticket{}, err
	}
	return t, nil
}

// UpdateTicket changes one ticket in one transaction.
func (s *Store) UpdateTicket(ctx context.Context, id string, change func(*queue.Ticket) error) (queue.Ticket, error) {
	var t queue.Ticket
	if err := ctx.Err(); err != nil {
		return t, err
	}
	err := s.update(func(tx *bolt.Tx) error {
		var err error
		if t, err = getTicket(tx, []byte(id)); err != nil {
			return err
		}
		if err := change(&t); err != nil {
			return err
		}
		return putTicket(tx, t)
	})
	if err != nil {
		return queue.Ticket{}, err
	}
	return t, nil
}

// DayTickets lists an office's tickets of one day.
func (s *Store) DayTickets(ctx context.Context, officeID, day string) ([]queue.Ticket, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []queue.Ticket
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = s.scanDay(tx, bucketQueueDay, officeID, day)
		return err
	})
	return out, err
}

// scanDay loads the tickets an index lists for an office's day.
func (s *Store) scanDay(tx *bolt.Tx, index []byte, officeID, day string) ([]queue.Ticket, error) {
	prefix := dayPrefix(officeID, day)
	var out []queue.Ticket
	c := tx.Bucket(index).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		t, err := getTicket(tx, k[len(prefix):])
		if err != nil {
			return nil, fmt.Errorf("store: queue index: %w", err)
		}
		out = append(out, t)
	}
	return out, nil
}

// PurgeTickets deletes up to limit tickets of days before before, with
// their indexes and arrival records, and the counters of those days.
func (s *Store) PurgeTickets(ctx context.Context, before string, limit int) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		n = 0
		days := tx.Bucket(bucketQueueDay)
		var old [][]byte
		c := days.Cursor()
		for k, _ := c.First(); k != nil && len(old) < limit; k, _ = c.Next() {
			if day := keyDay(k); day != "" && day < before {
				old = append(old, bytes.Clone(k))
			}
		}
		for _, k := range old {
			id := k[bytes.LastIndexByte(k, 0)+1:]
			t, err := getTicket(tx, id)
			if err != nil {
				return err
			}
			for _, del := range []struct {
				bucket, key []byte
			}{
				{bucketQueueTickets, id}, {bucketQueueDay, k}, {bucketQueueWaiting, k},
				{bucketQueueTokens, t.TokenHash}, {bucketQueueArrivals, []byte(t.ArrivalKey)},
			} {
				if len(del.key) == 0 {
					continue
				}
				if err := tx.Bucket(del.bucket).Delete(del.key); err != nil {
					return err
				}
			}
			if err := s.forgetSubjectTx(tx, notify.Subject{Kind: notify.KindTicket, ID: t.ID}); err != nil {
				return err
			}
			n++
		}
		if len(old) < limit {
			counters := tx.Bucket(bucketQueueCounters)
			var stale [][]byte
			cc := counters.Cursor()
			for k, _ := cc.First(); k != nil; k, _ = cc.Next() {
				if day := keyDay(k); day != "" && day < before {
					stale = append(stale, bytes.Clone(k))
				}
			}
			for _, k := range stale {
				if err := counters.Delete(k); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return n, err
}

// keyDay is the day part of an "office 0 day 0 rest" key.
func keyDay(k []byte) string {
	_, rest, ok := bytes.Cut(k, []byte{0})
	if !ok {
		return ""
	}
	day, _, ok := bytes.Cut(rest, []byte{0})
	if !ok {
		return ""
	}
	return string(day)
}

// CreateKiosk stores a new kiosk and indexes its enrolment code.
func (s *Store) CreateKiosk(ctx context.Context, k queue.Kiosk) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketKiosks).Get([]byte(k.ID)) != nil {
			return fmt.Errorf("store: kiosk %s exists", k.ID)
		}
		if err := tx.Bucket(bucketKioskCodes).Put(k.CodeHash, []byte(k.ID)); err != nil {
			return err
		}
		return put(tx, bucketKiosks, []byte(k.ID), k)
	})
}

// Kiosks lists every kiosk.
func (s *Store) Kiosks(ctx context.Context) ([]queue.Kiosk, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []queue.Kiosk
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketKiosks).ForEach(func(_, v []byte) error {
			var k queue.Kiosk
			if err := decode(v, &k); err != nil {
				return err
			}
			out = append(out, k)
			return nil
		})
	})
	return out, err
}

// UpdateKiosk changes one kiosk and keeps its indexes in step.
func (s *Store) UpdateKiosk(ctx context.Context, id string, change func(*queue.Kiosk) error) (queue.Kiosk, error) {
	var k queue.Kiosk
	if err := ctx.Err(); err != nil {
		return k, err
	}
	err := s.update(func(tx *bolt.Tx) error {
		ok, err := get(tx, bucketKiosks, []byte(id), &k)
		if err != nil {
			return err
		}
		if !ok {
			return queue.ErrKioskUnknown
		}
		return s.saveKiosk(tx, k, change)
	})
	return k, err
}

// saveKiosk applies change to k and rewrites its index entries.
func (s *Store) saveKiosk(tx *bolt.Tx, k queue.Kiosk, change func(*queue.Kiosk) error) error {
	old := k
	if err := change(&k); err != nil {
		return err
	}
	codes, secrets := tx.Bucket(bucketKioskCodes), tx.Bucket(bucketKioskSecrets)
	if old.CodeHash != nil && !bytes.Equal(old.CodeHash, k.CodeHash) {
		if err := codes.Delete(old.CodeHash); err != nil {
			return err
		}
	}
	if old.SecretHash != nil && !bytes.Equal(old.SecretHash, k.SecretHash) {
		if err := secrets.Delete(old.SecretHash); err != nil {
			return err
		}
	}
	if k.SecretHash != nil {
		if err := secrets.Put(k.SecretHash, []byte(k.ID)); err != nil {
			return err
		}
	}
	return put(tx, bucketKiosks, []byte(k.ID), k)
}

// EnrolKiosk uses an enrolment code in one transaction.
func (s *Store) EnrolKiosk(ctx context.Context, codeHash []byte, enrol func(*queue.Kiosk) error) (queue.Kiosk, error) {
	var k queue.Kiosk
	if err := ctx.Err(); err != nil {
		return k, err
	}
	err := s.update(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketKioskCodes).Get(codeHash)
		if id == nil {
			return queue.ErrBadCode
		}
		ok, err := get(tx, bucketKiosks, id, &k)
		if err != nil {
			return err
		}
		if !ok {
			return queue.ErrBadCode
		}
		if err := s.saveKiosk(tx, k, enrol); err != nil {
			return err
		}
		_, err = get(tx, bucketKiosks, id, &k)
		return err
	})
	if err != nil {
		return queue.Kiosk{}, err
	}
	return k, nil
}

// KioskBySecret finds the kiosk that holds a credential.
func (s *Store) KioskBySecret(ctx context.Context, secretHash []byte) (queue.Kiosk, error) {
	var k queue.Kiosk
	if err := ctx.Err(); err != nil {
		return k, err
	}
	err := s.view(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketKioskSecrets).Get(secretHash)
		if id == nil {
			return queue.ErrKioskUnknown
		}
		ok, err := get(tx, bucketKiosks, id, &k)
		if err == nil && !ok {
			err = queue.ErrKioskUnknown
		}
		return err
	})
	return k, err
}

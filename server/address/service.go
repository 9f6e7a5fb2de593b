package address

import (
	"context"
	"crypto/hmac"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"loket/server/receipts"
	"loket/server/refcode"
	"loket/server/refusal"
)

// Store is what the service needs from storage; *store.Store implements
// it. Every method that writes is one transaction.
type Store interface {
	// CreateAddressNotification records n; when n.Previous is set it
	// marks that notification superseded in the same transaction
	// (ErrNotFound, ErrSuperseded). ErrDuplicate if n.Ref is taken.
	CreateAddressNotification(ctx context.Context, n Notification) error
	// AddressNotification returns one notification or ErrNotFound.
	AddressNotification(ctx context.Context, ref Reference) (Notification, error)
	// UpdateAddressNotification runs fn on the stored notification inside
	// one transaction and writes it back when fn returns true, even with
	// an error (so a wrong PIN is counted while the error is returned).
	UpdateAddressNotification(ctx context.Context, ref Reference, fn func(*Notification) (bool, error)) (Notification, error)
	// AddressNotificationsIn lists the notifications of municipality made
	// in [from, to), oldest first.
	AddressNotificationsIn(ctx context.Context, municipality string, from, to time.Time) ([]Notification, error)
	// AddressNotificationsAfter lists up to limit notifications by
	// (Created, Ref) strictly after the key (created, ref), oldest first.
	AddressNotificationsAfter(ctx context.Context, created time.Time, ref Reference, limit int) ([]Notification, error)
	// PurgeAddressNotifications deletes every notification whose planned
	// departure (YYYY-MM-DD) is before day, adds the count to the purge
	// statistics and returns it.
	PurgeAddressNotifications(ctx context.Context, day string) (int, error)
	// AddressStats returns the counters.
	AddressStats(ctx context.Context) (Stats, error)
}

// Stats are counters without personal data, for "measuring is knowing".
type Stats struct {
	Submitted uint64 `json:"submitted"`
	Changed   uint64 `json:"changed"`
	Purged    uint64 `json:"purged"`
}

// ReceiptIssuer issues receipts; *receipts.Service implements it.
type ReceiptIssuer interface {
	Issue(ctx context.Context, in receipts.Input) (receipts.Receipt, string, error)
	Revoke(ctx context.Context, id, reason string) (receipts.Receipt, error)
}

// Config is the service's setup.
type Config struct {
	// Secret keys the PIN hashes; 32 random bytes kept in the store.
	Secret []byte
	// Retention is how long after the planned departure a notification is
	// kept; 0 means one year.
	Retention time.Duration
	// Location is the offices' time zone; nil loads Europe/Brussels.
	Location *time.Location
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service handles address notifications.
type Service struct {
	store     Store
	receipts  ReceiptIssuer
	dir       *Directory
	countries *Countries
	cfg       Config
}

// New builds the service.
func New(store Store, issuer ReceiptIssuer, dir *Directory, countries *Countries, cfg Config) (*Service, error) {
	if len(cfg.Secret) < 16 {
		return nil, errors.New("address: the secret must be at least 16 bytes")
	}
	if dir == nil || countries == nil {
		return nil, errors.New("address: New needs the municipality and country lists")
	}
	if cfg.Retention <= 0 {
		cfg.Retention = 365 * 24 * time.Hour
	}
	if cfg.Location == nil {
		loc, err := time.LoadLocation("Europe/Brussels")
		if err != nil {
			return nil, fmt.Errorf("address: office time zone: %w", err)
		}
		cfg.Location = loc
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{store: store, receipts: issuer, dir: dir, countries: countries, cfg: cfg}, nil
}

// Directory is the municipality list in use.
func (s *Service) Directory() *Directory { return s.dir }

// Countries is the country list.
func (s *Service) Countries() *Countries { return s.countries }

// Retention is how long after the departure notifications are kept.
func (s *Service) Retention() time.Duration { return s.cfg.Retention }

// Now is the service's clock in the offices' time zone.
func (s *Service) Now() time.Time { return s.cfg.Now().In(s.cfg.Location) }

func (s *Service) today() time.Time {
	y, m, d := s.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Submission is what the visitor gets back: shown once, the PIN is never
// stored in clear.
type Submission struct {
	Notification Notification
	PIN          string
	Receipt      receipts.Receipt
	// Replayed says the form had been sent before: nothing new was
	// recorded.
	Replayed bool
}

// Submit validates and records a notification and issues its receipt.
func (s *Service) Submit(ctx context.Context, in Input) (Submission, error) {
	return s.create(ctx, in, "")
}

// Change records a new notification that replaces the one with reference
// prev, after checking its PIN: an address change keeps the link.
func (s *Service) Change(ctx context.Context, prev, pin string, in Input) (Submission, error) {
	old, err := s.Lookup(ctx, prev, pin)
	if err != nil {
		return Submission{}, err
	}
	if old.SupersededBy != "" {
		return Submission{}, ErrSuperseded
	}
	return s.create(ctx, in, old.Ref)
}

// Check validates in without recording anything, so a form can show the
// domain's errors next to its own in one go.
func (s *Service) Check(in Input) *refusal.Error {
	trim(&in)
	return s.validate(in, s.today())
}

func (s *Service) create(ctx context.Context, in Input, prev Reference) (Submission, error) {
	trim(&in)
	if v := s.validate(in, s.today()); v != nil {
		return Submission{}, v
	}
	now := s.cfg.Now().UTC()
	pin, err := refcode.NewPIN()
	if err != nil {
		return Submission{}, err
	}
	var keyed Reference
	if in.IdempotencyKey != "" {
		keyed, pin = refcode.Keyed(s.cfg.Secret, 'A', "address-form", in.IdempotencyKey)
		if sub, ok, err := s.sentBefore(ctx, keyed, pin); ok || err != nil {
			return sub, err
		}
	}
	m, _ := s.dir.Get(in.Municipality)
	for range 3 {
		ref := keyed
		if ref == "" {
			if ref, err = newReference(); err != nil {
				return Submission{}, err
			}
		}
		rc, token, err := s.issue(ctx, ref, in, m, now)
		if err != nil {
			return Submission{}, fmt.Errorf("address: receipt: %w", err)
		}
		n := Notification{
			Ref: ref, PINHash: s.pinHash(ref, pin), Surname: in.Surname, GivenNames: in.GivenNames,
			BirthDate: in.BirthDate, Nationality: in.Nationality, DocType: in.DocType, DocNumber: in.DocNumber,
			EntryDate: in.EntryDate, Street: in.Street, Number: in.Number, Box: in.Box, Postcode: in.Postcode,
			Municipality: in.Municipality, DepartureDate: in.DepartureDate, Phone: in.Phone, Email: in.Email,
			Lang: in.Lang, Created: now, Status: StatusNew, Previous: prev, ReceiptID: rc.ID, ReceiptToken: token,
		}
		err = s.store.CreateAddressNotification(ctx, n)
		if err != nil {
			// The receipt attests a notification that was not recorded.
			_, _ = s.receipts.Revoke(ctx, rc.ID, "not recorded")
			if errors.Is(err, ErrDuplicate) && keyed != "" {
				// The same form, sent twice at once: the other one won.
				if sub, ok, err := s.sentBefore(ctx, keyed, pin); ok || err != nil {
					return sub, err
				}
			}
			if errors.Is(err, ErrDuplicate) && keyed == "" {
				continue
			}
			return Submission{}, err
		}
		return Submission{Notification: n, PIN: pin, Receipt: rc}, nil
	}
	return Submission{}, ErrDuplicate
}

// trim drops the spaces around every answer.
func trim(in *Input) {
	for _, p := range []*string{&in.Surname, &in.GivenNames, &in.Street, &in.Number, &in.Box, &in.Postcode,
		&in.Municipality, &in.Nationality, &in.DocType, &in.DocNumber, &in.Phone, &in.Email} {
		*p = strings.TrimSpace(*p)
	}
}

// issue makes the receipt: the reference, the first initial and the
// municipality, nothing more, since a receipt may be found by a stranger.
func (s *Service) issue(ctx context.Context, ref Reference, in Input, m Municipality, now time.Time) (receipts.Receipt, string, error) {
	initial := in.GivenNames
	if initial == "" {
		initial = in.Surname
	}
	r := []rune(strings.ToUpper(initial))
	fields := map[string]string{"municipality": m.Code}
	if len(r) > 0 {
		fields["initial"] = string(r[0]) + "."
	}
	departure, _ := time.Parse(time.DateOnly, in.DepartureDate)
	return s.receipts.Issue(ctx, receipts.Input{
		Kind: receipts.KindAddressNotification, Reference: ref.String(), At: now, OfficeID: "address",
		Fields: fields, Expires: maxTime(departure.Add(30*24*time.Hour), now.Add(24*time.Hour)),
	})
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Lookup returns the notification with this reference when the PIN
// matches. Wrong PINs are counted in the store; after five the reference
// is locked for 15 minutes, whatever the PIN.
func (s *Service) Lookup(ctx context.Context, refText, pin string) (Notification, error) {
	ref, ok := ParseReference(refText)
	if !ok {
		return Notification{}, ErrNotFound
	}
	now := s.cfg.Now().UTC()
	want := s.pinHash(ref, strings.TrimSpace(pin))
	return s.store.UpdateAddressNotification(ctx, ref, func(n *Notification) (bool, error) {
		return refcode.Unlock(now, want, n.PINHash, &n.PINFailures, &n.LockedUntil, ErrLocked, ErrBadPIN)
	})
}

// sentBefore finds the notification a form's keyed reference and PIN
// name: ok when it was recorded before; ErrDuplicate when another
// notification holds the reference (a random one met a keyed one).
func (s *Service) sentBefore(ctx context.Context, ref Reference, pin string) (Submission, bool, error) {
	n, err := s.store.AddressNotification(ctx, ref)
	switch {
	case errors.Is(err, ErrNotFound):
		return Submission{}, false, nil
	case err != nil:
		return Submission{}, false, err
	case !hmac.Equal(n.PINHash, s.pinHash(ref, pin)):
		return Submission{}, false, ErrDuplicate
	}
	return Submission{Notification: n, PIN: pin, Receipt: receipts.Receipt{ID: n.ReceiptID}, Replayed: true}, true, nil
}

func (s *Service) pinHash(ref Reference, pin string) []byte {
	return refcode.PINHash(s.cfg.Secret, "address-pin", ref, pin)
}

// Filter narrows the municipality's list: creation days in the office's
// time zone (inclusive, zero = open) and a status ("" = any).
type Filter struct {
	From, To time.Time
	Status   string
}

// List returns the notifications of the municipalities the staff member
// serves, newest first.
func (s *Service) List(ctx context.Context, munis []string, f Filter) ([]Notification, error) {
	if f.Status != "" && !slices.Contains([]string{StatusNew, StatusChecked, StatusComeIn}, f.Status) {
		return nil, ErrBadStatus
	}
	from := time.Time{}
	if !f.From.IsZero() {
		from = time.Date(f.From.Year(), f.From.Month(), f.From.Day(), 0, 0, 0, 0, s.cfg.Location)
	}
	to := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	if !f.To.IsZero() {
		to = time.Date(f.To.Year(), f.To.Month(), f.To.Day()+1, 0, 0, 0, 0, s.cfg.Location)
	}
	var out []Notification
	for _, m := range munis {
		list, err := s.store.AddressNotificationsIn(ctx, m, from.UTC(), to.UTC())
		if err != nil {
			return nil, err
		}
		for _, n := range list {
			if f.Status == "" || n.Status == f.Status {
				out = append(out, n)
			}
		}
	}
	slices.SortFunc(out, func(a, b Notification) int { return b.Created.Compare(a.Created) })
	return out, nil
}

// Get returns one notification if it belongs to one of munis; any other
// gives ErrNotFound, so staff cannot learn what other municipalities hold.
func (s *Service) Get(ctx context.Context, munis []string, refText string) (Notification, error) {
	ref, ok := ParseReference(refText)
	if !ok {
		return Notification{}, ErrNotFound
	}
	n, err := s.store.AddressNotification(ctx, ref)
	if err != nil {
		return Notification{}, err
	}
	if !slices.Contains(munis, n.Municipality) {
		return Notification{}, ErrNotFound
	}
	return n, nil
}

// SetStatus records the municipality's status (checked, or come_in to ask
// the visitor to come in) with who set it.
func (s *Service) SetStatus(ctx context.Context, munis []string, refText, status, actor string) (Notification, error) {
	if status != StatusChecked && status != StatusComeIn && status != StatusNew {
		return Notification{}, ErrBadStatus
	}
	ref, ok := ParseReference(refText)
	if !ok {
		return Notification{}, ErrNotFound
	}
	now := s.cfg.Now().UTC()
	return s.store.UpdateAddressNotification(ctx, ref, func(n *Notification) (bool, error) {
		if !slices.Contains(munis, n.Municipality) {
			return false, ErrNotFound
		}
		n.Status, n.StatusAt, n.StatusBy = status, now, actor
		n.History = append(n.History, StatusChange{Status: status, At: now, By: actor})
		return true, nil
	})
}

// SetBackoffice records the back office's status: matched or to_check.
func (s *Service) SetBackoffice(ctx context.Context, refText, status string) (Notification, error) {
	if status != BackofficeMatched && status != BackofficeToCheck {
		return Notification{}, ErrBadStatus
	}
	ref, ok := ParseReference(refText)
	if !ok {
		return Notification{}, ErrNotFound
	}
	now := s.cfg.Now().UTC()
	return s.store.UpdateAddressNotification(ctx, ref, func(n *Notification) (bool, error) {
		n.Backoffice, n.BackofficeAt = status, now
		return true, nil
	})
}

// Page is one page of the back-office export.
type Page struct {
	Items []Notification
	// Next is the cursor of the following page; empty on the last page.
	Next string
}

// MaxPage bounds an export page.
const MaxPage = 500

// Export pages through every notification made at or after since, in
// creation order. The cursor is the (created, reference) key of the last
// item handed out, so each notification appears exactly once even while
// new ones arrive (they sort after every cursor already given).
func (s *Service) Export(ctx context.Context, since time.Time, cursor string, limit int) (Page, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	// With an empty reference the key is the time alone, which sorts
	// before every notification made at that very time.
	after, ref := since.UTC(), Reference("")
	if cursor != "" {
		var err error
		if after, ref, err = parseCursor(cursor); err != nil {
			return Page{}, err
		}
	}
	items, err := s.store.AddressNotificationsAfter(ctx, after, ref, limit+1)
	if err != nil {
		return Page{}, err
	}
	p := Page{Items: items}
	if len(items) > limit {
		p.Items = items[:limit]
		last := p.Items[limit-1]
		p.Next = makeCursor(last.Created, last.Ref)
	}
	return p, nil
}

func makeCursor(created time.Time, ref Reference) string {
	b := binary.BigEndian.AppendUint64(nil, uint64(created.UnixNano()))
	return base64.RawURLEncoding.EncodeToString(append(b, ref...))
}

func parseCursor(c string) (time.Time, Reference, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) != 8+refLen {
		return time.Time{}, "", ErrBadCursor
	}
	ref, ok := ParseReference(string(b[8:]))
	if !ok || string(ref) != string(b[8:]) {
		return time.Time{}, "", ErrBadCursor
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(b[:8]))).UTC(), ref, nil
}

// Purge deletes the notifications whose planned departure lies more than
// the retention time in the past and returns how many went.
func (s *Service) Purge(ctx context.Context) (int, error) {
	cutoff := s.today().Add(-s.cfg.Retention)
	return s.store.PurgeAddressNotifications(ctx, cutoff.Format(time.DateOnly))
}

// Stats returns the counters.
func (s *Service) Stats(ctx context.Context) (Stats, error) { return s.store.AddressStats(ctx) }

// Municipality is the municipality of a notification, for display.
func (s *Service) Municipality(code string) (Municipality, bool) { return s.dir.Get(code) }

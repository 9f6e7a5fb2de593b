package receipts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"loket/server/cache"
	"loket/server/refusal"
)

// Store is what the receipts service needs from storage. *store.Store
// implements it; each write is one transaction.
type Store interface {
	KeyStore
	// RecordReceipt stores a new receipt; ErrDuplicate if the id exists.
	RecordReceipt(ctx context.Context, r Receipt) error
	// Receipt returns one receipt; ErrNotFound if there is none.
	Receipt(ctx context.Context, id string) (Receipt, error)
	// RevokeReceipt marks a receipt revoked and returns it; ErrNotFound if
	// there is none. Revoking twice keeps the first time and reason.
	RevokeReceipt(ctx context.Context, id, reason string, at time.Time) (Receipt, error)
}

// Config is the service's setup, passed down from the server's config.
type Config struct {
	// BaseURL is the public origin that verification links start with,
	// "https://loket.example.be"; the QR code holds {BaseURL}/r/{token}.
	BaseURL string
	// Location is the offices' time zone for printed times; nil loads
	// Europe/Brussels.
	Location *time.Location
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// CacheBytes bounds the PDF cache; 0 means 32 MiB.
	CacheBytes int
	// Renderer draws the PDFs; nil builds one on first use. Share one
	// per process: it holds the parsed fonts and glyph outlines.
	Renderer *Renderer
}

// Service issues, verifies, revokes and prints receipts.
type Service struct {
	store   Store
	keys    *Keyring
	baseURL string
	loc     *time.Location
	now     func() time.Time
	cache   *pdfCache

	// records keeps receipts as the store gave them, each with the number
	// of revocations made before it was read. Every revocation makes all
	// kept records stale (they are rare; tracking which would be more
	// code for nothing), so a kept record is never staler than the store.
	records     *cache.Recent[keptReceipt]
	revocations atomic.Uint64

	renderOnce sync.Once
	renderer   *Renderer
	renderErr  error
}

// maxBaseURL keeps the verification URL small enough for a QR code of
// version 10 or lower at 80 mm.
const maxBaseURL = 40

// New builds the service. keys comes from OpenKeyring on the same store.
func New(store Store, keys *Keyring, cfg Config) (*Service, error) {
	base := strings.TrimRight(cfg.BaseURL, "/")
	if !strings.HasPrefix(base, "https://") && !strings.HasPrefix(base, "http://") || len(base) > maxBaseURL {
		return nil, fmt.Errorf("%w: base URL %q must be http(s) and at most %d bytes", ErrInvalid, cfg.BaseURL, maxBaseURL)
	}
	if keys == nil {
		return nil, fmt.Errorf("%w: New needs a keyring", ErrNoKey)
	}
	loc := cfg.Location
	if loc == nil {
		var err error
		if loc, err = time.LoadLocation("Europe/Brussels"); err != nil {
			return nil, fmt.Errorf("receipts: office time zone: %w", err)
		}
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	size := cfg.CacheBytes
	if size <= 0 {
		size = 32 << 20
	}
	return &Service{store: store, keys: keys, baseURL: base, loc: loc, now: now,
		cache: newPDFCache(size), renderer: cfg.Renderer, records: cache.New[keptReceipt](keptReceipts)}, nil
}

// keptReceipts bounds the receipts kept in memory (a few MB).
const keptReceipts = 16384

type keptReceipt struct {
	r           Receipt
	revocations uint64
}

// record reads a receipt, from memory when no revocation happened since
// it was kept. Its Fields map is shared: callers must not change it.
func (s *Service) record(ctx context.Context, id string) (Receipt, error) {
	n := s.revocations.Load()
	if k, ok := s.records.Get(id); ok && k.revocations == n {
		return k.r, nil
	}
	r, err := s.store.Receipt(ctx, id)
	if err != nil {
		return Receipt{}, err
	}
	// n was read before the store: a revocation racing this read moves
	// the count past n, so what is kept here is not used again.
	s.records.Put(id, keptReceipt{r, n})
	return r, nil
}

// Issue validates in, signs a token and records the receipt in one
// transaction. It returns the receipt and its verification token.
func (s *Service) Issue(ctx context.Context, in Input) (Receipt, string, error) {
	fields, err := in.validate()
	if err != nil {
		return Receipt{}, "", err
	}
	now := s.now().UTC().Truncate(time.Second)
	at := in.At.UTC().Truncate(time.Minute)
	expires := in.Expires.UTC().Truncate(time.Minute)
	if in.Expires.IsZero() {
		expires = maxTime(at, now).Add(kinds[in.Kind].valid).Truncate(time.Minute)
	}
	if !expires.After(now) {
		return Receipt{}, "", refusal.Fields(ErrInvalid, refusal.Field{Field: "expires", Key: "receipt.error.expires"})
	}
	if _, ok := unixMinutes(expires); !ok {
		return Receipt{}, "", refusal.Fields(ErrInvalid, refusal.Field{Field: "expires", Key: "receipt.error.expires"})
	}
	for range 3 { // a clash of 64-bit random ids is all but impossible; retry anyway
		id, _, err := newID()
		if err != nil {
			return Receipt{}, "", err
		}
		r := Receipt{ID: id, Kind: in.Kind, Reference: in.Reference, At: at, OfficeID: in.OfficeID,
			Fields: fields, Created: now, Expires: expires}
		if len(fields) == 0 {
			r.Fields = nil
		}
		r.Token, err = s.keys.Sign(r.payload())
		if err != nil {
			return Receipt{}, "", err
		}
		err = s.store.RecordReceipt(ctx, r)
		if errors.Is(err, ErrDuplicate) {
			continue
		}
		if err != nil {
			return Receipt{}, "", fmt.Errorf("receipts: record: %w", err)
		}
		return r, r.Token, nil
	}
	return Receipt{}, "", ErrDuplicate
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func (r Receipt) payload() Payload {
	return Payload{ReceiptID: r.ID, Kind: r.Kind, Reference: r.Reference, At: r.At,
		OfficeID: r.OfficeID, Expires: r.Expires}
}

// Get returns a receipt by id; ErrNotFound for an id Issue cannot have made.
func (s *Service) Get(ctx context.Context, id string) (Receipt, error) {
	if _, ok := parseID(id); !ok {
		return Receipt{}, fmt.Errorf("%w: %q", ErrNotFound, clip(id))
	}
	return s.record(ctx, id)
}

// Revoke marks a receipt as no longer valid and drops its cached PDFs.
func (s *Service) Revoke(ctx context.Context, id, reason string) (Receipt, error) {
	if _, ok := parseID(id); !ok {
		return Receipt{}, fmt.Errorf("%w: %q", ErrNotFound, clip(id))
	}
	if utf8.RuneCountInString(reason) > maxReason {
		return Receipt{}, fmt.Errorf("%w: reason", ErrTooLong)
	}
	// Counted before and after the write: a record read during it is
	// kept with a count that is already out of date.
	s.revocations.Add(1)
	r, err := s.store.RevokeReceipt(ctx, id, reason, s.now().UTC().Truncate(time.Second))
	s.revocations.Add(1)
	if err != nil {
		return Receipt{}, err
	}
	s.cache.dropID(id)
	return r, nil
}

// Forget drops what this instance keeps of receipt id (its record, its
// PDFs) after another instance revoked it; "" drops everything kept, for
// when news from the other instances may have been missed.
func (s *Service) Forget(id string) {
	s.revocations.Add(1)
	if id == "" {
		s.cache.clear()
		return
	}
	s.cache.dropID(id)
}

// Status is the online answer about a token: what it says and whether the
// receipt still stands.
type Status struct {
	Payload Payload
	// Revoked, with the time since when, comes from the store.
	Revoked   bool
	RevokedAt time.Time
	// Receipt is the stored record, whole.
	Receipt Receipt
}

// Check verifies a token's signature and expiry, then adds the revocation
// state from the store. A genuine token for a receipt the store does not
// know gives ErrNotFound.
func (s *Service) Check(ctx context.Context, token string) (Status, error) {
	p, err := s.keys.Verify(token)
	if err != nil && !errors.Is(err, ErrExpired) {
		return Status{}, err
	}
	st := Status{Payload: p}
	r, gerr := s.record(ctx, p.ReceiptID)
	if gerr != nil {
		return st, gerr
	}
	st.Revoked, st.RevokedAt, st.Receipt = r.Revoked, r.RevokedAt, r
	return st, err
}

// URL is the verification link a token's QR code holds.
func (s *Service) URL(token string) string { return s.baseURL + "/r/" + token }

// PublicKeys is the key set for /.well-known/loket-receipt-keys.json.
func (s *Service) PublicKeys() PublicKeySet { return s.keys.PublicKeys() }

// PDF returns the receipt drawn in the given format with the caller's
// translated text. Receipts never change, so the bytes are cached by id,
// format and language; a revoked receipt is refused with ErrRevoked.
func (s *Service) PDF(ctx context.Context, id string, format Format, doc Document) ([]byte, error) {
	if _, ok := formats[format]; !ok {
		return nil, fmt.Errorf("%w: %q", ErrBadFormat, clip(string(format)))
	}
	if err := doc.validate(); err != nil {
		return nil, err
	}
	key := cacheKey{id, format, doc.Lang}
	if b, ok := s.cache.get(key); ok {
		return b, nil
	}
	r, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.Revoked {
		return nil, fmt.Errorf("%w: %s", ErrRevoked, id)
	}
	rd, err := s.getRenderer()
	if err != nil {
		return nil, err
	}
	b, err := rd.render(format, doc, page{receipt: r, url: s.URL(r.Token), when: r.At.In(s.loc).Format("2006-01-02 15:04")})
	if err != nil {
		return nil, err
	}
	s.cache.put(key, b)
	// A revocation that landed while this PDF was drawn must not leave it
	// cached: look again (a cheap read) now that it is in.
	again, err := s.store.Receipt(ctx, id)
	if err != nil {
		s.cache.dropID(id)
		return nil, err
	}
	if again.Revoked {
		s.cache.dropID(id)
		return nil, fmt.Errorf("%w: %s", ErrRevoked, id)
	}
	return b, nil
}

func (s *Service) getRenderer() (*Renderer, error) {
	s.renderOnce.Do(func() {
		if s.renderer == nil {
			s.renderer, s.renderErr = NewRenderer()
		}
	})
	return s.renderer, s.renderErr
}

// clip shortens untrusted input quoted in an error.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

package mandates

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Store is what the mandates domain needs from storage. Every method is
// one transaction.
type Store interface {
	CreateMandateCode(c Code) error
	// RedeemMandateCode marks the code with hash used at now and stores m
	// for its dossier, in one transaction: ErrCodeInvalid, ErrCodeExpired
	// or ErrCodeUsed when it cannot.
	RedeemMandateCode(hash []byte, now time.Time, m Mandate) (Mandate, error)
	// DossierCodes lists the codes drawn for a dossier, used or not.
	DossierCodes(dossier string) ([]Code, error)
	// EndMandateCode ends the unused, valid code of dossier drawn at
	// created (Code.End): ErrNotFound when there is none.
	EndMandateCode(dossier string, created, at time.Time) (Code, error)
	// AddMandate stores m (ErrNoDossier without such a dossier); a live
	// mandate of the same lawyer for the same dossier is returned instead.
	AddMandate(m Mandate) (Mandate, error)
	// RevokeMandate ends a mandate and drops its label.
	RevokeMandate(id string, at time.Time, by string) (Mandate, error)
	// LabelMandate sets the label of lawyer's live mandate for dossier
	// ("" removes it): ErrNotFound when there is none.
	LabelMandate(lawyer, dossier, label string) (Mandate, error)
	Mandate(id string) (Mandate, bool, error)
	DossierMandates(dossier string) ([]Mandate, error)
	// LawyerClients reads a lawyer's live mandates with their dossiers.
	LawyerClients(lawyer string) ([]Client, error)
	// RecentMandates lists up to limit mandates, newest first.
	RecentMandates(limit int) ([]Mandate, error)
	LawyerState(lawyer string) (Lawyer, error)
	// UpdateLawyerState runs fn on the lawyer's state (a zero state with
	// ID set when there is none) read inside one write transaction, and
	// stores what fn leaves, with the feed index in step: each writer
	// changes only its own fields, so a dashboard visit and the digest
	// worker cannot undo each other's.
	UpdateLawyerState(lawyer string, fn func(l *Lawyer) error) error
	LawyerByFeed(hash []byte) (string, bool, error)
}

// Options tune a Service.
type Options struct {
	// CodeTTL is how long a drawn code can be redeemed.
	CodeTTL time.Duration
	Now     func() time.Time
}

// DefaultCodeTTL gives an applicant two weeks to pass the code on.
const DefaultCodeTTL = 14 * 24 * time.Hour

// Service runs mandates on a store.
type Service struct {
	st  Store
	ttl time.Duration
	now func() time.Time
}

// New makes a Service.
func New(st Store, o Options) *Service {
	if o.CodeTTL <= 0 {
		o.CodeTTL = DefaultCodeTTL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{st: st, ttl: o.CodeTTL, now: o.Now}
}

// CreateCode draws a code for dossier and keeps only its hash; the code is
// returned to be shown once.
func (s *Service) CreateCode(dossier string) (string, time.Time, error) {
	code, err := NewCode()
	if err != nil {
		return "", time.Time{}, err
	}
	norm, _ := NormalizeCode(code)
	now := s.now().UTC()
	c := Code{Hash: HashCode(norm), Dossier: dossier, Created: now, Expires: now.Add(s.ttl)}
	if err := s.st.CreateMandateCode(c); err != nil {
		return "", time.Time{}, err
	}
	return code, c.Expires, nil
}

// Redeem links the lawyer to the dossier of code. A mistyped code fails
// before the store is asked.
func (s *Service) Redeem(lawyer, email, code string) (Mandate, error) {
	norm, ok := NormalizeCode(code)
	if !ok {
		return Mandate{}, ErrCodeInvalid
	}
	now := s.now().UTC()
	m := Mandate{Lawyer: lawyer, LawyerEmail: email, Source: SourceCode, By: lawyer, Created: now}
	return s.st.RedeemMandateCode(HashCode(norm), now, m)
}

// PendingCodes are the dossier's codes a lawyer could still redeem, the
// oldest first: the applicant sees them and can cancel any.
func (s *Service) PendingCodes(dossier string) ([]Code, error) {
	cs, err := s.st.DossierCodes(dossier)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	cs = slices.DeleteFunc(cs, func(c Code) bool { return !c.Pending(now) })
	slices.SortFunc(cs, func(a, b Code) int { return a.Created.Compare(b.Created) })
	return cs, nil
}

// CancelCode ends the dossier's pending code whose ID is id, for the
// applicant: ErrNotFound for anything else (another dossier's, used,
// expired or unknown).
func (s *Service) CancelCode(dossier, id string) (Code, error) {
	created, ok := codeCreated(id)
	if !ok {
		return Code{}, ErrNotFound
	}
	return s.st.EndMandateCode(dossier, created, s.now().UTC())
}

// Register is a mandate staff record by hand (a paper mandate).
func (s *Service) Register(dossier, lawyer, email, by string) (Mandate, error) {
	return s.st.AddMandate(Mandate{Dossier: dossier, Lawyer: lawyer, LawyerEmail: email, Source: SourceStaff, By: by,
		Created: s.now().UTC()})
}

// Revoke ends a mandate; revoking twice keeps the first revocation.
func (s *Service) Revoke(id, by string) (Mandate, error) {
	return s.st.RevokeMandate(id, s.now().UTC(), by)
}

// RevokeFor ends a mandate of dossier, for the applicant: an id of another
// dossier is ErrNotFound.
func (s *Service) RevokeFor(dossier, id, by string) (Mandate, error) {
	m, ok, err := s.st.Mandate(id)
	if err != nil {
		return Mandate{}, err
	}
	if !ok || m.Dossier != dossier {
		return Mandate{}, ErrNotFound
	}
	return s.Revoke(id, by)
}

// ForDossier lists the live mandates of a dossier.
func (s *Service) ForDossier(dossier string) ([]Mandate, error) { return s.st.DossierMandates(dossier) }

// Get reads one mandate, live or not; ok is false for an unknown id.
func (s *Service) Get(id string) (m Mandate, ok bool, err error) { return s.st.Mandate(id) }

// Recent lists mandates for the staff page.
func (s *Service) Recent(limit int) ([]Mandate, error) { return s.st.RecentMandates(limit) }

// Clients reads the dossiers a lawyer holds a live mandate for.
func (s *Service) Clients(lawyer string) ([]Client, error) { return s.st.LawyerClients(lawyer) }

// Allowed finds the live mandate linking lawyer and dossier.
func (s *Service) Allowed(lawyer, dossier string) (Client, bool, error) {
	cs, err := s.st.LawyerClients(lawyer)
	if err != nil {
		return Client{}, false, err
	}
	for _, c := range cs {
		if c.Dossier.Number == dossier {
			return c, true, nil
		}
	}
	return Client{}, false, nil
}

// MaxLabel is the longest label a lawyer may give a client, in characters.
const MaxLabel = 60

// Label sets the lawyer's own reference for the client of dossier, trimmed;
// an empty label removes it. Only a live mandate carries one.
func (s *Service) Label(lawyer, dossier, label string) (Mandate, error) {
	label = strings.TrimSpace(label)
	if utf8.RuneCountInString(label) > MaxLabel || !utf8.ValidString(label) || strings.ContainsFunc(label, isControl) {
		return Mandate{}, ErrLabel
	}
	return s.st.LabelMandate(lawyer, dossier, label)
}

// Visit records that the lawyer saw clients now and returns the state of
// their previous visit, against which changes are shown.
func (s *Service) Visit(lawyer string, clients []Client) (Lawyer, error) {
	var prev Lawyer
	err := s.st.UpdateLawyerState(lawyer, func(l *Lawyer) error {
		prev = *l
		l.LastVisit = s.now().UTC()
		l.Seen = make(map[string]int, len(clients))
		for _, c := range clients {
			l.Seen[c.Dossier.Number] = len(c.Dossier.Events)
		}
		return nil
	})
	return prev, err
}

// Changed reports whether a client's dossier has events the lawyer had not
// seen at their previous visit (a new client counts as changed).
func (l Lawyer) Changed(c Client) bool {
	n, ok := l.Seen[c.Dossier.Number]
	return !ok || len(c.Dossier.Events) > n
}

// NewFeed draws a new secret for the lawyer's Atom feed, replacing the
// old one; the secret is returned to be shown, only its hash is kept.
func (s *Service) NewFeed(lawyer string) (string, error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	secret := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	return secret, s.st.UpdateLawyerState(lawyer, func(l *Lawyer) error {
		l.FeedHash = feedHash(secret)
		return nil
	})
}

// StopFeed revokes the lawyer's feed secret.
func (s *Service) StopFeed(lawyer string) error {
	return s.st.UpdateLawyerState(lawyer, func(l *Lawyer) error {
		l.FeedHash = nil
		return nil
	})
}

// HasFeed reports whether the lawyer has a live feed secret.
func (s *Service) HasFeed(lawyer string) (bool, error) {
	l, err := s.st.LawyerState(lawyer)
	return len(l.FeedHash) > 0, err
}

// FeedLawyer finds the lawyer of a feed secret.
func (s *Service) FeedLawyer(secret string) (string, bool, error) {
	if len(secret) < 16 || len(secret) > 64 {
		return "", false, nil
	}
	return s.st.LawyerByFeed(feedHash(secret))
}

func feedHash(secret string) []byte {
	h := sha256.Sum256([]byte("lawyer-feed|" + secret))
	return h[:]
}

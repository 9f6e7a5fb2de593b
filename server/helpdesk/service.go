package helpdesk

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"loket/server/dossiers"
	"loket/server/receipts"
	"loket/server/refcode"
	"loket/server/refusal"
)

// Store is what the service needs from storage; *store.Store implements
// it. Every method that writes is one transaction.
type Store interface {
	// CreateEscalation records e; ErrDuplicate if e.Ref is taken.
	CreateEscalation(ctx context.Context, e Escalation) error
	// Escalation returns one escalation or ErrNotFound.
	Escalation(ctx context.Context, ref Reference) (Escalation, error)
	// UpdateEscalation runs fn on the stored escalation inside one
	// transaction and writes it back when fn returns true, even with an
	// error (so a wrong PIN is counted while the error is returned).
	UpdateEscalation(ctx context.Context, ref Reference, fn func(*Escalation) (bool, error)) (Escalation, error)
	// UpdateEscalations is UpdateEscalation for several escalations in one
	// transaction: an error from fn, or a reference not found, writes
	// none. It returns the ones written.
	UpdateEscalations(ctx context.Context, refs []Reference, fn func(*Escalation) (bool, error)) ([]Escalation, error)
	// EscalationsSince lists the escalations created at or after since,
	// newest first.
	EscalationsSince(ctx context.Context, since time.Time) ([]Escalation, error)
	// PutCanned creates or replaces a canned answer.
	PutCanned(ctx context.Context, c Canned) error
	// DeleteCanned removes one; ErrCannedNotFound if there is none.
	DeleteCanned(ctx context.Context, id string) error
	// CannedAnswers lists them all, by id.
	CannedAnswers(ctx context.Context) ([]Canned, error)
}

// ReceiptIssuer issues receipts; *receipts.Service implements it.
type ReceiptIssuer interface {
	Issue(ctx context.Context, in receipts.Input) (receipts.Receipt, string, error)
	Revoke(ctx context.Context, id, reason string) (receipts.Receipt, error)
}

// DossierChecker checks a dossier number against a birth date through
// the one guarded check; *dossiers.Service implements it.
type DossierChecker interface {
	Verify(dossiers.Claim) (*dossiers.Answer, error)
}

// Config is the service's setup.
type Config struct {
	// Secret keys the PIN hashes; at least 16 random bytes kept in the store.
	Secret []byte
	// SLA is the service-level target: how old an unresolved escalation
	// may get before the inbox flags it. 0 means 48 hours.
	SLA time.Duration
	// Langs are the languages canned answers are kept in ("en" first is
	// not required, but "en" must be among them).
	Langs []string
	// Window is how far back the inbox looks; 0 means 180 days.
	Window time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service handles escalations and canned answers.
type Service struct {
	store    Store
	receipts ReceiptIssuer
	dossiers DossierChecker
	cfg      Config
}

// New builds the service. dossiers may be nil: no dossier is then verified.
func New(store Store, issuer ReceiptIssuer, dos DossierChecker, cfg Config) (*Service, error) {
	if len(cfg.Secret) < 16 {
		return nil, errors.New("helpdesk: the secret must be at least 16 bytes")
	}
	if store == nil || issuer == nil {
		return nil, errors.New("helpdesk: New needs a store and a receipt issuer")
	}
	if cfg.SLA <= 0 {
		cfg.SLA = 48 * time.Hour
	}
	if cfg.Window <= 0 {
		cfg.Window = 180 * 24 * time.Hour
	}
	if !slices.Contains(cfg.Langs, "en") {
		return nil, errors.New("helpdesk: the languages must include en")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{store: store, receipts: issuer, dossiers: dos, cfg: cfg}, nil
}

// AnswerBy is when the applicant can expect an answer: the helpdesk's
// service-level target after the request came in.
func (s *Service) AnswerBy(e Escalation) time.Time { return e.Created.Add(s.cfg.SLA) }

// SLA is the service-level target.
func (s *Service) SLA() time.Duration { return s.cfg.SLA }

// Langs are the languages of canned answers.
func (s *Service) Langs() []string { return slices.Clone(s.cfg.Langs) }

// Now is the service's clock in UTC.
func (s *Service) Now() time.Time { return s.cfg.Now().UTC() }

// Input is what the applicant and the page they came from send.
type Input struct {
	Category, Message, Lang string
	// DossierNumber and BirthDate are optional; both or neither.
	DossierNumber, BirthDate string
	Contact, Phone, Email    string
	// Context attached by the page: the channel, the kiosk's office, the
	// page key and the status code shown there.
	Channel, Office, From, Status string
	// Client is the sender's address, which the dossier check counts; it
	// is not kept.
	Client string
	// IdempotencyKey names the form that was sent ("" for none): sent
	// again, it gets the first request back (Submission.Replayed) with
	// the same reference and PIN (refcode.Keyed), not a second one.
	IdempotencyKey string
}

// Submission is what the applicant gets back: the PIN is shown once and
// never stored in clear.
type Submission struct {
	Escalation Escalation
	PIN        string
	Receipt    receipts.Receipt
	// Replayed says the form had been sent before: nothing new was
	// recorded.
	Replayed bool
}

// contextPattern bounds the page key and status code that come from the
// page: short identifiers, never free text.
var contextPattern = regexp.MustCompile(`^[a-z0-9_]{1,40}$`)

// officePattern is what a receipt accepts as an office id.
var officePattern = regexp.MustCompile(`^[a-z0-9-]{1,16}$`)

// CategoryFor is the category pre-selected for a page key, so the form
// opens on the subject of the page the applicant was on.
func CategoryFor(from string) string {
	switch {
	case from == "status_overdue":
		return CategoryOverdue
	case from == "status_appointment":
		return CategoryAppointmentChange
	case strings.HasPrefix(from, "status"):
		return CategoryStatus
	case strings.HasPrefix(from, "booking"), from == "slots", strings.HasPrefix(from, "ticket"), from == "checkin":
		return CategoryAppointment
	case strings.HasPrefix(from, "address"):
		return CategoryAddress
	case strings.HasPrefix(from, "info"):
		return CategoryInformation
	}
	return ""
}

// Check validates in without recording anything or checking the dossier.
func (s *Service) Check(in Input) *refusal.Error {
	normalize(&in)
	return s.validate(in)
}

func normalize(in *Input) {
	for _, p := range []*string{&in.Category, &in.Lang, &in.DossierNumber, &in.BirthDate, &in.Contact,
		&in.Phone, &in.Email, &in.Channel, &in.Office, &in.From, &in.Status} {
		*p = strings.TrimSpace(*p)
	}
	in.Message = strings.TrimSpace(in.Message)
	if !contextPattern.MatchString(in.From) {
		in.From = ""
	}
	if !contextPattern.MatchString(in.Status) {
		in.Status = ""
	}
}

func (s *Service) validate(in Input) *refusal.Error {
	v := refusal.Fields(ErrInvalid)
	if !slices.Contains(Categories, in.Category) {
		v.Add("category", "help.error.category")
	}
	s.checkMessage(v, in.Message, in.Lang, "lang")
	if (in.DossierNumber == "") != (in.BirthDate == "") {
		if in.DossierNumber == "" {
			v.Add("dossier", "help.error.dossier_both")
		} else {
			v.Add("birth_date", "help.error.dossier_both")
		}
	}
	switch in.Contact {
	case ContactApp:
	case ContactPhone:
		if in.Phone == "" {
			v.Add("phone", "help.error.phone")
		}
	case ContactEmail:
		if in.Email == "" {
			v.Add("email", "help.error.email")
		}
	default:
		v.Add("contact", "help.error.contact")
	}
	if in.Channel != ChannelPWA && in.Channel != ChannelKiosk {
		v.Add("category", "help.error.category")
	}
	if len(v.Fields) > 0 {
		return v
	}
	return nil
}

// checkMessage adds to v what is wrong with a question and the language
// of its answer; a wrong language is reported on langField.
func (s *Service) checkMessage(v *refusal.Error, message, lang, langField string) {
	switch n := utf8.RuneCountInString(message); {
	case n == 0:
		v.Add("message", "help.error.message")
	case n > MaxMessage:
		v.Add("message", "form.error.too_long", "max", MaxMessage)
	}
	if !slices.Contains(s.cfg.Langs, lang) {
		v.Add(langField, "help.error.lang")
	}
}

// Create validates and records an escalation, verifying the dossier when
// one is given, and issues its receipt. The answer is the same whether
// the number and birth date match or not (issue 14 item 4: the form must
// not be a lookup oracle): a matching dossier is attached for staff, any
// other number is kept as given and marked unverified. The check goes
// through the one guard, so it counts like any lookup; a held check
// leaves the number unverified.
func (s *Service) Create(ctx context.Context, in Input) (Submission, error) {
	normalize(&in)
	if v := s.validate(in); v != nil {
		return Submission{}, v
	}
	dossier, unverified := "", ""
	var waiting *Waiting
	var appointment *dossiers.Appointment
	if in.DossierNumber != "" {
		var a *dossiers.Answer
		var err error = dossiers.ErrNoMatch
		if s.dossiers != nil {
			a, err = s.dossiers.Verify(dossiers.Claim{Number: in.DossierNumber, By: dossiers.ByBirth, Secret: in.BirthDate, Client: in.Client})
		}
		var held *dossiers.Held
		switch {
		case errors.Is(err, dossiers.ErrNoMatch), errors.As(err, &held):
			unverified = in.DossierNumber
		case err != nil:
			return Submission{}, fmt.Errorf("helpdesk: dossier check: %w", err)
		default:
			dossier = in.DossierNumber
			switch in.Category {
			case CategoryOverdue:
				waiting = waitingOf(a)
			case CategoryAppointmentChange:
				appointment = a.Appointment
			}
		}
	}
	contactValue := ""
	switch in.Contact {
	case ContactPhone:
		contactValue = in.Phone
	case ContactEmail:
		contactValue = in.Email
	}
	if in.Channel != ChannelKiosk {
		in.Office = ""
	}
	pin, err := refcode.NewPIN()
	if err != nil {
		return Submission{}, err
	}
	var keyed Reference
	if in.IdempotencyKey != "" {
		keyed, pin = refcode.Keyed(s.cfg.Secret, 'H', "helpdesk-form", in.IdempotencyKey)
		if sub, ok, err := s.sentBefore(ctx, keyed, pin); ok || err != nil {
			return sub, err
		}
	}
	now := s.Now()
	// A receipt names an office in lower case; phone escalations (and an
	// office id a receipt cannot carry) go to the helpdesk.
	receiptOffice := strings.ToLower(in.Office)
	if !officePattern.MatchString(receiptOffice) {
		receiptOffice = "helpdesk"
	}
	for range 3 {
		ref := keyed
		if ref == "" {
			if ref, err = newReference(); err != nil {
				return Submission{}, err
			}
		}
		rc, token, err := s.receipts.Issue(ctx, receipts.Input{
			Kind: receipts.KindEscalation, Reference: ref.String(), At: now, OfficeID: receiptOffice,
			Fields: map[string]string{"topic": in.Category}, Expires: now.Add(60 * 24 * time.Hour),
		})
		if err != nil {
			return Submission{}, fmt.Errorf("helpdesk: receipt: %w", err)
		}
		e := Escalation{
			Ref: ref, PINHash: s.pinHash(ref, pin), Category: in.Category, Message: in.Message, Lang: in.Lang,
			Channel: in.Channel, Office: in.Office, From: in.From, Status: in.Status, Dossier: dossier, Unverified: unverified,
			Waiting: waiting, Appointment: appointment,
			Contact: in.Contact, ContactValue: contactValue, Created: now, Updated: now, State: StateOpen,
			ReceiptID: rc.ID, ReceiptToken: token,
		}
		err = s.store.CreateEscalation(ctx, e)
		if err != nil {
			// The receipt attests an escalation that was not recorded.
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
		return Submission{Escalation: e, PIN: pin, Receipt: rc}, nil
	}
	return Submission{}, ErrDuplicate
}

// sentBefore finds the request a form's keyed reference and PIN name:
// ok when it was recorded before; ErrDuplicate when another request
// holds the reference (a random one met a keyed one).
func (s *Service) sentBefore(ctx context.Context, ref Reference, pin string) (Submission, bool, error) {
	e, err := s.store.Escalation(ctx, ref)
	switch {
	case errors.Is(err, ErrNotFound):
		return Submission{}, false, nil
	case err != nil:
		return Submission{}, false, err
	case !hmac.Equal(e.PINHash, s.pinHash(ref, pin)):
		return Submission{}, false, ErrDuplicate
	}
	return Submission{Escalation: e, PIN: pin, Receipt: receipts.Receipt{ID: e.ReceiptID}, Replayed: true}, true, nil
}

// LawyerQuestion is a lawyer's question about a client's dossier. The
// caller has checked that the lawyer holds a live mandate for Dossier.
type LawyerQuestion struct {
	Lawyer, Email, Dossier, Message, Lang string
}

// AskAsLawyer records a lawyer's question for the helpdesk inbox: category
// and channel "lawyer", the verified dossier, the lawyer's identity. It
// has no PIN and no receipt: the lawyer reads the answer in their console
// (LawyerQuestions), signed in.
func (s *Service) AskAsLawyer(ctx context.Context, q LawyerQuestion) (Escalation, error) {
	q.Message = strings.TrimSpace(q.Message)
	v := refusal.Fields(ErrInvalid)
	s.checkMessage(v, q.Message, q.Lang, "message")
	if len(v.Fields) > 0 {
		return Escalation{}, v
	}
	if q.Lawyer == "" || !dossiers.ValidNumber(q.Dossier) {
		return Escalation{}, ErrInvalid
	}
	now := s.Now()
	for range 3 {
		ref, err := newReference()
		if err != nil {
			return Escalation{}, err
		}
		e := Escalation{Ref: ref, Category: CategoryLawyer, Message: q.Message, Lang: q.Lang, Channel: ChannelLawyer,
			Dossier: q.Dossier, Lawyer: q.Lawyer, LawyerEmail: q.Email, Contact: ContactApp,
			Created: now, Updated: now, State: StateOpen}
		err = s.store.CreateEscalation(ctx, e)
		if errors.Is(err, ErrDuplicate) {
			continue
		}
		return e, err
	}
	return Escalation{}, ErrDuplicate
}

// LawyerQuestions lists the lawyer's questions of the inbox's window,
// newest first, for the dossiers in keep (their live mandates): a
// question about a dossier they no longer follow is no longer shown to
// them.
func (s *Service) LawyerQuestions(ctx context.Context, lawyer string, keep func(dossier string) bool) ([]Escalation, error) {
	all, err := s.store.EscalationsSince(ctx, s.Now().Add(-s.cfg.Window))
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, e := range all {
		if e.Lawyer == lawyer && e.Category == CategoryLawyer && keep(e.Dossier) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b Escalation) int { return b.Created.Compare(a.Created) })
	return out, nil
}

// Lookup returns the escalation with this reference when the PIN matches.
// Wrong PINs are counted in the store; after five the reference is
// locked for 15 minutes, whatever the PIN.
func (s *Service) Lookup(ctx context.Context, refText, pin string) (Escalation, error) {
	ref, ok := ParseReference(refText)
	if !ok {
		return Escalation{}, ErrNotFound
	}
	now := s.Now()
	want := s.pinHash(ref, strings.TrimSpace(pin))
	return s.store.UpdateEscalation(ctx, ref, func(e *Escalation) (bool, error) {
		return refcode.Unlock(now, want, e.PINHash, &e.PINFailures, &e.LockedUntil, ErrLocked, ErrBadPIN)
	})
}

func (s *Service) pinHash(ref Reference, pin string) []byte {
	return refcode.PINHash(s.cfg.Secret, "helpdesk-pin", ref, pin)
}

// Filter narrows the inbox; empty fields match everything. MinAge keeps
// escalations at least that old.
type Filter struct {
	State, Category, Lang, Channel string
	MinAge                         time.Duration
}

// List returns the escalations v may see that match f, oldest unresolved
// first is the caller's choice: they come newest first.
func (s *Service) List(ctx context.Context, v Viewer, f Filter) ([]Escalation, error) {
	all, err := s.store.EscalationsSince(ctx, s.Now().Add(-s.cfg.Window))
	if err != nil {
		return nil, err
	}
	now := s.Now()
	out := all[:0]
	for _, e := range all {
		if !v.CanSee(e) || f.State != "" && e.State != f.State || f.Category != "" && e.Category != f.Category ||
			f.Lang != "" && e.Lang != f.Lang || f.Channel != "" && e.Channel != f.Channel ||
			f.MinAge > 0 && now.Sub(e.Created) < f.MinAge {
			continue
		}
		out = append(out, e)
	}
	return out, nil
}

// Get returns one escalation if v may see it; any other gives
// ErrNotFound, so staff cannot learn what other offices hold.
func (s *Service) Get(ctx context.Context, v Viewer, refText string) (Escalation, error) {
	ref, ok := ParseReference(refText)
	if !ok {
		return Escalation{}, ErrNotFound
	}
	e, err := s.store.Escalation(ctx, ref)
	if err != nil {
		return Escalation{}, err
	}
	if !v.CanSee(e) {
		return Escalation{}, ErrNotFound
	}
	return e, nil
}

// Overdue reports whether an unresolved escalation is older than the SLA.
func (s *Service) Overdue(e Escalation) bool {
	return e.State != StateResolved && s.Now().Sub(e.Created) > s.cfg.SLA
}

// change runs fn on an escalation v may see, in one transaction.
func (s *Service) change(ctx context.Context, v Viewer, refText string, fn func(*Escalation) error) (Escalation, error) {
	ref, ok := ParseReference(refText)
	if !ok {
		return Escalation{}, ErrNotFound
	}
	now := s.Now()
	return s.store.UpdateEscalation(ctx, ref, func(e *Escalation) (bool, error) {
		if !v.CanSee(*e) {
			return false, ErrNotFound
		}
		if err := fn(e); err != nil {
			return false, err
		}
		e.Updated = now
		return true, nil
	})
}

func cleanText(t string) (string, error) {
	t = strings.TrimSpace(strings.ReplaceAll(t, "\r\n", "\n"))
	if t == "" || utf8.RuneCountInString(t) > MaxMessage || !utf8.ValidString(t) {
		return "", ErrInvalid
	}
	return t, nil
}

// Assign gives the escalation to the account to (v itself or a colleague);
// an empty to returns it to the open pile.
func (s *Service) Assign(ctx context.Context, v Viewer, refText, to string) (Escalation, error) {
	return s.change(ctx, v, refText, func(e *Escalation) error {
		if e.State == StateResolved {
			return ErrBadState
		}
		e.Assignee = to
		if e.State == StateOpen && to != "" {
			e.State = StateAssigned
		} else if e.State == StateAssigned && to == "" {
			e.State = StateOpen
		}
		return nil
	})
}

// AddNote adds an internal note that the applicant never sees.
func (s *Service) AddNote(ctx context.Context, v Viewer, refText, text string) (Escalation, error) {
	t, err := cleanText(text)
	if err != nil {
		return Escalation{}, err
	}
	now := s.Now()
	return s.change(ctx, v, refText, func(e *Escalation) error {
		e.Notes = append(e.Notes, Note{At: now, Author: v.ID, Text: t})
		return nil
	})
}

// Reply answers the applicant in free text, written in lang.
func (s *Service) Reply(ctx context.Context, v Viewer, refText, text, lang string) (Escalation, error) {
	t, err := cleanText(text)
	if err != nil || !slices.Contains(s.cfg.Langs, lang) {
		return Escalation{}, ErrInvalid
	}
	return s.reply(ctx, v, refText, Reply{Author: v.ID, Lang: lang, Text: t})
}

// ReplyCanned answers with a canned answer, copied in every language.
func (s *Service) ReplyCanned(ctx context.Context, v Viewer, refText, cannedID string) (Escalation, error) {
	list, err := s.store.CannedAnswers(ctx)
	if err != nil {
		return Escalation{}, err
	}
	i := slices.IndexFunc(list, func(c Canned) bool { return c.ID == cannedID })
	if i < 0 {
		return Escalation{}, ErrCannedNotFound
	}
	return s.reply(ctx, v, refText, Reply{Author: v.ID, Canned: cannedID, Texts: list[i].Texts})
}

func (s *Service) reply(ctx context.Context, v Viewer, refText string, r Reply) (Escalation, error) {
	r.At = s.Now()
	return s.change(ctx, v, refText, func(e *Escalation) error {
		if e.State == StateResolved {
			return ErrBadState
		}
		e.Replies = append(e.Replies, r)
		e.State = StateAnswered
		if e.Assignee == "" {
			e.Assignee = v.ID
		}
		return nil
	})
}

// Resolve closes the escalation.
func (s *Service) Resolve(ctx context.Context, v Viewer, refText string) (Escalation, error) {
	return s.change(ctx, v, refText, func(e *Escalation) error {
		if e.State == StateResolved {
			return ErrBadState
		}
		e.State = StateResolved
		return nil
	})
}

// MaxBulk is the most escalations one bulk action changes.
const MaxBulk = 200

// bulk runs apply on the escalations of refs that v may see, in one
// transaction: a reference that is wrong or not v's writes nothing
// (ErrNotFound). apply reports whether it changed an escalation; those it
// leaves (already resolved) are not written and not returned, and its
// error writes none.
func (s *Service) bulk(ctx context.Context, v Viewer, refTexts []string, apply func(*Escalation) (bool, error)) ([]Escalation, error) {
	if len(refTexts) == 0 || len(refTexts) > MaxBulk {
		return nil, ErrInvalid
	}
	refs := make([]Reference, 0, len(refTexts))
	for _, t := range refTexts {
		ref, ok := ParseReference(t)
		if !ok {
			return nil, ErrNotFound
		}
		if !slices.Contains(refs, ref) {
			refs = append(refs, ref)
		}
	}
	now := s.Now()
	return s.store.UpdateEscalations(ctx, refs, func(e *Escalation) (bool, error) {
		if !v.CanSee(*e) {
			return false, ErrNotFound
		}
		if ok, err := apply(e); !ok || err != nil {
			return false, err
		}
		e.Updated = now
		return true, nil
	})
}

// AssignMany gives the escalations of refs to the account to (a zero
// Viewer returns them to the open pile), in one transaction; resolved
// ones and those already to's stay as they are. If to may not see one of
// them, none is assigned (ErrAssignee).
func (s *Service) AssignMany(ctx context.Context, v Viewer, refs []string, to Viewer) ([]Escalation, error) {
	return s.bulk(ctx, v, refs, func(e *Escalation) (bool, error) {
		if e.State == StateResolved || e.Assignee == to.ID {
			return false, nil
		}
		if to.ID != "" && !to.CanSee(*e) {
			return false, ErrAssignee
		}
		e.Assignee = to.ID
		if e.State == StateOpen && to.ID != "" {
			e.State = StateAssigned
		} else if e.State == StateAssigned && to.ID == "" {
			e.State = StateOpen
		}
		return true, nil
	})
}

// ResolveMany closes the escalations of refs in one transaction; those
// already resolved stay as they are.
func (s *Service) ResolveMany(ctx context.Context, v Viewer, refs []string) ([]Escalation, error) {
	return s.bulk(ctx, v, refs, func(e *Escalation) (bool, error) {
		if e.State == StateResolved {
			return false, nil
		}
		e.State = StateResolved
		return true, nil
	})
}

// Reopen takes a resolved escalation up again: answered if it has a
// reply, else assigned or open.
func (s *Service) Reopen(ctx context.Context, v Viewer, refText string) (Escalation, error) {
	return s.change(ctx, v, refText, func(e *Escalation) error {
		if e.State != StateResolved {
			return ErrBadState
		}
		switch {
		case len(e.Replies) > 0:
			e.State = StateAnswered
		case e.Assignee != "":
			e.State = StateAssigned
		default:
			e.State = StateOpen
		}
		return nil
	})
}

// CannedAnswers lists the canned answers.
func (s *Service) CannedAnswers(ctx context.Context) ([]Canned, error) {
	return s.store.CannedAnswers(ctx)
}

// SaveCanned creates (empty id) or replaces a canned answer. The title
// and the English text are required; texts in other languages are
// optional (English is shown instead); unknown languages are refused.
func (s *Service) SaveCanned(ctx context.Context, actor string, c Canned) (Canned, error) {
	c.Title = strings.TrimSpace(c.Title)
	if c.Title == "" || utf8.RuneCountInString(c.Title) > 100 {
		return Canned{}, ErrInvalid
	}
	texts := map[string]string{}
	for lang, t := range c.Texts {
		if !slices.Contains(s.cfg.Langs, lang) {
			return Canned{}, ErrInvalid
		}
		if strings.TrimSpace(t) == "" {
			continue
		}
		clean, err := cleanText(t)
		if err != nil {
			return Canned{}, err
		}
		texts[lang] = clean
	}
	if texts["en"] == "" {
		return Canned{}, ErrInvalid
	}
	if c.ID == "" {
		var b [6]byte
		if _, err := rand.Read(b[:]); err != nil {
			return Canned{}, err
		}
		c.ID = hex.EncodeToString(b[:])
	}
	c.Texts, c.Updated, c.UpdatedBy = texts, s.Now(), actor
	return c, s.store.PutCanned(ctx, c)
}

// DeleteCanned removes a canned answer; replies already sent keep their copy.
func (s *Service) DeleteCanned(ctx context.Context, id string) error {
	return s.store.DeleteCanned(ctx, id)
}

package helpdesk

import (
	"context"
	"errors"
	"loket/server/refcode"
	"loket/server/refusal"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/server/dossiers"
	"loket/server/receipts"
)

// memStore keeps escalations in maps, for the domain's rules.
type memStore struct {
	mu     sync.Mutex
	esc    map[Reference]Escalation
	canned map[string]Canned
	fail   error
}

func newMem() *memStore {
	return &memStore{esc: map[Reference]Escalation{}, canned: map[string]Canned{}}
}

func (m *memStore) CreateEscalation(_ context.Context, e Escalation) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	if _, ok := m.esc[e.Ref]; ok {
		return ErrDuplicate
	}
	m.esc[e.Ref] = e
	return nil
}

func (m *memStore) Escalation(_ context.Context, ref Reference) (Escalation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.esc[ref]
	if !ok {
		return e, ErrNotFound
	}
	return e, nil
}

func (m *memStore) UpdateEscalation(_ context.Context, ref Reference, fn func(*Escalation) (bool, error)) (Escalation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.esc[ref]
	if !ok {
		return e, ErrNotFound
	}
	write, err := fn(&e)
	if write {
		m.esc[ref] = e
	}
	if err != nil {
		return Escalation{}, err
	}
	return e, nil
}

func (m *memStore) UpdateEscalations(_ context.Context, refs []Reference, fn func(*Escalation) (bool, error)) ([]Escalation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	changed := map[Reference]Escalation{}
	var out []Escalation
	for _, ref := range refs {
		e, ok := m.esc[ref]
		if !ok {
			return nil, ErrNotFound
		}
		write, err := fn(&e)
		if err != nil {
			return nil, err
		}
		if write {
			changed[ref] = e
			out = append(out, e)
		}
	}
	for ref, e := range changed {
		m.esc[ref] = e
	}
	return out, nil
}

func (m *memStore) EscalationsSince(_ context.Context, since time.Time) ([]Escalation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Escalation
	for _, e := range m.esc {
		if !e.Created.Before(since) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b Escalation) int { return b.Created.Compare(a.Created) })
	return out, nil
}

func (m *memStore) PutCanned(_ context.Context, c Canned) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.canned[c.ID] = c
	return nil
}

func (m *memStore) DeleteCanned(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.canned[id]; !ok {
		return ErrCannedNotFound
	}
	delete(m.canned, id)
	return nil
}

func (m *memStore) CannedAnswers(context.Context) ([]Canned, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Canned
	for _, c := range m.canned {
		out = append(out, c)
	}
	return out, nil
}

type issuer struct{ issued, revoked []string }

func (r *issuer) Issue(_ context.Context, in receipts.Input) (receipts.Receipt, string, error) {
	if in.Kind != receipts.KindEscalation {
		return receipts.Receipt{}, "", errors.New("wrong kind")
	}
	id := "r" + string(rune('a'+len(r.issued)))
	r.issued = append(r.issued, id)
	return receipts.Receipt{ID: id}, "tok", nil
}

func (r *issuer) Revoke(_ context.Context, id, _ string) (receipts.Receipt, error) {
	r.revoked = append(r.revoked, id)
	return receipts.Receipt{ID: id}, nil
}

// birthChecker knows one dossier.
type birthChecker struct{ calls int }

func (b *birthChecker) Verify(cl dossiers.Claim) (*dossiers.Answer, error) {
	b.calls++
	if cl.Number == "12345678" && cl.By == dossiers.ByBirth && cl.Secret == "1990-01-02" {
		return &dossiers.Answer{Number: cl.Number}, nil
	}
	return nil, dossiers.ErrNoMatch
}

var langs = []string{"nl", "fr", "de", "en", "ar", "fa", "ps", "ti", "so", "tr", "uk", "ru", "es"}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newService(t *testing.T) (*Service, *memStore, *issuer, *clock) {
	t.Helper()
	m, iss, clk := newMem(), &issuer{}, &clock{time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)}
	s, err := New(m, iss, &birthChecker{}, Config{Secret: []byte("0123456789abcdef"), Langs: langs, Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	return s, m, iss, clk
}

func validInput() Input {
	return Input{Category: CategoryStatus, Message: "Where is my card?", Lang: "ar", Contact: ContactApp,
		Channel: ChannelPWA, From: "status_result", Status: "in_review"}
}

func TestReferenceRoundTripAndCheck(t *testing.T) {
	for range 200 {
		r, err := newReference()
		if err != nil {
			t.Fatal(err)
		}
		got, ok := ParseReference(strings.ToLower(r.String()))
		if !ok || got != r {
			t.Fatalf("parse %q = %q %v", r.String(), got, ok)
		}
		// Change one symbol: the check must catch it.
		b := []byte(r)
		i := strings.IndexByte(refcode.Alphabet, b[4])
		b[4] = refcode.Alphabet[(i+1)%len(refcode.Alphabet)]
		if _, ok := ParseReference(string(b)); ok {
			t.Fatalf("%s accepted with a changed symbol", b)
		}
	}
	for _, bad := range []string{"", "H", "A2345678", "H2345678O", "H23456789X"} {
		if _, ok := ParseReference(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestCreateValidates(t *testing.T) {
	s, _, _, _ := newService(t)
	long := strings.Repeat("é", MaxMessage+1)
	tests := []struct {
		name   string
		change func(*Input)
		field  string
	}{
		{"category", func(in *Input) { in.Category = "weather" }, "category"},
		{"empty message", func(in *Input) { in.Message = "  " }, "message"},
		{"long message", func(in *Input) { in.Message = long }, "message"},
		{"language", func(in *Input) { in.Lang = "xx" }, "lang"},
		{"number without birth date", func(in *Input) { in.DossierNumber = "12345678" }, "birth_date"},
		{"phone missing", func(in *Input) { in.Contact = ContactPhone }, "phone"},
		{"email missing", func(in *Input) { in.Contact = ContactEmail }, "email"},
		{"contact", func(in *Input) { in.Contact = "pigeon" }, "contact"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := validInput()
			tc.change(&in)
			_, err := s.Create(context.Background(), in)
			var v *refusal.Error
			if !errors.As(err, &v) || !slices.ContainsFunc(v.Fields, func(f refusal.Field) bool { return f.Field == tc.field }) {
				t.Fatalf("err %v, want a field error on %s", err, tc.field)
			}
		})
	}
}

// heldChecker refuses every claim, as the guard does over a limit.
type heldChecker struct{}

func (heldChecker) Verify(dossiers.Claim) (*dossiers.Answer, error) {
	return nil, &dossiers.Held{Reason: dossiers.ErrLocked, Retry: time.Minute}
}

// TestHelpRequestIsNoLookupOracle is issue 14 item 4: the help form
// answers alike whether the dossier number and birth date match, do not,
// or could not be checked; only staff see whether the number was
// verified. The claim reaches the guard with the sender's address.
func TestHelpRequestIsNoLookupOracle(t *testing.T) {
	s, m, _, _ := newService(t)
	in := validInput()
	in.DossierNumber, in.Client = "12345678", "192.0.2.7"
	for _, tc := range []struct {
		name, birth         string
		dossier, unverified string
	}{
		{"right", "1990-01-02", "12345678", ""},
		{"wrong", "1990-01-03", "", "12345678"},
	} {
		in.BirthDate = tc.birth
		sub, err := s.Create(context.Background(), in)
		if err != nil {
			t.Fatalf("%s birth date: %v, want the request recorded", tc.name, err)
		}
		if e := m.esc[sub.Escalation.Ref]; e.Dossier != tc.dossier || e.Unverified != tc.unverified {
			t.Errorf("%s birth date: dossier %q unverified %q", tc.name, e.Dossier, e.Unverified)
		}
	}
	held, err := New(m, &issuer{}, heldChecker{}, Config{Secret: []byte("0123456789abcdef"), Langs: langs})
	if err != nil {
		t.Fatal(err)
	}
	in.BirthDate = "1990-01-02"
	sub, err := held.Create(context.Background(), in)
	if err != nil || sub.Escalation.Dossier != "" || sub.Escalation.Unverified != "12345678" {
		t.Errorf("held check: %v, dossier %q, unverified %q", err, sub.Escalation.Dossier, sub.Escalation.Unverified)
	}
}

func TestCreateKeepsContextAndVerifiedDossierOnly(t *testing.T) {
	s, m, iss, _ := newService(t)
	in := validInput()
	in.Channel, in.Office, in.DossierNumber, in.BirthDate = ChannelKiosk, "brussels", "12345678", "1990-01-02"
	in.Contact, in.Phone = ContactPhone, "+32470000000"
	in.From = "<script>"
	sub, err := s.Create(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	e := m.esc[sub.Escalation.Ref]
	if e.Dossier != "12345678" || !e.Verified() || e.Office != "brussels" || e.Channel != ChannelKiosk ||
		e.Status != "in_review" || e.From != "" || e.ContactValue != "+32470000000" || e.State != StateOpen {
		t.Errorf("stored %+v", e)
	}
	if len(sub.PIN) != 6 || len(iss.issued) != 1 || e.ReceiptID != iss.issued[0] {
		t.Errorf("pin %q, receipts %v, stored receipt %q", sub.PIN, iss.issued, e.ReceiptID)
	}
	// A phone escalation never carries an office.
	in = validInput()
	in.Office = "brussels"
	sub, err = s.Create(context.Background(), in)
	if err != nil || sub.Escalation.Office != "" {
		t.Errorf("phone escalation office %q, err %v", sub.Escalation.Office, err)
	}
}

func TestCreateRevokesReceiptWhenWriteFails(t *testing.T) {
	s, m, iss, _ := newService(t)
	m.fail = errors.New("disk full")
	if _, err := s.Create(context.Background(), validInput()); !errors.Is(err, m.fail) {
		t.Fatalf("err %v", err)
	}
	if len(iss.revoked) != 1 || iss.revoked[0] != iss.issued[0] {
		t.Errorf("issued %v revoked %v", iss.issued, iss.revoked)
	}
}

func TestLookupLocksAfterFiveWrongPINs(t *testing.T) {
	s, _, _, clk := newService(t)
	ctx := context.Background()
	sub, err := s.Create(ctx, validInput())
	if err != nil {
		t.Fatal(err)
	}
	ref := sub.Escalation.Ref.String()
	wrong := "000000"
	if sub.PIN == wrong {
		wrong = "111111"
	}
	for i := range 5 {
		if _, err := s.Lookup(ctx, ref, wrong); !errors.Is(err, ErrBadPIN) {
			t.Fatalf("try %d: %v", i, err)
		}
	}
	if _, err := s.Lookup(ctx, ref, sub.PIN); !errors.Is(err, ErrLocked) {
		t.Fatalf("right PIN while locked: %v", err)
	}
	clk.t = clk.t.Add(15*time.Minute + time.Second)
	if e, err := s.Lookup(ctx, ref, sub.PIN); err != nil || e.Ref != sub.Escalation.Ref {
		t.Fatalf("after the lock: %v", err)
	}
	if _, err := s.Lookup(ctx, "H2345678", sub.PIN); !errors.Is(err, ErrNotFound) {
		t.Errorf("malformed reference: %v", err)
	}
}

func TestOfficeIsolation(t *testing.T) {
	s, _, _, _ := newService(t)
	ctx := context.Background()
	in := validInput()
	in.Channel, in.Office = ChannelKiosk, "antwerp"
	kiosk, _ := s.Create(ctx, in)
	phone, _ := s.Create(ctx, validInput())
	brussels := Viewer{ID: "u1", Offices: []string{"brussels"}}
	antwerp := Viewer{ID: "u2", Offices: []string{"antwerp"}}
	admin := Viewer{ID: "a", All: true}
	for _, tc := range []struct {
		v    Viewer
		want int
	}{{brussels, 1}, {antwerp, 2}, {admin, 2}} {
		list, err := s.List(ctx, tc.v, Filter{})
		if err != nil || len(list) != tc.want {
			t.Errorf("%s sees %d, want %d (%v)", tc.v.ID, len(list), tc.want, err)
		}
	}
	ref := kiosk.Escalation.Ref.String()
	if _, err := s.Get(ctx, brussels, ref); !errors.Is(err, ErrNotFound) {
		t.Errorf("other office get: %v", err)
	}
	if _, err := s.Reply(ctx, brussels, ref, "hi", "en"); !errors.Is(err, ErrNotFound) {
		t.Errorf("other office reply: %v", err)
	}
	if _, err := s.Get(ctx, brussels, phone.Escalation.Ref.String()); err != nil {
		t.Errorf("phone escalation hidden: %v", err)
	}
}

func TestWorkflowAndCannedReplyInTheApplicantsLanguage(t *testing.T) {
	s, _, _, _ := newService(t)
	ctx := context.Background()
	sub, _ := s.Create(ctx, validInput())
	ref := sub.Escalation.Ref.String()
	v := Viewer{ID: "u1"}
	if _, err := s.SaveCanned(ctx, "sup", Canned{Title: "t", Texts: map[string]string{"ar": "نص"}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("canned without English: %v", err)
	}
	c, err := s.SaveCanned(ctx, "sup", Canned{Title: "Card", Texts: map[string]string{"en": "Your card is ready.", "ar": "بطاقتك جاهزة.", "fr": " "}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.Assign(ctx, v, ref, "u1")
	if err != nil || e.State != StateAssigned || e.Assignee != "u1" {
		t.Fatalf("assign: %+v %v", e, err)
	}
	if e, err = s.AddNote(ctx, v, ref, "called the office"); err != nil || len(e.Notes) != 1 {
		t.Fatalf("note: %v", err)
	}
	if e, err = s.ReplyCanned(ctx, v, ref, c.ID); err != nil || e.State != StateAnswered {
		t.Fatalf("reply: %v", err)
	}
	if text, lang := e.Replies[0].In("ar"); text != "بطاقتك جاهزة." || lang != "ar" {
		t.Errorf("ar reads %q (%s)", text, lang)
	}
	if text, lang := e.Replies[0].In("fr"); text != "Your card is ready." || lang != "en" {
		t.Errorf("fr falls back to %q (%s)", text, lang)
	}
	if e, err = s.Resolve(ctx, v, ref); err != nil || e.State != StateResolved {
		t.Fatalf("resolve: %v", err)
	}
	if _, err = s.Reply(ctx, v, ref, "more", "en"); !errors.Is(err, ErrBadState) {
		t.Errorf("reply to resolved: %v", err)
	}
	if e, err = s.Reopen(ctx, v, ref); err != nil || e.State != StateAnswered {
		t.Errorf("reopen: %+v %v", e.State, err)
	}
	if _, err = s.Reply(ctx, v, ref, "", "en"); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty reply: %v", err)
	}
}

func TestCountsHaveNoPersonalData(t *testing.T) {
	s, _, _, clk := newService(t)
	ctx := context.Background()
	for i, cat := range []string{CategoryStatus, CategoryStatus, CategoryOther} {
		in := validInput()
		in.Category = cat
		clk.t = clk.t.Add(time.Duration(i) * time.Hour)
		if _, err := s.Create(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	loc, _ := time.LoadLocation("Europe/Brussels")
	got, err := s.Counts(ctx, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), loc)
	if err != nil {
		t.Fatal(err)
	}
	want := []Count{{"2026-05-10", "other", "ar", "pwa", 1}, {"2026-05-10", "status", "ar", "pwa", 2}}
	if !slices.Equal(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
}

func TestCategoryFor(t *testing.T) {
	for from, want := range map[string]string{"status_result": CategoryStatus, "booking_form": CategoryAppointment,
		"address_form": CategoryAddress, "info_show": CategoryInformation, "home": "",
		"status_overdue": CategoryOverdue, "status_appointment": CategoryAppointmentChange} {
		if got := CategoryFor(from); got != want {
			t.Errorf("%s: %q, want %q", from, got, want)
		}
	}
}

// TestBulkAssignAndResolve: bulk actions change every escalation or none:
// one the viewer may not see, or an assignee who may not see one, refuses
// the lot; resolved ones are left as they are.
func TestBulkAssignAndResolve(t *testing.T) {
	s, m, _, _ := newService(t)
	ctx := context.Background()
	var refs []string
	for range 3 {
		sub, err := s.Create(ctx, validInput())
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, sub.Escalation.Ref.String())
	}
	in := validInput()
	in.Channel, in.Office = ChannelKiosk, "antwerp"
	kiosk, _ := s.Create(ctx, in)
	in.Office = "brussels"
	kioskBrussels, _ := s.Create(ctx, in)
	brussels := Viewer{ID: "u1", Offices: []string{"brussels"}}
	antwerp := Viewer{ID: "u2", Offices: []string{"antwerp"}}
	if _, err := s.AssignMany(ctx, brussels, append(refs[:1:1], kiosk.Escalation.Ref.String()), brussels); !errors.Is(err, ErrNotFound) {
		t.Errorf("bulk with another office's escalation: %v", err)
	}
	if _, err := s.AssignMany(ctx, Viewer{ID: "a", All: true}, []string{kiosk.Escalation.Ref.String(), kioskBrussels.Escalation.Ref.String()}, antwerp); !errors.Is(err, ErrAssignee) {
		t.Errorf("assignee who cannot see one: %v", err)
	}
	for ref, e := range m.esc {
		if e.Assignee != "" {
			t.Errorf("a refused bulk assigned %s", ref)
		}
	}
	if _, err := s.Resolve(ctx, brussels, refs[2]); err != nil {
		t.Fatal(err)
	}
	got, err := s.AssignMany(ctx, brussels, refs, brussels)
	if err != nil || len(got) != 2 {
		t.Fatalf("assign: %d %v", len(got), err)
	}
	for _, e := range got {
		if e.Assignee != "u1" || e.State != StateAssigned {
			t.Errorf("%s: %s %s", e.Ref, e.Assignee, e.State)
		}
	}
	got, err = s.ResolveMany(ctx, brussels, refs)
	if err != nil || len(got) != 2 {
		t.Fatalf("resolve: %d %v", len(got), err)
	}
	if _, err := s.ResolveMany(ctx, brussels, nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty bulk: %v", err)
	}
}

package dossiers

import (
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"loket/server/refusal"
	"loket/translations"
)

var allLangs = []string{"nl", "fr", "de", "en", "ar", "fa", "ps", "ti", "so", "tr", "uk", "ru", "es"}

// memStore is an in-memory Store for domain tests.
type memStore struct {
	dossiers map[string]Dossier
	failures map[string]int
	hists    map[string]Histogram
}

func newMemStore() *memStore {
	return &memStore{dossiers: map[string]Dossier{}, failures: map[string]int{}, hists: map[string]Histogram{}}
}

func (m *memStore) LookupDossier(number string, _ time.Time) (Dossier, int, bool, error) {
	d, ok := m.dossiers[number]
	return d, m.failures[number], ok, nil
}

func (m *memStore) RecordLookupFailure(number string, _ time.Time, _ time.Duration) error {
	m.failures[number]++
	return nil
}

func (m *memStore) PruneLookupFailures(time.Time) (int, error) { return 0, nil }

func (m *memStore) PutDossiers(ds []Dossier) error {
	for _, d := range ds {
		var old *Dossier
		if o, ok := m.dossiers[d.Number]; ok {
			old = &o
		}
		SampleDeltas(old, &d, m.hists)
		m.dossiers[d.Number] = d
	}
	return nil
}

func (m *memStore) UpdateDossier(number string, fn func(d *Dossier) error) (Dossier, error) {
	d, ok := m.dossiers[number]
	if !ok {
		return d, ErrNotFound
	}
	d.Events = slices.Clone(d.Events)
	if err := fn(&d); err != nil {
		return d, err
	}
	return d, m.PutDossiers([]Dossier{d})
}

func (m *memStore) Histograms() (map[string]Histogram, error) { return m.hists, nil }

func (m *memStore) Queues() (map[string][]int64, error) {
	q := map[string][]int64{}
	for _, d := range m.dossiers {
		if d.Waiting {
			q[d.Procedure] = append(q[d.Procedure], QueueKey(d.Received, d.Number))
		}
	}
	for _, keys := range q {
		slices.Sort(keys)
	}
	return q, nil
}

var testNow = time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)

func newTestService(t *testing.T) (*Service, *memStore) {
	t.Helper()
	cat, err := LoadCatalog(translations.FS)
	if err != nil {
		t.Fatal(err)
	}
	st := newMemStore()
	return New(st, cat, Options{Key: []byte("test key"), Failures: 3, Window: 15 * time.Minute, Langs: allLangs,
		Now: func() time.Time { return testNow }}), st
}

// byBirth and byCode are claims from one test address.
func byBirth(s *Service, number, birth string) (*Answer, error) {
	return s.Verify(Claim{Number: number, By: ByBirth, Secret: birth, Client: "192.0.2.1"})
}

func byCode(s *Service, number, code string) (*Answer, error) {
	return s.Verify(Claim{Number: number, By: ByCode, Secret: code, Client: "192.0.2.1"})
}

func day(offset int) string { return testNow.AddDate(0, 0, offset).Format(time.DateOnly) }

func body(procedure string, events ...[2]string) map[string]any {
	var evs []any
	for i, e := range events {
		evs = append(evs, map[string]any{"id": fmt.Sprint("e", i), "code": e[0], "date": e[1]})
	}
	received := ""
	if len(events) > 0 {
		received = events[0][1]
	}
	return map[string]any{"procedure": procedure, "received": received, "birth_date": "1990-01-01", "events": evs}
}

func TestEveryStatusHasTextsInEveryLanguage(t *testing.T) {
	cat, err := LoadCatalog(translations.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range cat.Missing(allLangs) {
		t.Errorf("missing status text: %s", m)
	}
}

func TestMissingStatusTextIsReported(t *testing.T) {
	fsys := fstest.MapFS{
		"status/catalog.json": {Data: []byte(`{"procedures": {` + strings.Join(func() []string {
			var out []string
			for _, p := range Procedures {
				out = append(out, `"`+p+`": [{"code": "received", "kind": "open"}, {"code": "granted", "kind": "decision"}]`)
			}
			return out
		}(), ",") + `}}`)},
		"status/en.json": {Data: []byte(`{"_default": {"received": {"title": "R", "meaning": "m", "action": "a", "next": "n"},
			"granted": {"title": "G", "meaning": "m", "action": "a", "next": "n"}}}`)},
		"status/fr.json": {Data: []byte(`{"_default": {"received": {"title": "R", "meaning": "m", "action": "a", "next": "n"}},
			"study": {"granted": {"title": "G", "meaning": "", "action": "a", "next": "n"}}}`)},
	}
	cat, err := LoadCatalog(fsys)
	if err != nil {
		t.Fatal(err)
	}
	missing := cat.Missing([]string{"en", "fr", "de"})
	for _, want := range []string{"fr asylum/granted title", "fr study/granted meaning", "de: no status file"} {
		if !slices.Contains(missing, want) {
			t.Errorf("Missing() lacks %q: %v", want, missing)
		}
	}
	if slices.ContainsFunc(missing, func(s string) bool { return strings.HasPrefix(s, "en ") }) {
		t.Errorf("complete language reported: %v", missing)
	}
	// Fallback: a procedure's own text first, then the default, then the chain.
	if got := cat.Text([]string{"fr", "en"}, "asylum", "granted"); got.Title != "G" || got.Lang != "en" {
		t.Errorf("fallback text: %+v", got)
	}
	if got := cat.Text([]string{"fr", "en"}, "study", "received"); got.Lang != "fr" {
		t.Errorf("default text: %+v", got)
	}
}

func TestParseDossierFieldErrors(t *testing.T) {
	s, _ := newTestService(t)
	valid := func() map[string]any {
		return body("asylum", [2]string{"received", day(-100)}, [2]string{"examination", day(-50)})
	}
	tests := []struct {
		name   string
		number string
		mod    func(map[string]any)
		want   []string // field:code
	}{
		{"valid", "12345678", func(map[string]any) {}, nil},
		{"bad number", "1234", func(map[string]any) {}, []string{"dossier:number"}},
		{"unknown procedure", "12345678", func(b map[string]any) { b["procedure"] = "piracy" }, []string{"procedure:procedure"}},
		{"future birth", "12345678", func(b map[string]any) { b["birth_date"] = day(3) }, []string{"birth_date:future"}},
		{"impossible date", "12345678", func(b map[string]any) { b["birth_date"] = "1990-02-30" }, []string{"birth_date:date"}},
		{"ancient birth", "12345678", func(b map[string]any) { b["birth_date"] = "1850-01-01" }, []string{"birth_date:too_old"}},
		{"wrong type", "12345678", func(b map[string]any) { b["received"] = 20260101.0 }, []string{"received:type"}},
		{"oversized", "12345678", func(b map[string]any) { b["first_name"] = strings.Repeat("x", 101) }, []string{"first_name:too_long"}},
		{"unknown field", "12345678", func(b map[string]any) { b["recieved"] = "x" }, []string{"recieved:unknown_field"}},
		{"unknown status", "12345678", func(b map[string]any) {
			b["events"].([]any)[1].(map[string]any)["code"] = "teleported"
		}, []string{"events[1].code:status"}},
		{"events out of order", "12345678", func(b map[string]any) {
			b["events"].([]any)[1].(map[string]any)["date"] = day(-200)
		}, []string{"events[1].date:order", "events[1].date:order"}},
		{"no events", "12345678", func(b map[string]any) { b["events"] = []any{} }, []string{"events:required"}},
		{"events not a list", "12345678", func(b map[string]any) { b["events"] = "received" }, []string{"events:type"}},
		{"bad access code", "12345678", func(b map[string]any) { b["access_code"] = "O0I1L" }, []string{"access_code:access_code"}},
		{"bad document", "12345678", func(b map[string]any) {
			b["documents"] = []any{map[string]any{"kind": "selfie", "due": day(10)}}
		}, []string{"documents[0].kind:document"}},
		{"bad appointment", "12345678", func(b map[string]any) { b["appointment"] = map[string]any{"at": "tomorrow"} }, []string{"appointment.at:datetime"}},
		{"many at once", "x", func(b map[string]any) { b["procedure"] = 3.0; b["language"] = "xx"; delete(b, "birth_date") },
			[]string{"dossier:number", "procedure:type", "birth_date:required", "language:language"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := valid()
			tt.mod(b)
			d, err := s.Parse(tt.number, b)
			var got []string
			var inv *refusal.Error
			if errors.As(err, &inv) {
				for _, f := range inv.Fields {
					got = append(got, f.Field+":"+f.Code)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("errors %v, want %v", got, want)
			}
			if tt.want == nil && (d.Status != "examination" || !d.Waiting || len(d.BirthHash) != 16) {
				t.Errorf("parsed %+v", d)
			}
		})
	}
}

func TestLookupGivesOneAnswerForEveryWrongDetail(t *testing.T) {
	s, st := newTestService(t)
	b := body("family", [2]string{"received", day(-30)})
	b["access_code"] = "K7P2-W9X4RT"
	if err := s.Put("10000001", b); err != nil {
		t.Fatal(err)
	}
	if _, err := byBirth(s, "10000001", "1990-01-01"); err != nil {
		t.Fatalf("right details: %v", err)
	}
	if _, err := byCode(s, "10000001", "k7p2w9x4rt"); err != nil {
		t.Fatalf("right code (typed in lower case): %v", err)
	}
	for _, tt := range []struct{ number, birth string }{
		{"10000001", "1990-01-02"}, // wrong birth date
		{"10000002", "1990-01-01"}, // number that does not exist
	} {
		if _, err := byBirth(s, tt.number, tt.birth); !errors.Is(err, ErrNoMatch) {
			t.Errorf("%s %s: %v, want ErrNoMatch", tt.number, tt.birth, err)
		}
		if st.failures[tt.number] != 1 {
			t.Errorf("%s: failure not counted", tt.number)
		}
	}
	// A birth date is not an access code and the other way round.
	if _, err := byCode(s, "10000001", "1990-01-01"); !errors.Is(err, ErrNoMatch) {
		t.Errorf("birth date as code: %v", err)
	}
	byBirth(s, "10000001", "1990-01-03")
	byBirth(s, "10000001", "1990-01-04")
	// Locked now: even the right answer is refused until the window ends.
	if _, err := byBirth(s, "10000001", "1990-01-01"); !errors.Is(err, ErrLocked) {
		t.Errorf("after %d failures: %v, want ErrLocked", st.failures["10000001"], err)
	}
}

// putDecidedStudies puts 25 decided study dossiers whose examination took
// 10, 20, ... 250 days.
func putDecidedStudies(t *testing.T, s *Service) {
	t.Helper()
	for i := range 25 {
		start := -400 + i
		b := body("study", [2]string{"received", day(start - 10)}, [2]string{"examination", day(start)},
			[2]string{"granted", day(start + 10*(i+1))})
		if err := s.Put(fmt.Sprintf("3%07d", i), b); err != nil {
			t.Fatal(err)
		}
	}
}

func TestEstimatesQueueAndOverdue(t *testing.T) {
	s, _ := newTestService(t)
	putDecidedStudies(t, s)
	// Three waiting ones, received on different days; the last is overdue
	// (legal deadline 90 days, 8 in 10 within 200 days).
	for i, received := range []int{-30, -20, -120} {
		b := body("study", [2]string{"received", day(received)}, [2]string{"examination", day(received + 5)})
		if err := s.Put(fmt.Sprintf("4%07d", i), b); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Refresh(); err != nil {
		t.Fatal(err)
	}
	a, err := byBirth(s, "40000001", "1990-01-01")
	if err != nil {
		t.Fatal(err)
	}
	if a.Estimate == nil || a.Estimate.N != 25 || a.Estimate.MedianDays != 130 || a.Estimate.P80Days != 200 {
		t.Fatalf("estimate %+v", a.Estimate)
	}
	if a.Estimate.MedianWeeks() != 19 || a.Estimate.P80Weeks() != 29 {
		t.Errorf("weeks %d %d", a.Estimate.MedianWeeks(), a.Estimate.P80Weeks())
	}
	if a.Position != 2 {
		t.Errorf("position %d, want 2 (received after two others still waiting)", a.Position)
	}
	if a.Overdue || a.AskFrom != day(-20+5+90) {
		t.Errorf("not yet overdue: %v ask from %s", a.Overdue, a.AskFrom)
	}
	old, _ := byBirth(s, "40000002", "1990-01-01")
	if !old.Overdue || old.Position != 0 {
		t.Errorf("overdue dossier: overdue %v position %d", old.Overdue, old.Position)
	}
	// A procedure with too few decided dossiers shows no estimate.
	if err := s.Put("50000000", body("work", [2]string{"received", day(-3)})); err != nil {
		t.Fatal(err)
	}
	if w, _ := byBirth(s, "50000000", "1990-01-01"); w.Estimate != nil {
		t.Errorf("estimate from no data: %+v", w.Estimate)
	}
}

// TestNoEstimateWhileIncomplete: a dossier with documents still to send,
// or in a status that waits for the applicant, gets no decision estimate
// and is never "overdue", however many comparable dossiers there are; a
// refusal is marked appealable.
func TestNoEstimateWhileIncomplete(t *testing.T) {
	s, _ := newTestService(t)
	for i := range 25 {
		start := -400 + i
		b := body("study", [2]string{"received", day(start - 20)}, [2]string{"incomplete", day(start - 10)},
			[2]string{"examination", day(start)}, [2]string{"granted", day(start + 10*(i+1))})
		if err := s.Put(fmt.Sprintf("3%07d", i), b); err != nil {
			t.Fatal(err)
		}
	}
	complete := body("study", [2]string{"received", day(-200)}, [2]string{"examination", day(-190)})
	missing := body("study", [2]string{"received", day(-200)}, [2]string{"examination", day(-190)})
	missing["documents"] = []any{map[string]any{"kind": DocumentKinds[0], "due": day(10)}}
	waiting := body("study", [2]string{"received", day(-200)}, [2]string{"incomplete", day(-190)})
	refused := body("study", [2]string{"received", day(-200)}, [2]string{"examination", day(-190)}, [2]string{"refused", day(-5)})
	for number, b := range map[string]map[string]any{"40000000": complete, "40000001": missing, "40000002": waiting, "40000003": refused} {
		if err := s.Put(number, b); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Refresh(); err != nil {
		t.Fatal(err)
	}
	lookup := func(number string) *Answer {
		t.Helper()
		a, err := byBirth(s, number, "1990-01-01")
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	if a := lookup("40000000"); a.Estimate == nil || !a.Overdue || a.Appealable {
		t.Errorf("complete dossier: estimate %v overdue %v appealable %v", a.Estimate, a.Overdue, a.Appealable)
	}
	if a := lookup("40000001"); a.Estimate != nil || a.Overdue || a.AskFrom != "" || len(a.Documents) != 1 {
		t.Errorf("documents missing: estimate %v overdue %v ask %q documents %v", a.Estimate, a.Overdue, a.AskFrom, a.Documents)
	}
	if a := lookup("40000002"); a.Estimate != nil || a.Overdue {
		t.Errorf("waiting for the applicant: estimate %v overdue %v", a.Estimate, a.Overdue)
	}
	if a := lookup("40000003"); !a.Appealable || a.Estimate != nil {
		t.Errorf("refused: appealable %v estimate %v", a.Appealable, a.Estimate)
	}
}

// TestSnapshotFollowsChanges checks when the background job recomputes
// positions: soon after any write, and otherwise only once stale.
func TestSnapshotFollowsChanges(t *testing.T) {
	cat, err := LoadCatalog(translations.FS)
	if err != nil {
		t.Fatal(err)
	}
	now := testNow
	s := New(newMemStore(), cat, Options{Key: []byte("k"), Failures: 3, Window: time.Minute, Langs: allLangs,
		Now: func() time.Time { return now }})
	stale := 10 * time.Minute
	position := func(number string) int {
		t.Helper()
		a, err := byBirth(s, number, "1990-01-01")
		if err != nil {
			t.Fatal(err)
		}
		return a.Position
	}
	for i, received := range []int{-30, -20} {
		if err := s.Put(fmt.Sprintf("6%07d", i), body("work", [2]string{"received", day(received)})); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.refreshIfDue(stale); err != nil {
		t.Fatal(err)
	}
	if p := position("60000001"); p != 1 {
		t.Fatalf("position %d, want 1", p)
	}
	// Nothing changed and the snapshot is fresh: the same snapshot stays.
	before := s.snap.Load()
	if err := s.refreshIfDue(stale); err != nil || s.snap.Load() != before {
		t.Fatalf("refreshed with nothing to do (%v)", err)
	}
	// The earlier dossier is decided: the next check moves the later one up.
	if _, err := s.AppendEvent("60000000", map[string]any{"id": "d", "code": "granted", "date": day(0)}); err != nil {
		t.Fatal(err)
	}
	if p := position("60000001"); p != 1 {
		t.Fatalf("position moved before the check: %d", p)
	}
	if err := s.refreshIfDue(stale); err != nil {
		t.Fatal(err)
	}
	if p := position("60000001"); p != 0 {
		t.Errorf("position %d after the check, want 0", p)
	}
	// A refused write changes nothing and calls for no refresh.
	before = s.snap.Load()
	if _, err := s.AppendEvent("69999999", map[string]any{"id": "x", "code": "granted", "date": day(0)}); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	if s.refreshIfDue(stale); s.snap.Load() != before {
		t.Error("a failed write caused a refresh")
	}
	// A quiet store is read again once the snapshot is stale.
	now = now.Add(stale)
	if s.refreshIfDue(stale); s.snap.Load() == before {
		t.Error("a stale snapshot was kept")
	}
}

func TestAppendEventIsIdempotent(t *testing.T) {
	s, _ := newTestService(t)
	if err := s.Put("10000001", body("asylum", [2]string{"received", day(-10)})); err != nil {
		t.Fatal(err)
	}
	ev := map[string]any{"id": "ev-9", "code": "examination", "date": day(-1), "note": "letter_sent"}
	d, err := s.AppendEvent("10000001", ev)
	if err != nil || d.Status != "examination" || len(d.Events) != 2 {
		t.Fatalf("append: %v %+v", err, d)
	}
	if _, err := s.AppendEvent("10000001", ev); !errors.Is(err, ErrDuplicateEvent) {
		t.Errorf("same id again: %v", err)
	}
	tests := []struct {
		number string
		ev     map[string]any
		want   error
	}{
		{"10000002", map[string]any{"id": "x", "code": "examination", "date": day(0)}, ErrNotFound},
		{"1000", ev, ErrInvalid},
		{"10000001", map[string]any{"code": "examination", "date": day(0)}, ErrInvalid},                // no id
		{"10000001", map[string]any{"id": "y", "code": "registered", "date": day(0)}, ErrInvalid},      // not an asylum status
		{"10000001", map[string]any{"id": "y", "code": "granted", "date": day(-5)}, ErrInvalid},        // before the last event
		{"10000001", map[string]any{"id": "y", "code": "granted", "date": day(2)}, ErrInvalid},         // future
		{"10000001", map[string]any{"id": "y", "code": "granted", "date": day(0), "x": 1}, ErrInvalid}, // unknown field
	}
	for _, tt := range tests {
		if _, err := s.AppendEvent(tt.number, tt.ev); !errors.Is(err, tt.want) {
			t.Errorf("%s %v: %v, want %v", tt.number, tt.ev, err, tt.want)
		}
	}
}

func TestParseLetter(t *testing.T) {
	tests := []struct {
		in           string
		number, code string
		ok           bool
	}{
		{"https://loket.example/status/letter#12345678.K7P2W9X4RT", "12345678", "K7P2W9X4RT", true},
		{"12345678.k7p2w9x4rt", "12345678", "K7P2W9X4RT", true},
		{" http://x/kiosk/status/letter#12345678.K7P2W9X4RT\n", "12345678", "K7P2W9X4RT", true},
		{"12345678", "", "", false},
		{"1234567.K7P2W9X4RT", "", "", false},
		{"12345678.K7P2W9X4R0", "", "", false}, // 0 is not in the alphabet
		{"12345678.K7P2W9X4RTT", "", "", false},
	}
	for _, tt := range tests {
		n, c, ok := ParseLetter(tt.in)
		if n != tt.number || c != tt.code || ok != tt.ok {
			t.Errorf("ParseLetter(%q) = %q %q %v", tt.in, n, c, ok)
		}
	}
	for range 20 {
		if c := NewAccessCode(); !ValidCode(c) {
			t.Errorf("NewAccessCode made %q", c)
		}
	}
	if u := LetterURL("https://loket.example/", "12345678", "K7P2W9X4RT"); u != "https://loket.example/status/letter#12345678.K7P2W9X4RT" {
		t.Errorf("LetterURL %q", u)
	}
}

func TestSamplesPerDecision(t *testing.T) {
	d := Dossier{Procedure: "asylum", Events: []Event{
		{Code: "received", Date: "2026-01-01"}, {Code: "examination", Date: "2026-01-11"},
		{Code: "refused", Date: "2026-02-10", Decision: true}, {Code: "appeal", Date: "2026-02-20"},
		{Code: "granted", Date: "2026-03-22", Decision: true}, {Code: "closed", Date: "2026-04-01"},
	}}
	got := fmt.Sprint(d.Samples())
	want := "[{asylum received 40} {asylum examination 30} {asylum appeal 30}]"
	if got != want {
		t.Errorf("samples %s, want %s", got, want)
	}
	h := Histogram{}
	for _, days := range []int{5, 1, 3, 2, 4, 6, 7, 8, 9, 10} {
		h[days]++
	}
	if e := h.estimate(testNow); e.MedianDays != 5 || e.P80Days != 8 || e.N != 10 {
		t.Errorf("estimate %+v", e)
	}
}

// TestProcessingTimes: the public figures per procedure and office-side
// status, hidden under the threshold, the same object until the next
// snapshot, and a CSV file a standard reader parses back.
func TestProcessingTimes(t *testing.T) {
	s, _ := newTestService(t)
	putDecidedStudies(t, s)
	// Three decided work dossiers: too few to publish.
	for i := range 3 {
		b := body("work", [2]string{"received", day(-100)}, [2]string{"granted", day(-50 + i)})
		if err := s.Put(fmt.Sprintf("5%07d", i), b); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Refresh(); err != nil {
		t.Fatal(err)
	}
	pt := s.ProcessingTimes()
	if pt != s.ProcessingTimes() {
		t.Error("computed twice for one snapshot")
	}
	if !pt.Computed.Equal(testNow.UTC()) || pt.MinSamples != 20 {
		t.Errorf("computed %v min %d", pt.Computed, pt.MinSamples)
	}
	find := func(procedure, status string) (ProcessingTime, bool) {
		for _, x := range pt.Times {
			if x.Procedure == procedure && x.Status == status {
				return x, true
			}
		}
		return ProcessingTime{}, false
	}
	exam, ok := find("study", "examination")
	if !ok || !exam.Shown || exam.MedianDays != 130 || exam.P80Days != 200 || exam.SampleSize != 25 || exam.MedianWeeks() != 19 {
		t.Errorf("study examination: %+v", exam)
	}
	if w, ok := find("work", "received"); !ok || w.Shown || w.SampleSize != 0 || w.MedianDays != 0 {
		t.Errorf("work received under the threshold: %+v", w)
	}
	if _, ok := find("study", "incomplete"); ok {
		t.Error("a status waiting for the applicant is published")
	}
	if _, ok := find("study", "granted"); ok {
		t.Error("a decision is published")
	}
	var b strings.Builder
	if err := pt.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(pt.Times)+1 || rows[0][0] != "procedure" || rows[0][4] != "sample_size" {
		t.Fatalf("csv header/rows: %d rows, header %v", len(rows), rows[0])
	}
	for _, r := range rows[1:] {
		if r[0] == "study" && r[1] == "examination" && (r[2] != "130" || r[3] != "200" || r[4] != "25") {
			t.Errorf("csv row %v", r)
		}
		if r[0] == "work" && r[2] != "" {
			t.Errorf("csv shows a hidden row: %v", r)
		}
	}
}

// TestSetTextReplacesALiveStatusText: the content editor's published text
// is served at once, in its language only; the shipped one stays known.
func TestSetTextReplacesALiveStatusText(t *testing.T) {
	cat, err := LoadCatalog(translations.FS)
	if err != nil {
		t.Fatal(err)
	}
	x := Text{Title: "Protection temporaire accordée !", Meaning: "m", Action: "a", Next: "n", Reviewed: true}
	if err := cat.SetText("fr", "temporary_protection", "granted", x); err != nil {
		t.Fatal(err)
	}
	if got := cat.Text([]string{"fr", "en"}, "temporary_protection", "granted"); got.Title != x.Title || !got.Edited || !got.Reviewed || got.Lang != "fr" {
		t.Errorf("live text: %+v", got)
	}
	if got := cat.Text([]string{"nl", "en"}, "temporary_protection", "granted"); got.Edited {
		t.Errorf("another language changed: %+v", got)
	}
	if shipped, ok := cat.ShippedText("fr", "temporary_protection", "granted"); !ok || shipped.Title == x.Title {
		t.Errorf("shipped: %+v", shipped)
	}
	if err := cat.SetText("fr", "asylum", "no_such_code", x); err == nil {
		t.Error("set a text for a status that does not exist")
	}
}

// TestGuardLocksPerDossierAndAddress is issue 14 item 4: a stranger's wrong
// answers lock the dossier for the stranger's address only; the slow brake
// on guesses from many addresses stops answers by birth date for everyone
// but leaves the letter's access code working; and one address has one
// budget of claims whatever the number.
func TestGuardLocksPerDossierAndAddress(t *testing.T) {
	cat, err := LoadCatalog(translations.FS)
	if err != nil {
		t.Fatal(err)
	}
	s := New(newMemStore(), cat, Options{Key: []byte("test key"), AddressLimit: 6, KioskLimit: 10, Failures: 3, Window: 15 * time.Minute,
		Brake: 8, BrakeWindow: 24 * time.Hour, Langs: allLangs, Now: func() time.Time { return testNow }})
	b := body("family", [2]string{"received", day(-30)})
	b["access_code"] = "K7P2-W9X4RT"
	if err := s.Put("10000001", b); err != nil {
		t.Fatal(err)
	}
	claim := func(client, by, secret string) error {
		_, err := s.Verify(Claim{Number: "10000001", By: by, Secret: secret, Client: client})
		return err
	}
	for i := range 3 {
		if err := claim("198.51.100.7", ByBirth, fmt.Sprintf("1970-01-0%d", i+1)); !errors.Is(err, ErrNoMatch) {
			t.Fatalf("wrong answer %d: %v", i, err)
		}
	}
	var held *Held
	if err := claim("198.51.100.7", ByBirth, "1990-01-01"); !errors.Is(err, ErrLocked) || !errors.As(err, &held) || held.Retry <= 0 {
		t.Errorf("the stranger's address after 3 wrong answers: %v, want ErrLocked with a retry time", err)
	}
	if err := claim("203.0.113.9", ByBirth, "1990-01-01"); err != nil {
		t.Errorf("the applicant, from another address: %v (a stranger locked them out)", err)
	}
	// An IPv6 /64 is one address: another host in it is the same client.
	for i := range 3 {
		claim(fmt.Sprintf("2001:db8:1:2::%d", i+1), ByBirth, "1971-01-01")
	}
	if err := claim("2001:db8:1:2::99", ByBirth, "1990-01-01"); !errors.Is(err, ErrLocked) {
		t.Errorf("another host of the same /64: %v, want ErrLocked", err)
	}
	// 6 wrong answers so far; two more from other addresses reach the brake.
	claim("192.0.2.10", ByBirth, "1972-01-01")
	claim("192.0.2.11", ByBirth, "1972-01-01")
	if err := claim("192.0.2.12", ByBirth, "1990-01-01"); !errors.Is(err, ErrPaused) {
		t.Errorf("right birth date after the brake: %v, want ErrPaused", err)
	}
	if err := claim("192.0.2.12", ByCode, "k7p2w9x4rt"); err != nil {
		t.Errorf("the letter's code after the brake: %v, want the answer", err)
	}
	// One address's budget counts every claim, right or wrong, any number.
	for i := range 6 {
		if _, err := s.Verify(Claim{Number: fmt.Sprint(20000000 + i), By: ByBirth, Secret: "1990-01-01", Client: "192.0.2.50"}); !errors.Is(err, ErrNoMatch) {
			t.Fatalf("claim %d within the budget: %v", i, err)
		}
	}
	if err := claim("192.0.2.50", ByCode, "k7p2w9x4rt"); !errors.Is(err, ErrTooMany) || !errors.As(err, &held) || held.Retry <= 0 {
		t.Errorf("claim over the address's budget: %v, want ErrTooMany with a retry time", err)
	}
	// A registered kiosk counts by its credential, in its own budget.
	for i := range 8 {
		if _, err := s.Verify(Claim{Number: fmt.Sprint(30000000 + i), By: ByBirth, Secret: "1990-01-01", Client: KioskClient("k1")}); !errors.Is(err, ErrNoMatch) {
			t.Fatalf("kiosk claim %d: %v, want its own budget (KioskLimit 10)", i, err)
		}
	}
}

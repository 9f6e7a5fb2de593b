package compose

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loket/server/bookings"
	"loket/server/queue"
	"loket/server/store"
)

// birthVerifier knows one dossier and its holder's birth date, and counts
// the questions it was asked.
type birthVerifier struct{ asked *int }

func (v birthVerifier) VerifyDossier(_ context.Context, dossier string, birth bookings.Date, _ string) (string, bool, error) {
	*v.asked++
	return "", dossier == "10000001" && birth.String() == "1990-01-01", nil
}

// TestCheckInByDossierFindsTodaysAppointment: the dossier's appointment of
// the day at the kiosk's office, the nearest to now; a wrong birth date is
// no match before any booking is looked at; another office's or another
// day's booking is no appointment.
func TestCheckInByDossierFindsTodaysAppointment(t *testing.T) {
	ctx := context.Background()
	zone, _ := time.LoadLocation("Europe/Brussels")
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, zone) // a Tuesday
	s, err := store.Open(filepath.Join(t.TempDir(), "loket.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	hours := map[string][]bookings.Period{"tue": {{From: 8 * 60, To: 17 * 60}}, "wed": {{From: 8 * 60, To: 17 * 60}}}
	svc := []bookings.Service{{ID: "documents", DurationMinutes: 10, Capacity: 2, HorizonDays: 5}}
	offices := []bookings.Office{
		{ID: "here", Name: "Here", Address: "1 Street", Languages: []string{"nl"}, Hours: hours, Services: svc},
		{ID: "there", Name: "There", Address: "2 Street", Languages: []string{"fr"}, Hours: hours, Services: svc},
	}
	asked := 0
	v := birthVerifier{&asked}
	m, err := bookings.New(bookings.Config{Secret: make([]byte, 32), Now: func() time.Time { return now }, SeveralPerDossier: true}, s, v, offices)
	if err != nil {
		t.Fatal(err)
	}
	birth, _ := bookings.ParseDate("1990-01-01")
	book := func(office string, h, min, days int) bookings.Booking {
		t.Helper()
		c, err := m.Book(ctx, bookings.Request{OfficeID: office, ServiceID: "documents", Dossier: "10000001", BirthDate: birth,
			Start: time.Date(2026, 12, 1+days, h, min, 0, 0, zone)})
		if err != nil {
			t.Fatal(err)
		}
		return c.Booking
	}
	book("here", 15, 0, 0)
	near := book("here", 9, 30, 0)
	book("there", 9, 10, 0)
	book("here", 9, 0, 1)
	l := bookingLookup{m, v}

	a, err := l.AppointmentOfDossier(ctx, "here", "k1", "10000001", "1990-01-01", now)
	if err != nil || a.Ref != string(near.Ref) || !a.Start.Equal(near.Start) {
		t.Fatalf("found %+v, %v; want %s at 09:30", a, err, near.Ref)
	}
	asked = 0
	if _, err := l.AppointmentOfDossier(ctx, "here", "k1", "10000001", "1990-01-02", now); !errors.Is(err, queue.ErrNoMatch) || asked != 1 {
		t.Errorf("wrong birth date: %v after %d questions", err, asked)
	}
	if _, err := l.AppointmentOfDossier(ctx, "here", "k1", "10000001", "31/02/1990", now); !errors.Is(err, queue.ErrNoMatch) {
		t.Errorf("impossible date: %v", err)
	}
	if _, err := l.AppointmentOfDossier(ctx, "there", "k1", "10000001", "1990-01-01", now.AddDate(0, 0, 1)); !errors.Is(err, queue.ErrNoAppointment) {
		t.Errorf("no booking there tomorrow: %v", err)
	}
}

// TestQueueFollowsChangedOffices: an office changed through the bookings
// manager (call languages, silent calls, a service renamed, one added, one
// deactivated) reaches the queue at once: the display's languages and
// sound, the names, a letter for the new service while the others keep
// theirs, and no walk-in ticket for the deactivated one.
func TestQueueFollowsChangedOffices(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(filepath.Join(t.TempDir(), "loket.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	zone, _ := time.LoadLocation("Europe/Brussels")
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, zone) // a Tuesday
	m, err := bookings.New(bookings.Config{Secret: make([]byte, 32), Now: func() time.Time { return now }}, s, nil, bookings.DemoOffices())
	if err != nil {
		t.Fatal(err)
	}
	q, err := NewQueue(s, m.Offices(), m, nil)
	if err != nil {
		t.Fatal(err)
	}
	followOffices(m, q, slog.New(slog.NewTextHandler(io.Discard, nil)))
	letters := func() map[string]string {
		o, _ := q.Office("demo-brussels")
		out := map[string]string{}
		for _, l := range o.Services {
			out[l.ID] = l.Letter
		}
		return out
	}
	before := letters()
	_, _, err = m.UpdateOffice(ctx, "demo-brussels", func(o *bookings.Office) error {
		o.CallLanguages, o.SilentCalls = []string{"nl", "ar"}, true
		o.Services[2].Names = map[string]string{"en": "Talk"}
		o.Services[0].Inactive = true
		o.Services = append(o.Services, bookings.Service{ID: "residence_card", DurationMinutes: 10, Capacity: 1, HorizonDays: 7,
			Names: map[string]string{"en": "Residence card"}})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	o, _ := q.Office("demo-brussels")
	if strings.Join(o.CallLanguages, " ") != "nl ar" || !o.Silent {
		t.Fatalf("display: %v silent %v", o.CallLanguages, o.Silent)
	}
	if l, _ := o.Service(o.Services[2].ID); l.Names["en"] != "Talk" {
		t.Fatalf("renamed service: %+v", l)
	}
	after := letters()
	for id, letter := range before {
		if after[id] != letter {
			t.Errorf("%s changed letter %s → %s", id, letter, after[id])
		}
	}
	if after["residence_card"] != "F" {
		t.Errorf("the new service's letter: %q", after["residence_card"])
	}
	open, err := q.OpenToday(ctx, "demo-brussels")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range open {
		if l.ID == "submit_documents" {
			t.Fatal("a deactivated service takes walk-ins")
		}
	}
	if _, err := q.TakeTicket(ctx, "demo-brussels", "submit_documents", "kiosk-1"); !errors.Is(err, queue.ErrClosedToday) {
		t.Fatalf("a walk-in ticket for a deactivated service: %v", err)
	}
}

package demo

import (
	"context"
	"testing"

	"loket/server/bookings"
)

type officeStore struct {
	saved []bookings.Office
	calls int
}

func (s *officeStore) Offices(context.Context) ([]bookings.Office, bool, error) {
	return s.saved, s.saved != nil, nil
}

func (s *officeStore) SaveOffices(_ context.Context, o []bookings.Office) error {
	s.saved = o
	s.calls++
	return nil
}

func TestSeedOfficesOnlyIntoAnEmptyStore(t *testing.T) {
	s := &officeStore{}
	for range 2 {
		if err := SeedOffices(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	if s.calls != 1 || len(s.saved) != len(bookings.DemoOffices()) {
		t.Fatalf("saved %d times, %d offices", s.calls, len(s.saved))
	}
	kept := &officeStore{saved: bookings.DemoOffices()[:1]}
	if err := SeedOffices(context.Background(), kept); err != nil || kept.calls != 0 {
		t.Errorf("administrators' offices were replaced: %d saves, %v", kept.calls, err)
	}
}

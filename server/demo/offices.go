package demo

import (
	"context"

	"loket/server/bookings"
)

// OfficeStore is what seeding the demo offices needs.
type OfficeStore interface {
	Offices(ctx context.Context) ([]bookings.Office, bool, error)
	SaveOffices(ctx context.Context, offices []bookings.Office) error
}

// SeedOffices saves the fictitious demo offices into a store that has no
// offices yet; offices an administrator saved are left alone.
func SeedOffices(ctx context.Context, s OfficeStore) error {
	_, ok, err := s.Offices(ctx)
	if err != nil || ok {
		return err
	}
	return s.SaveOffices(ctx, bookings.DemoOffices())
}

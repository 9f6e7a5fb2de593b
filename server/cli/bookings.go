package cli

import (
	"context"
	"fmt"
	"log/slog"

	"loket/server/bookings"
	"loket/server/config"
	"loket/server/demo"
	"loket/server/store"
)

// newBookings makes the appointments manager over the offices in the
// store; while it holds none, the -offices file's; with -demo, the demo
// offices are seeded first. Without any offices it returns nil and the
// appointment pages are left out.
func newBookings(cfg config.Config, s *store.Store, log *slog.Logger) (*bookings.Manager, error) {
	ctx := context.Background()
	if cfg.Demo {
		if err := demo.SeedOffices(ctx, s); err != nil {
			return nil, fmt.Errorf("demo offices: %w", err)
		}
	}
	offices, ok, err := s.Offices(ctx)
	if err != nil {
		return nil, err
	}
	if !ok && cfg.Offices != "" {
		if offices, err = bookings.LoadOfficesFile(cfg.Offices); err != nil {
			return nil, err
		}
		ok = true
	}
	if !ok {
		log.Info("no offices configured: appointments are off (use -offices FILE or -demo)")
		return nil, nil
	}
	secret, err := s.Secret("bookings")
	if err != nil {
		return nil, err
	}
	return bookings.New(bookings.Config{Secret: secret}, s, unknownDossiers{}, offices)
}

// unknownDossiers stands in for the dossiers package's check until it is
// connected: it knows no dossier, so services that require one refuse
// every booking with "file number and date of birth do not match".
type unknownDossiers struct{}

func (unknownDossiers) VerifyDossier(context.Context, string, bookings.Date) (string, bool, error) {
	return "", false, nil
}

package compose

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"loket/server/bookings"
	"loket/server/config"
	"loket/server/demo"
	"loket/server/dossiers"
)

// NewBookings makes the appointments manager over the offices in the
// store; while it holds none, the -offices file's; with -demo, the demo
// offices are seeded first. Without any offices it returns nil and the
// appointment pages are left out.
func NewBookings(cfg config.Config, s Store, log *slog.Logger, dos *dossiers.Service) (*bookings.Manager, error) {
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
	return bookings.New(bookings.Config{Secret: secret}, s, dossierCheck{dos}, offices)
}

// dossierCheck answers the bookings package's question "do this number and
// birth date belong together?" with the one guarded dossier check, which
// counts the claim like any lookup. A held claim answers no.
type dossierCheck struct{ d *dossiers.Service }

func (v dossierCheck) VerifyDossier(_ context.Context, number string, birth bookings.Date, client string) (string, bool, error) {
	a, err := v.d.Verify(dossiers.Claim{Number: number, By: dossiers.ByBirth, Secret: birth.String(), Client: client})
	var held *dossiers.Held
	switch {
	case errors.Is(err, dossiers.ErrNoMatch), errors.As(err, &held):
		return "", false, nil
	case err != nil:
		return "", false, err
	}
	return a.Procedure, true, nil
}

package compose

import (
	"context"
	"io"

	"loket/server/accounts"
	"loket/server/address"
	"loket/server/audit"
	"loket/server/bookings"
	"loket/server/demo"
	"loket/server/dossiers"
	"loket/server/editor"
	"loket/server/helpdesk"
	"loket/server/mandates"
	"loket/server/notify/delivery"
	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/stats"
	"loket/server/store"
	"loket/server/store/postgres"
	"loket/server/store/transfer"
	"loket/server/web/backoffice"
)

// Store is what the wiring hands the domains: the union of the interfaces
// they declare, with the named secrets and the imported lists. The
// embedded bbolt store (one machine) and the PostgreSQL store (several
// instances) both are one.
type Store interface {
	accounts.Store
	address.Store
	audit.Store
	bookings.Store
	demo.Store
	demo.OfficeStore
	dossiers.Store
	delivery.Store
	editor.Store
	helpdesk.Store
	mandates.Store
	mandates.TokenStore
	queue.Store
	queue.KioskStore
	receipts.Store
	receipts.KeyStore
	stats.Store
	backoffice.TokenStore
	// transfer.Store exports and imports every record ("loket migrate").
	transfer.Store
	// Municipalities is the imported municipality list, if any;
	// SaveMunicipalities replaces it ("loket municipalities import").
	Municipalities(ctx context.Context) ([]address.Municipality, bool, error)
	SaveMunicipalities(ctx context.Context, list []address.Municipality) error
	// Ping checks that the store answers (GET /healthz).
	Ping() error
	// The back-office feed's tokens, which "loket token" manages.
	CreateToken(t dossiers.APIToken) error
	Tokens() ([]dossiers.APIToken, error)
	RevokeToken(name string) (bool, error)
}

// OpenStore opens the store a command names: the PostgreSQL database at
// database (postgres://…, applying its pending schema steps), which
// several instances and commands share while they run; else the bbolt
// file data, with opts. The caller closes it.
func OpenStore(ctx context.Context, database, data string, opts store.Options) (Store, io.Closer, error) {
	if database != "" {
		s, err := postgres.Open(ctx, database, postgres.Options{})
		if err != nil {
			return nil, nil, err
		}
		return s, s, nil
	}
	s, err := store.Open(data, opts)
	if err != nil {
		return nil, nil, err
	}
	return s, s, nil
}

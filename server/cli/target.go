package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"loket/server/compose"
	"loket/server/config"
	"loket/server/store"
)

// target is the store a command works on: the PostgreSQL database of
// -database, which the servers share and which commands use while they
// run; else the bbolt file of -data.
type target struct {
	data, database *string
}

// targetFlags adds -data and -database (default LOKET_DATABASE_URL) to a
// command's flags.
func targetFlags(fs *flag.FlagSet, getenv env, dataUsage string) target {
	return target{
		data: fs.String("data", orDefault(getenv("LOKET_DATA"), "loket.db"), dataUsage),
		database: fs.String("database", getenv(config.DatabaseEnv),
			"PostgreSQL URL, postgres://… (default "+config.DatabaseEnv+"): instead of -data, even while servers run"),
	}
}

// postgres reports whether the command works on PostgreSQL.
func (t target) postgres() bool { return *t.database != "" }

// String names the store in messages: the file, or "the PostgreSQL
// database" (the URL may hold a password).
func (t target) String() string {
	if t.postgres() {
		return "the PostgreSQL database"
	}
	return *t.data
}

// open opens the store. A bbolt file that a running server holds is
// refused with a message saying so (errors.Is store.ErrLocked).
func (t target) open() (compose.Store, io.Closer, error) {
	s, closer, err := compose.OpenStore(context.Background(), *t.database, *t.data, store.Options{LockTimeout: 500 * time.Millisecond})
	if errors.Is(err, store.ErrLocked) {
		return nil, nil, fmt.Errorf("a running server holds %s: stop it first, or use the staff console: %w", *t.data, err)
	}
	return s, closer, err
}

// Package store keeps Loket's data in an embedded bbolt file.
//
// It is the only package that imports bbolt. Domain packages declare the
// small interfaces they need; *Store satisfies them all. Every write is one
// bbolt transaction, so a failed write leaves nothing half-done.
package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"loket/server/notify"
)

// Sentinel errors of the store itself. Domain-level refusals (a full slot, a
// locked dossier) are the domain packages' own errors, returned from here.
var (
	ErrLocked   = errors.New("store: data file is locked by another process")
	ErrCorrupt  = errors.New("store: data file is not a valid Loket store")
	ErrReadOnly = errors.New("store: data file cannot be written")
	ErrTooNew   = errors.New("store: data file was written by a newer Loket")
)

// Options tune how the store opens its file.
type Options struct {
	// LockTimeout bounds the wait for another process's lock on the file.
	LockTimeout time.Duration
	// NoSync skips fsync; only for benchmarks and tests that measure other things.
	NoSync bool
	// ReadOnly opens the file for reading only (maintenance, a copy under
	// inspection, a full disk): every write fails with ErrReadOnly. The
	// file must already have every schema step.
	ReadOnly bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Notify plans the notifications each change queues in the outbox;
	// nil means notify.NewPlanner's defaults.
	Notify *notify.Planner
}

// Store is the bbolt-backed store.
type Store struct {
	db       *bolt.DB
	now      func() time.Time
	readOnly bool
	planner  *notify.Planner
	// wake receives after a commit that queued notifications.
	wake chan struct{}
}

// Open opens (creating if needed) the data file at path and runs pending
// migrations. A file that is locked, corrupt or written by a newer version
// gives a clear error wrapping one of the sentinels above.
func Open(path string, opts Options) (*Store, error) {
	if opts.LockTimeout == 0 {
		opts.LockTimeout = 2 * time.Second
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("store: open %s read-only: %w", path, err)
		}
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.LockTimeout, NoSync: opts.NoSync, ReadOnly: opts.ReadOnly,
		FreelistType: bolt.FreelistMapType, MmapFlags: mmapFlags})
	if err != nil {
		switch {
		case errors.Is(err, berrors.ErrTimeout):
			return nil, fmt.Errorf("%w: %s", ErrLocked, path)
		case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
			return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
		case errors.Is(err, os.ErrPermission):
			return nil, fmt.Errorf("%w: %s: %v", ErrReadOnly, path, err)
		}
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Bookings and other hot writes go through DB.Batch; a short batch
	// window shares each fsync among concurrent writers without making a
	// lone writer wait long.
	db.MaxBatchDelay = 2 * time.Millisecond
	s := &Store{db: db, now: opts.Now, readOnly: opts.ReadOnly, planner: opts.Notify, wake: make(chan struct{}, 1)}
	if s.now == nil {
		s.now = time.Now
	}
	if s.planner == nil {
		s.planner = notify.NewPlanner(notify.Policy{})
	}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// checkHeader refuses a non-empty file that is too short to be a bbolt
// file, which bbolt itself may otherwise report in confusing ways.
func checkHeader(path string) error {
	fi, err := os.Stat(path)
	if err != nil || fi.Size() == 0 {
		return nil
	}
	if fi.Size() < 4096 {
		return fmt.Errorf("%w: %s is only %d bytes", ErrCorrupt, path, fi.Size())
	}
	return nil
}

// Close closes the data file.
func (s *Store) Close() error { return s.db.Close() }

// Path is the data file's path.
func (s *Store) Path() string { return s.db.Path() }

// Backup writes a consistent, compacted copy of the whole store to w
// while it keeps serving (one read snapshot): records deleted before are
// not in it, not even in free pages (see compactTo).
func (s *Store) Backup(w io.Writer) (int64, error) {
	return s.compactTo(w)
}

// Size is the data file's size in bytes.
func (s *Store) Size() int64 {
	var n int64
	_ = s.db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n
}

// Ping checks that the store answers a read.
func (s *Store) Ping() error {
	return s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta) == nil || tx.Bucket(bucketMigrations) == nil {
			return ErrCorrupt
		}
		return nil
	})
}

// update runs fn in one write transaction and maps disk errors to ErrReadOnly.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	err := s.db.Update(fn)
	if isDiskError(err) {
		return fmt.Errorf("%w: %v", ErrReadOnly, err)
	}
	return err
}

// batch is update through bbolt's group commit: many concurrent writers
// share one fsync. fn may run more than once, so it must be idempotent.
func (s *Store) batch(fn func(tx *bolt.Tx) error) error {
	err := s.db.Batch(fn)
	if isDiskError(err) {
		return fmt.Errorf("%w: %v", ErrReadOnly, err)
	}
	return err
}

func (s *Store) view(fn func(tx *bolt.Tx) error) error { return s.db.View(fn) }

func isDiskError(err error) bool {
	if err == nil {
		return false
	}
	var pe *os.PathError
	return errors.Is(err, berrors.ErrDatabaseReadOnly) || errors.As(err, &pe) ||
		errors.Is(err, os.ErrPermission)
}

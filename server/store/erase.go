package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// bucketScrub is a scratch bucket that only scrubFree creates and
// deletes again; it never outlives that call.
var bucketScrub = []byte("scrub")

// scrubFree overwrites the file's free pages, so that records deleted by
// a purge do not survive in them. bbolt writes copy-on-write: deleting a
// record frees the page it was on (and earlier versions of it stay in
// pages freed before), and a freed page keeps its bytes until it is used
// again. Filling a scratch bucket takes every free page and writes zeros
// over it; deleting the bucket frees them again, now blank. A read
// transaction still open holds back the pages it may read: those are
// scrubbed by the next purge.
func (s *Store) scrubFree() error {
	if s.readOnly {
		return nil
	}
	st := s.db.Stats()
	pageSize := s.db.Info().PageSize
	// About three values a page; twice the free pages, so that every
	// free page is taken even when a few holding pages' bookkeeping
	// also needs one. The overshoot grows the file by at most as much.
	value := make([]byte, pageSize/4)
	n := 2 * 4 * (st.FreePageN + st.PendingPageN + 1)
	err := s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketScrub)
		if err != nil {
			return err
		}
		b.FillPercent = 1
		for i := range n {
			if err := b.Put(itob(uint64(i)), value); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: scrub free pages: %w", err)
	}
	if err := s.update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketScrub) }); err != nil {
		return fmt.Errorf("store: scrub free pages: %w", err)
	}
	return nil
}

// compactTo writes a compacted copy of the store to w: only the records
// alive in one read snapshot, on fresh pages (bbolt Compact), so nothing
// deleted before, still lying in the live file's free pages, reaches a
// backup. It goes through a temporary file beside the data file.
func (s *Store) compactTo(w io.Writer) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(s.db.Path()), ".loket-backup-*")
	if err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	path := tmp.Name()
	tmp.Close()
	defer os.Remove(path)
	dst, err := bolt.Open(path, 0o600, &bolt.Options{NoSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	if err := bolt.Compact(dst, s.db, 64<<20); err != nil {
		dst.Close()
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	if err := dst.Close(); err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	defer f.Close()
	return io.Copy(w, f)
}

package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"loket/server/stats"
)

// bucketUsage holds the self-service counts of schema step
// 0009-mandates-stats: day|event|channel|lang|office|procedure|category ->
// 8-byte big-endian count. Keys start with the day, so a period is a range.
var bucketUsage = []byte("usage_stats")

var _ stats.Store = (*Store)(nil)

// AddStats adds every count in one transaction.
func (s *Store) AddStats(counts map[string]uint64) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketUsage)
		for k, n := range counts {
			var old uint64
			if v := b.Get([]byte(k)); len(v) == 8 {
				old = binary.BigEndian.Uint64(v)
			}
			if err := b.Put([]byte(k), itob(old+n)); err != nil {
				return fmt.Errorf("store: stats: %w", err)
			}
		}
		return nil
	})
}

// Stats reads the counts of days from..to, both included.
func (s *Store) Stats(from, to string) (map[string]uint64, error) {
	out := map[string]uint64{}
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketUsage).Cursor()
		end := to + "|\xff"
		for k, v := c.Seek([]byte(from)); k != nil && string(k) <= end; k, v = c.Next() {
			if len(v) == 8 {
				out[string(k)] = binary.BigEndian.Uint64(v)
			}
		}
		return nil
	})
	return out, err
}

package store

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"loket/server/bookings"
)

// bucketOffices holds the offices as administrators last saved them, under
// the single key officesKey, so an edit in the admin console survives a
// restart without rewriting the configuration file.
var bucketOffices = []byte("booking_offices")

var officesKey = []byte("offices")

// SaveOffices validates and stores the whole set of offices.
func (s *Store) SaveOffices(ctx context.Context, offices []bookings.Office) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := bookings.ValidateOffices(offices); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error { return put(tx, bucketOffices, officesKey, offices) })
}

// Offices loads the stored offices; ok is false when none were saved yet
// (then the configuration file or the demo offices apply).
func (s *Store) Offices(ctx context.Context) (offices []bookings.Office, ok bool, err error) {
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	err = s.view(func(tx *bolt.Tx) error {
		ok, err = get(tx, bucketOffices, officesKey, &offices)
		return err
	})
	return offices, ok, err
}

package store

import (
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"
)

var (
	bucketMeta       = []byte("meta")
	bucketMigrations = []byte("migrations")
)

// migration is one forward-only step of the schema, known by a unique id
// ("0003-bookings"). The pending steps run in one transaction together with
// the record that they ran, so a crash mid-way leaves them to run again at
// the next start. Steps run in id order; the store remembers which ran, not a single
// number, so steps added on parallel branches cannot be skipped.
type migration struct {
	id string
	up func(tx *bolt.Tx) error
}

// createBuckets is the usual migration body: make the named buckets.
func createBuckets(names ...[]byte) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		for _, n := range names {
			if _, err := tx.CreateBucketIfNotExists(n); err != nil {
				return err
			}
		}
		return nil
	}
}

// migrations lists every schema step in the order of their numbers. Add
// new ones at the end with the next number; never edit or rename a step
// that has shipped (its name is its id in the data file: two steps made in
// parallel share 0011 and keep their names).
var migrations = []migration{
	{"0001-meta", createBuckets(bucketMeta)},
	{"0002-dossiers", createBuckets(bucketDossiers, bucketFailures, bucketStats, bucketQueue, bucketTokens)},
	{"0003-bookings", createBuckets(bucketBookings, bucketBookingSlots, bucketBookingStarts, bucketBookingCreated,
		bucketBookingDossiers, bucketBookingIdem, bucketBookingPINs, bucketOffices)},
	{"0004-receipts", createBuckets(bucketReceipts, bucketReceiptKeys)},
	{"0005-queue", createBuckets(bucketQueueTickets, bucketQueueDay, bucketQueueWaiting, bucketQueueTokens,
		bucketQueueCounters, bucketQueueArrivals, bucketKiosks, bucketKioskCodes, bucketKioskSecrets)},
	{"0006-accounts", createBuckets(bucketAccounts, bucketAccountEmails, bucketSessions, bucketAudit)},
	{"0007-address", createBuckets(bucketAddress, bucketAddressByMuni, bucketAddressByCreated, bucketAddressByDepart,
		bucketAddressMeta)},
	{"0008-helpdesk", createBuckets(bucketHelpdesk, bucketHelpdeskByCreated, bucketHelpdeskCanned)},
	{"0009-mandates-stats", createBuckets(bucketMandates, bucketMandateDossiers, bucketMandateLawyers, bucketMandateCodes,
		bucketLawyers, bucketLawyerFeeds, bucketUsage)},
	{"0010-notify", createBuckets(bucketNotifySubs, bucketNotifySubsBySubject, bucketNotifyMsgs, bucketNotifyKeys,
		bucketNotifyDue, bucketNotifyBySubject)},
	{"0011-lawyer-api-tokens", createBuckets(bucketLawyerTokens, bucketLawyerTokenHashes, bucketLawyerTokensByLawyer)},
	{"0011-content-revisions", createBuckets(bucketContentRevisions, bucketContentLive)},
	{"0012-notify-new", createNotifyNew},
	{"0013-mandate-code-dossiers", indexMandateCodes},
}

// Migrations lists the ids of the schema steps the file has run, in order.
func (s *Store) Migrations() ([]string, error) {
	var ids []string
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMigrations)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, _ []byte) error { ids = append(ids, string(k)); return nil })
	})
	return ids, err
}

func (s *Store) migrate() error {
	applied, err := s.Migrations()
	if err != nil {
		return err
	}
	known := make(map[string]bool, len(migrations))
	for _, m := range migrations {
		known[m.id] = true
	}
	done := make(map[string]bool, len(applied))
	for _, id := range applied {
		if !known[id] {
			return fmt.Errorf("%w: it has schema step %q that this build does not know", ErrTooNew, id)
		}
		done[id] = true
	}
	steps := append([]migration(nil), migrations...)
	sort.Slice(steps, func(i, j int) bool { return steps[i].id < steps[j].id })
	var pending []migration
	for _, m := range steps {
		if done[m.id] {
			continue
		}
		if s.readOnly {
			return fmt.Errorf("%w: schema step %s has not run on this file; open it once for writing", ErrReadOnly, m.id)
		}
		pending = append(pending, m)
	}
	if len(pending) == 0 {
		return nil
	}
	// All pending steps in one transaction: one fsync at start, and a
	// crash leaves the file as it was before any of them.
	return s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketMigrations)
		if err != nil {
			return err
		}
		for _, m := range pending {
			if err := m.up(tx); err != nil {
				return fmt.Errorf("store: schema step %s: %w", m.id, err)
			}
			if err := b.Put([]byte(m.id), []byte(s.now().UTC().Format("2006-01-02T15:04:05Z"))); err != nil {
				return err
			}
		}
		return nil
	})
}

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
	// formerly is the id the step had before it was renumbered: a file
	// that ran it under that id has run it, and the next write open
	// records it under id (keeping when it ran).
	formerly string
	up       func(tx *bolt.Tx) error
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
// new ones at the end with the next number; never edit a step that has
// shipped. A shipped step's id is in data files: to renumber one, keep its
// old id in formerly (two steps made in parallel once shared 0011; the
// content revisions became 0013).
var migrations = []migration{
	{id: "0001-meta", up: createBuckets(bucketMeta)},
	{id: "0002-dossiers", up: createBuckets(bucketDossiers, bucketFailures, bucketStats, bucketQueue, bucketTokens)},
	{id: "0003-bookings", up: createBuckets(bucketBookings, bucketBookingSlots, bucketBookingStarts, bucketBookingCreated,
		bucketBookingDossiers, bucketBookingIdem, bucketBookingPINs, bucketOffices)},
	{id: "0004-receipts", up: createBuckets(bucketReceipts, bucketReceiptKeys)},
	{id: "0005-queue", up: createBuckets(bucketQueueTickets, bucketQueueDay, bucketQueueWaiting, bucketQueueTokens,
		bucketQueueCounters, bucketQueueArrivals, bucketKiosks, bucketKioskCodes, bucketKioskSecrets)},
	{id: "0006-accounts", up: createBuckets(bucketAccounts, bucketAccountEmails, bucketSessions, bucketAudit)},
	{id: "0007-address", up: createBuckets(bucketAddress, bucketAddressByMuni, bucketAddressByCreated, bucketAddressByDepart,
		bucketAddressMeta)},
	{id: "0008-helpdesk", up: createBuckets(bucketHelpdesk, bucketHelpdeskByCreated, bucketHelpdeskCanned)},
	{id: "0009-mandates-stats", up: createBuckets(bucketMandates, bucketMandateDossiers, bucketMandateLawyers, bucketMandateCodes,
		bucketLawyers, bucketLawyerFeeds, bucketUsage)},
	{id: "0010-notify", up: createBuckets(bucketNotifySubs, bucketNotifySubsBySubject, bucketNotifyMsgs, bucketNotifyKeys,
		bucketNotifyDue, bucketNotifyBySubject)},
	{id: "0011-lawyer-api-tokens", up: createBuckets(bucketLawyerTokens, bucketLawyerTokenHashes, bucketLawyerTokensByLawyer)},
	{id: "0012-notify-new", up: createNotifyNew},
	{id: "0013-content-revisions", formerly: "0011-content-revisions", up: createBuckets(bucketContentRevisions, bucketContentLive)},
	{id: "0015-escalation-names", up: renameEscalations},
	{id: "0016-mandate-code-dossiers", up: indexMandateCodes},
	{id: "0017-notify-changes", up: createNotifyChanges},
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
	known := make(map[string]string, len(migrations))
	for _, m := range migrations {
		known[m.id] = m.id
		if m.formerly != "" {
			known[m.formerly] = m.id
		}
	}
	done := make(map[string]bool, len(applied))
	renamed := map[string]string{} // old id -> current id
	for _, id := range applied {
		now, ok := known[id]
		if !ok {
			return fmt.Errorf("%w: it has schema step %q that this build does not know", ErrTooNew, id)
		}
		if now != id {
			renamed[id] = now
		}
		done[now] = true
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
	if len(pending) == 0 && (len(renamed) == 0 || s.readOnly) {
		return nil
	}
	// All pending steps in one transaction, with the renumbered records:
	// one fsync at start, and a crash leaves the file as it was before.
	return s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketMigrations)
		if err != nil {
			return err
		}
		for old, now := range renamed {
			ran := append([]byte(nil), b.Get([]byte(old))...)
			if err := b.Delete([]byte(old)); err != nil {
				return err
			}
			if err := b.Put([]byte(now), ran); err != nil {
				return err
			}
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

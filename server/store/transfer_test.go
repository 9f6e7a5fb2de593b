package store

import (
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"loket/server/store/transfer"
)

// Where each kind of record that "loket migrate" copies lives, and the
// buckets it does not copy: indexes each store rebuilds from the records,
// and what is left behind (transfer.NotCopied says why).
var (
	copiedBuckets = map[string]string{
		"meta": "meta", "booking_offices": "documents", "address_meta": "documents",
		"dossiers": "dossiers", "dossier_stats": "dossier_stats", "api_tokens": "api_tokens",
		"bookings": "bookings", "booking_slots": "booking_slots", "booking_dossiers": "booking_dossiers",
		"booking_pins": "booking_pins", "receipts": "receipts", "receipt_keys": "receipt_keys",
		"accounts": "accounts", "sessions": "sessions", "audit": "audit", "queue_tickets": "queue_tickets",
		"queue_counters": "queue_counters", "kiosks": "kiosks", "address": "address_notifications",
		"helpdesk": "escalations", "helpdesk_canned": "canned_answers", "mandates": "mandates",
		"mandate_codes": "mandate_codes", "lawyers": "lawyers", "lawyer_tokens": "lawyer_tokens",
		"usage_stats": "usage_stats", "notify_subs": "notify_subscriptions", "notify_msgs": "notify_messages",
		"changes": "notify_changes", "content_revisions": "content_revisions",
	}
	rebuiltBuckets = []string{"dossier_queue", "booking_starts", "booking_created", "booking_idem", "account_emails",
		"queue_day", "queue_waiting", "queue_tokens", "queue_arrivals", "kiosk_codes", "kiosk_secrets",
		"address_by_muni", "address_by_created", "address_by_departure", "helpdesk_by_created",
		"mandate_dossiers", "mandate_lawyers", "mandate_code_dossiers", "lawyer_feeds", "lawyer_token_hashes",
		"lawyer_tokens_by_lawyer", "notify_subs_by_subject", "notify_keys", "notify_due", "notify_by_subject",
		"content_live"}
	leftBuckets = []string{"migrations", "dossier_failures"}
)

// TestEveryBucketIsCopiedOrRebuilt: every bucket of a store at the
// latest schema step holds a kind that "loket migrate" copies, or is an
// index it rebuilds, or is left behind on purpose; and the store exports
// and imports exactly the kinds package transfer copies. A new bucket
// fails this test until it is one of the three.
func TestEveryBucketIsCopiedOrRebuilt(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "loket.db"), Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	known := map[string]bool{}
	for _, b := range append(rebuiltBuckets, leftBuckets...) {
		known[b] = true
	}
	err = s.view(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			kind, copied := copiedBuckets[string(name)]
			switch {
			case copied:
				if _, ok := transfer.KindNamed(kind); !ok {
					t.Errorf("bucket %s: kind %s is not one that transfer copies", name, kind)
				}
			case !known[string(name)]:
				t.Errorf("bucket %s is neither copied by loket migrate (a kind in server/store/transfer), nor an index it rebuilds, nor left behind on purpose", name)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range transfer.Kinds {
		if _, ok := recordKinds[k.Name]; !ok {
			t.Errorf("the bbolt store neither exports nor imports kind %s", k.Name)
		}
	}
	if len(recordKinds) != len(transfer.Kinds) {
		t.Errorf("the bbolt store knows %d kinds, transfer copies %d", len(recordKinds), len(transfer.Kinds))
	}
}

package store

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"loket/server/receipts"
	"loket/server/stats"
)

// Stored names from when a helpdesk escalation was also called a ticket.
const (
	oldEscalationReceipt = "escalation_ticket"
	oldEscalationEvent   = "helpdesk_ticket"
)

// renameEscalations is schema step 0015-escalation-names: "ticket" names
// a queue ticket only. Receipts of kind "escalation_ticket" become kind
// "escalation" (their tokens carry the kind's code, so they verify as
// before), and counts of the statistics event "helpdesk_ticket" are added
// to "escalation" under the same day and dimensions.
func renameEscalations(tx *bolt.Tx) error {
	rb := tx.Bucket(bucketReceipts)
	renamed := map[string]receipts.Receipt{}
	err := rb.ForEach(func(k, v []byte) error {
		var r receipts.Receipt
		if err := decode(v, &r); err != nil {
			return fmt.Errorf("receipt %s: %w", k, err)
		}
		if r.Kind == oldEscalationReceipt {
			r.Kind = receipts.KindEscalation
			renamed[string(k)] = r
		}
		return nil
	})
	if err != nil {
		return err
	}
	for id, r := range renamed {
		if err := put(tx, bucketReceipts, []byte(id), r); err != nil {
			return err
		}
	}

	ub := tx.Bucket(bucketUsage)
	var old [][]byte
	add := map[string]uint64{}
	err = ub.ForEach(func(k, v []byte) error {
		day, rest, _ := bytes.Cut(k, []byte("|"))
		event, dims, _ := bytes.Cut(rest, []byte("|"))
		if string(event) == oldEscalationEvent && len(v) == 8 {
			old = append(old, bytes.Clone(k))
			add[string(day)+"|"+stats.Escalation+"|"+string(dims)] += binary.BigEndian.Uint64(v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range old {
		if err := ub.Delete(k); err != nil {
			return err
		}
	}
	for k, n := range add {
		var had uint64
		if v := ub.Get([]byte(k)); len(v) == 8 {
			had = binary.BigEndian.Uint64(v)
		}
		if err := ub.Put([]byte(k), itob(had+n)); err != nil {
			return err
		}
	}
	return nil
}

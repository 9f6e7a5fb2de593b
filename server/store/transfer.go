package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/accounts"
	"loket/server/address"
	"loket/server/audit"
	"loket/server/dossiers"
	"loket/server/editor"
	"loket/server/helpdesk"
	"loket/server/mandates"
	"loket/server/notify"
	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/store/transfer"
)

var _ transfer.Store = (*Store)(nil)

// recordKind is how the bbolt store exports and imports one kind of
// record of package transfer: export reads it in a read transaction,
// load writes one document and its index entries in a write transaction.
type recordKind struct {
	export func(tx *bolt.Tx, emit func(v any) error) error
	load   func(tx *bolt.Tx, doc []byte) error
}

// ExportRecords calls fn with every record of kind, in one read transaction.
func (s *Store) ExportRecords(ctx context.Context, kind string, fn func(doc []byte) error) error {
	k, ok := recordKinds[kind]
	if !ok {
		return fmt.Errorf("store: no records of kind %q", kind)
	}
	return s.view(func(tx *bolt.Tx) error {
		return k.export(tx, func(v any) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			b, err := json.Marshal(v)
			if err != nil {
				return err
			}
			return fn(b)
		})
	})
}

// ImportRecords writes docs of kind with their index entries in one write
// transaction. A record whose key the store holds already is refused.
func (s *Store) ImportRecords(ctx context.Context, kind string, docs [][]byte) error {
	k, ok := recordKinds[kind]
	if !ok {
		return fmt.Errorf("store: no records of kind %q", kind)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		for _, d := range docs {
			if err := k.load(tx, d); err != nil {
				return fmt.Errorf("store: %s: %w", kind, err)
			}
		}
		return nil
	})
}

// values emits every value of a bucket of JSON values as it is stored.
func values(bucket []byte, skip ...[]byte) func(tx *bolt.Tx, emit func(v any) error) error {
	return func(tx *bolt.Tx, emit func(v any) error) error {
		return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
			for _, s := range skip {
				if bytes.Equal(k, s) {
					return nil
				}
			}
			var raw json.RawMessage
			if err := decode(v, &raw); err != nil {
				return err
			}
			return emit(raw)
		})
	}
}

// insert stores v under key in bucket, refusing a key already there.
func insert(tx *bolt.Tx, bucket, key []byte, v any) error {
	if tx.Bucket(bucket).Get(key) != nil {
		return fmt.Errorf("%s %q exists", bucket, key)
	}
	return put(tx, bucket, key, v)
}

// entry is an index entry: key -> val in bucket.
type entry = struct{ bucket, key, val []byte }

// putIndex adds index entries.
func putIndex(tx *bolt.Tx, entries ...entry) error {
	for _, e := range entries {
		if err := tx.Bucket(e.bucket).Put(e.key, e.val); err != nil {
			return err
		}
	}
	return nil
}

// raiseSequence makes a bucket's sequence at least n, so ids it hands out
// next follow the imported ones.
func raiseSequence(b *bolt.Bucket, n uint64) error {
	if b.Sequence() >= n {
		return nil
	}
	return b.SetSequence(n)
}

// seqOf is the number of an id "<prefix><n>".
func seqOf(id, prefix string) (uint64, error) {
	n, err := strconv.ParseUint(strings.TrimPrefix(id, prefix), 10, 64)
	if err != nil || !strings.HasPrefix(id, prefix) {
		return 0, fmt.Errorf("id %q is not %s<number>", id, prefix)
	}
	return n, nil
}

// documentBuckets is where each single document of kind "documents" lives.
var documentBuckets = map[string]struct{ bucket, key []byte }{
	"offices":        {bucketOffices, officesKey},
	"municipalities": {bucketAddressMeta, keyMunicipalities},
	"address_stats":  {bucketAddressMeta, keyAddressStats},
}

var recordKinds = map[string]recordKind{
	"meta": {
		export: func(tx *bolt.Tx, emit func(any) error) error {
			return tx.Bucket(bucketMeta).ForEach(func(k, v []byte) error {
				return emit(transfer.Pair{Key: string(k), Value: v})
			})
		},
		load: func(tx *bolt.Tx, doc []byte) error {
			var p transfer.Pair
			if err := json.Unmarshal(doc, &p); err != nil {
				return err
			}
			if p.Key != "demo" && !strings.HasPrefix(p.Key, "secret/") {
				return fmt.Errorf("unknown key %q", p.Key)
			}
			return tx.Bucket(bucketMeta).Put([]byte(p.Key), p.Value)
		},
	},
	"documents": {
		export: func(tx *bolt.Tx, emit func(any) error) error {
			for name, at := range documentBuckets {
				if v := tx.Bucket(at.bucket).Get(at.key); v != nil {
					var raw json.RawMessage
					if err := decode(v, &raw); err != nil {
						return err
					}
					if err := emit(transfer.Doc{Key: name, Doc: raw}); err != nil {
						return err
					}
				}
			}
			return nil
		},
		load: func(tx *bolt.Tx, doc []byte) error {
			var d transfer.Doc
			if err := json.Unmarshal(doc, &d); err != nil {
				return err
			}
			at, ok := documentBuckets[d.Key]
			if !ok {
				return fmt.Errorf("unknown document %q", d.Key)
			}
			return insert(tx, at.bucket, at.key, d.Doc)
		},
	},
	"dossiers": {
		export: func(tx *bolt.Tx, emit func(any) error) error {
			return tx.Bucket(bucketDossiers).ForEach(func(_, v []byte) error {
				var d dossiers.Dossier
				if err := decodeDossier(v, &d); err != nil {
					return err
				}
				return emit(d)
			})
		},
		load: func(tx *bolt.Tx, doc []byte) error {
			var d dossiers.Dossier
			if err := json.Unmarshal(doc, &d); err != nil {
				return err
			}
			if tx.Bucket(bucketDossiers).Get([]byte(d.Number)) != nil {
				return fmt.Errorf("dossier %s exists", d.Number)
			}
			if d.Waiting {
				if err := tx.Bucket(bucketQueue).Put(queueKey(&d), nil); err != nil {
					return err
				}
			}
			return putDossier(tx, &d)
		},
	},
	"dossier_stats": {
		export: func(tx *bolt.Tx, emit func(any) error) error {
			return tx.Bucket(bucketStats).ForEach(func(k, v []byte) error {
				var raw json.RawMessage
				if err := decode(v, &raw); err != nil {
					return err
				}
				return emit(transfer.Doc{Key: string(k), Doc: raw})
			})
		},
		load: func(tx *bolt.Tx, doc []byte) error {
			var d transfer.Doc
			if err := json.Unmarshal(doc, &d); err != nil {
				return err
			}
			return insert(tx, bucketStats, []byte(d.Key), d.Doc)
		},
	},
	"api_tokens": {
		export: values(bucketTokens),
		load: func(tx *bolt.Tx, doc []byte) error {
			var t dossiers.APIToken
			if err := json.Unmarshal(doc, &t); err != nil {
				return err
			}
			return insert(tx, bucketTokens, t.Hash, t)
		},
	},
	"bookings": {
		// bookingRecord is transfer.Booking: the booking with its PIN hash.
		export: values(bucketBookings),
		load: func(tx *bolt.Tx, doc []byte) error {
			var r transfer.Booking
			if err := json.Unmarshal(doc, &r); err != nil {
				return err
			}
			b := r.Booking
			b.PINHash = r.PINHash
			if tx.Bucket(bucketBookings).Get([]byte(b.Ref)) != nil {
				return fmt.Errorf("booking %s exists", b.Ref)
			}
			if err := saveBooking(tx, b); err != nil {
				return err
			}
			if err := indexStart(tx, b, true); err != nil {
				return err
			}
			ix := []entry{{bucketBookingCreated, timeKey(b.OfficeID, uint64(b.CreatedAt.UnixNano()), b.Ref), nil}}
			if b.IdempotencyKey != "" {
				ix = append(ix, entry{bucketBookingIdem, []byte(b.IdempotencyKey), []byte(b.Ref)})
			}
			return putIndex(tx, ix...)
		},
	},
	"booking_slots": {
		export: func(tx *bolt.Tx, emit func(any) error) error {
			return tx.Bucket(bucketBookingSlots).ForEach(func(k, v []byte) error {
				parts := bytes.SplitN(k, []byte{0}, 3)
				if len(parts) != 3 || len(parts[2]) != 8 {
					return fmt.Errorf("%w: slot key %q", ErrCorrupt, k)
				}
				return emit(transfer.Slot{Office: string(parts[0]), Service: string(parts[1]),
					Start: int64(binary.BigEndian.Uint64(parts[2])), Booked: int(slotCount(v))})
			})
		},
		load: func(tx *bolt.Tx, doc []byte) error {
			var sl transfer.Slot
			if err := json.Unmarshal(doc, &sl); err != nil {
				return err
			}
			return tx.Bucket(bucketBookingSlots).Put(slotKey(sl.Office, sl.Service, time.Unix(sl.Start, 0)),
				binary.BigEndian.AppendUint32(nil, uint32(sl.Booked)))
		},
	},
	"booking_dossiers": {
		export: func(tx *bolt.Tx, emit func(any) error) error {
			return tx.Bucket(bucketBookingDossiers).ForEach(func(k, v []byte) error {
				dossier, service, ok := bytes.Cut(k, []byte{0})
				if !ok {
					return fmt.Errorf("%w: booking dossier key %q", ErrCorrupt, k)
				}
				return emit(transfer.DossierBooking{Dossier: string(dossier), Service: string(service), Ref: string(v)})
			})
		},
		load: func(tx *bolt.Tx, doc []byte) error {
			var d transfer.DossierBooking
			if err := json.Unmarshal(doc, &d); err != nil {
				return err
			}
			return tx.Bucket(bucketBookingDossiers).Put(dossierKey(d.Dossier, d.Service), []byte(d.Ref))
		},
	},
	"booking_pins": {
		export: func(tx *bolt.Tx, emit func(any) error) error {
			return tx.Bucket(bucketBookingPINs).ForEach(func(k, v []byte) error {
				p := transfer.PINs{Ref: string(k)}
				if err := decode(v, &p.State); err != nil {
					return err
				}
				return emit(p)
			})
		},
		load: func(tx *bolt.Tx, doc []byte) error {
			var p transfer.PINs
			if err := json.Unmarshal(doc, &p); err != nil {
				return err
			}
			return insert(tx, bucketBookingPINs, []byte(p.Ref), p.State)
		},
	},
	"receipts": {
		export: values(bucketReceipts),
		load: func(tx *bolt.Tx, doc []byte) error {
			var r receipts.Receipt
			if err := json.Unmarshal(doc, &r); err != nil {
				return err
			}
			return insert(tx, bucketReceipts, []byte(r.ID), r)
		},
	},
	"receipt_keys": {
		export: values(bucketReceiptKeys, keyCurrent),
		load: func(tx *bolt.Tx, doc []byte) error {
			var k receipts.SigningKey
			if err := json.Unmarshal(doc, &k); err != nil {
				return err
			}
			if k.ID == "" || k.ID == string(keyCurrent) {
				return fmt.Errorf("receipt key id %q", k.ID)
			}
			return insert(tx, bucketReceiptKeys, []byte(k.ID), k)
		},
	},
	"receipt_key_current": {
		export: func(tx *bolt.Tx, emit func(any) error) error {
			if id := tx.Bucket(bucketReceiptKeys).Get(keyCurrent); id != nil {
				return emit(transfer.Current{ID: string(id)})
			}
			return nil
		},
		load: func(tx *bolt.Tx, doc []byte) error {
			var c transfer.Current
			if err := json.Unmarshal(doc, &c); err != nil {
				return err
			}
			return tx.Bucket(bucketReceiptKeys).Put(keyCurrent, []byte(c.ID))
		},
	},
	"accounts": {
		export: values(bucketAccounts),
		load: func(tx *bolt.Tx, doc []byte) error {
			var a accounts.Account
			if err := json.Unmarshal(doc, &a); err != nil {
				return err
			}
			n, err := seqOf(a.ID, "a")
			if err != nil {
				return err
			}
			if tx.Bucket(bucketAccountEmails).Get([]byte(a.Email)) != nil {
				return fmt.Errorf("an account with this e-mail address exists")
			}
			if err := insert(tx, bucketAccounts, []byte(a.ID), a); err != nil {
				return err
			}
			if err := raiseSequence(tx.Bucket(bucketAccounts), n); err != nil {
				return err
			}
			return tx.Bucket(bucketAccountEmails).Put([]byte(a.Email), []byte(a.ID))
		},
	},
	"sessions": {
		export: values(bucketSessions),
		load: func(tx *bolt.Tx, doc []byte) error {
			var sess accounts.Session
			if err := json.Unmarshal(doc, &sess); err != nil {
				return err
			}
			return insert(tx, bucketSessions, []byte(sess.IDHash), sess)
		},
	},
	"audit": {
		export: values(bucketAudit),
		load: func(tx *bolt.Tx, doc []byte) error {
			var e audit.Entry
			if err := json.Unmarshal(doc, &e); err != nil {
				return err
			}
			return insert(tx, bucketAudit, itob(e.Seq), e)
		},
	},
	"queue_tickets": {
		export: values(bucketQueueTickets),
		load: func(tx *bolt.Tx, doc []byte) error {
			var t queue.Ticket
			if err := json.Unmarshal(doc, &t); err != nil {
				return err
			}
			if tx.Bucket(bucketQueueTickets).Get([]byte(t.ID)) != nil {
				return fmt.Errorf("ticket %s exists", t.ID)
			}
			ix := []entry{{bucketQueueDay, dayKey(t), nil}}
			if len(t.TokenHash) > 0 {
				ix = append(ix, entry{bucketQueueTokens, t.TokenHash, []byte(t.ID)})
			}
			// A check-in's ticket carries the key its arrival was
			// recorded under (queue.Ticket.ArrivalKey, the rule's key).
			if t.ArrivalKey != "" {
				ix = append(ix, entry{bucketQueueArrivals, []byte(t.ArrivalKey), []byte(t.ID)})
			}
			if err := putIndex(tx, ix...); err != nil {
				return err
			}
			return putTicket(tx, t)
		},
	},
	"queue_counters": {
		export: func(tx *bolt.Tx, emit func(any) error) error {
			return tx.Bucket(bucketQueueCounters).ForEach(func(k, v []byte) error {
				parts := bytes.SplitN(k, []byte{0}, 3)
				if len(parts) != 3 || len(v) != 8 {
					return fmt.Errorf("%w: queue counter %q", ErrCorrupt, k)
				}
				return emit(transfer.Counter{Office: string(parts[0]), Day: string(parts[1]), Service: string(parts[2]),
					Last: int(binary.BigEndian.Uint64(v))})
			})
		},
		load: func(tx *bolt.Tx, doc []byte) error {
			var c transfer.Counter
			if err := json.Unmarshal(doc, &c); err != nil {
				return err
			}
			return tx.Bucket(bucketQueueCounters).Put(append(dayPrefix(c.Office, c.Day), c.Service...), itob(uint64(c.Last)))
		},
	},
	"kiosks": {
		export: values(bucketKiosks),
		load: func(tx *bolt.Tx, doc []byte) error {
			var k queue.Kiosk
			if err := json.Unmarshal(doc, &k); err != nil {
				return err
			}
			var ix []entry
			if len(k.CodeHash) > 0 {
				ix = append(ix, entry{bucketKioskCodes, k.CodeHash, []byte(k.ID)})
			}
			if len(k.SecretHash) > 0 {
				ix = append(ix, entry{bucketKioskSecrets, k.SecretHash, []byte(k.ID)})
			}
			if err := insert(tx, bucketKiosks, []byte(k.ID), k); err != nil {
				return err
			}
			return putIndex(tx, ix...)
		},
	},
	"address_notifications": {
		export: values(bucketAddress),
		load: func(tx *bolt.Tx, doc []byte) error {
			var n address.Notification
			if err := json.Unmarshal(doc, &n); err != nil {
				return err
			}
			if err := insert(tx, bucketAddress, []byte(n.Ref), n); err != nil {
				return err
			}
			return putIndex(tx,
				entry{bucketAddressByMuni, muniKey(n.Municipality, n.Created, n.Ref), nil},
				entry{bucketAddressByCreated, createdKey(n.Created, n.Ref), nil},
				entry{bucketAddressByDepart, departKey(n), nil})
		},
	},
	"escalations": {
		export: values(bucketHelpdesk),
		load: func(tx *bolt.Tx, doc []byte) error {
			var e helpdesk.Escalation
			if err := json.Unmarshal(doc, &e); err != nil {
				return err
			}
			if err := insert(tx, bucketHelpdesk, []byte(e.Ref), e); err != nil {
				return err
			}
			return putIndex(tx, entry{bucketHelpdeskByCreated, helpdeskCreatedKey(e.Created, e.Ref), nil})
		},
	},
	"canned_answers": {
		export: values(bucketHelpdeskCanned),
		load: func(tx *bolt.Tx, doc []byte) error {
			var c helpdesk.Canned
			if err := json.Unmarshal(doc, &c); err != nil {
				return err
			}
			return insert(tx, bucketHelpdeskCanned, []byte(c.ID), c)
		},
	},
	"mandates": {
		export: values(bucketMandates),
		load: func(tx *bolt.Tx, doc []byte) error {
			var m mandates.Mandate
			if err := json.Unmarshal(doc, &m); err != nil {
				return err
			}
			n, err := seqOf(m.ID, "m")
			if err != nil {
				return err
			}
			key := itob(n)
			if err := insert(tx, bucketMandates, key, m); err != nil {
				return err
			}
			if err := raiseSequence(tx.Bucket(bucketMandates), n); err != nil {
				return err
			}
			if !m.Live() {
				return nil
			}
			return putIndex(tx, entry{bucketMandateDossiers, indexKey(m.Dossier, key), nil},
				entry{bucketMandateLawyers, indexKey(m.Lawyer, key), nil})
		},
	},
	"mandate_codes": {
		export: values(bucketMandateCodes),
		load: func(tx *bolt.Tx, doc []byte) error {
			var c mandates.Code
			if err := json.Unmarshal(doc, &c); err != nil {
				return err
			}
			if err := insert(tx, bucketMandateCodes, c.Hash, c); err != nil {
				return err
			}
			return putIndex(tx, entry{bucketMandateCodeDossiers, indexKey(c.Dossier, c.Hash), nil})
		},
	},
	"lawyers": {
		export: values(bucketLawyers),
		load: func(tx *bolt.Tx, doc []byte) error {
			var l mandates.Lawyer
			if err := json.Unmarshal(doc, &l); err != nil {
				return err
			}
			if err := insert(tx, bucketLawyers, []byte(l.ID), l); err != nil {
				return err
			}
			if len(l.FeedHash) == 0 {
				return nil
			}
			return putIndex(tx, entry{bucketLawyerFeeds, l.FeedHash, []byte(l.ID)})
		},
	},
	"lawyer_tokens": {
		export: values(bucketLawyerTokens),
		load: func(tx *bolt.Tx, doc []byte) error {
			var t mandates.APIToken
			if err := json.Unmarshal(doc, &t); err != nil {
				return err
			}
			n, err := seqOf(t.ID, "t")
			if err != nil {
				return err
			}
			key := itob(n)
			if err := insert(tx, bucketLawyerTokens, key, t); err != nil {
				return err
			}
			if err := raiseSequence(tx.Bucket(bucketLawyerTokens), n); err != nil {
				return err
			}
			return putIndex(tx, entry{bucketLawyerTokenHashes, t.Hash, key},
				entry{bucketLawyerTokensByLawyer, indexKey(t.Lawyer, key), nil})
		},
	},
	"usage_stats": {
		export: func(tx *bolt.Tx, emit func(any) error) error {
			return tx.Bucket(bucketUsage).ForEach(func(k, v []byte) error {
				if len(v) != 8 {
					return fmt.Errorf("%w: usage count %q", ErrCorrupt, k)
				}
				return emit(transfer.Usage{Key: string(k), Count: binary.BigEndian.Uint64(v)})
			})
		},
		load: func(tx *bolt.Tx, doc []byte) error {
			var u transfer.Usage
			if err := json.Unmarshal(doc, &u); err != nil {
				return err
			}
			return tx.Bucket(bucketUsage).Put([]byte(u.Key), itob(u.Count))
		},
	},
	"notify_subscriptions": {
		export: values(bucketNotifySubs),
		load: func(tx *bolt.Tx, doc []byte) error {
			var sub notify.Subscription
			if err := json.Unmarshal(doc, &sub); err != nil {
				return err
			}
			if err := insert(tx, bucketNotifySubs, []byte(sub.ID), sub); err != nil {
				return err
			}
			return putIndex(tx, entry{bucketNotifySubsBySubject, subjectKey(sub.Subject, []byte(sub.ID)), nil})
		},
	},
	"notify_messages": {
		export: values(bucketNotifyMsgs),
		load: func(tx *bolt.Tx, doc []byte) error {
			var m notify.Message
			if err := json.Unmarshal(doc, &m); err != nil {
				return err
			}
			if tx.Bucket(bucketNotifyKeys).Get([]byte(m.Key)) != nil {
				return fmt.Errorf("message %d: its key exists", m.ID)
			}
			if err := insert(tx, bucketNotifyMsgs, itob(m.ID), m); err != nil {
				return err
			}
			if err := raiseSequence(tx.Bucket(bucketNotifyMsgs), m.ID); err != nil {
				return err
			}
			ix := []entry{{bucketNotifyKeys, []byte(m.Key), itob(m.ID)},
				{bucketNotifyBySubject, subjectKey(m.Subject, itob(m.ID)), nil}}
			if m.State == notify.StateQueued {
				ix = append(ix, entry{bucketNotifyDue, dueKey(m), nil})
			}
			return putIndex(tx, ix...)
		},
	},
	"notify_changes": {
		export: func(tx *bolt.Tx, emit func(any) error) error {
			return tx.Bucket(bucketNotifyChanges).ForEach(func(k, v []byte) error {
				if len(k) != 8 {
					return fmt.Errorf("%w: change key %q", ErrCorrupt, k)
				}
				c := transfer.Change{Seq: binary.BigEndian.Uint64(k)}
				if err := decode(v, &c.Pending); err != nil {
					return err
				}
				return emit(c)
			})
		},
		load: func(tx *bolt.Tx, doc []byte) error {
			var c transfer.Change
			if err := json.Unmarshal(doc, &c); err != nil {
				return err
			}
			if err := insert(tx, bucketNotifyChanges, itob(c.Seq), c.Pending); err != nil {
				return err
			}
			return raiseSequence(tx.Bucket(bucketNotifyChanges), c.Seq)
		},
	},
	"content_revisions": {
		export: values(bucketContentRevisions),
		load: func(tx *bolt.Tx, doc []byte) error {
			var r editor.Revision
			if err := json.Unmarshal(doc, &r); err != nil {
				return err
			}
			if err := insert(tx, bucketContentRevisions, revisionKey(r.Ref, uint64(r.N)), r); err != nil {
				return err
			}
			if !r.Published {
				return nil
			}
			return putIndex(tx, entry{bucketContentLive, []byte(r.Ref.String()), itob(uint64(r.N))})
		},
	},
}

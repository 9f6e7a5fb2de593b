// Package transfer copies a whole Loket store into another ("loket
// migrate"): the embedded bbolt file into PostgreSQL when an office grows
// to several machines, and back.
//
// Both stores keep the same kinds of records (Kinds). Each exports a kind
// as JSON documents, one per record, in the domain packages' own JSON
// form (a booking with its PIN hash, a dossier, an audit entry as sealed),
// and imports a batch of them in one transaction, writing its own indexes
// and derived columns. This package only compares and carries documents:
// it never knows a bucket or a table, and the stores know no other store.
//
// Copy first reads the target: a record there that the source lacks or
// holds differently refuses the copy before anything is written. It then
// writes what the target lacks, a batch per transaction, so a copy that
// was interrupted is completed by running it again, and a copy run again
// on the same source and target writes nothing. It ends by checking that
// each kind holds the same records on both sides (count and digest).
package transfer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"loket/server/bookings"
	"loket/server/dossiers"
)

// Store is one side of a copy; the bbolt and the PostgreSQL store are both.
type Store interface {
	// ExportRecords calls fn with every record of kind as a JSON
	// document, read in one snapshot.
	ExportRecords(ctx context.Context, kind string, fn func(doc []byte) error) error
	// ImportRecords writes records of kind that the store does not hold,
	// with their indexes, in one transaction: all or none.
	ImportRecords(ctx context.Context, kind string, docs [][]byte) error
}

// Kind is one kind of record that both stores keep.
type Kind struct {
	// Name is the kind's name, as the stores know it.
	Name string
	// Key lists the document's fields that name a record of the kind.
	Key []string
	// normal, if set, rewrites a document into the one form both stores
	// give back for the same record.
	normal func([]byte) ([]byte, error)
}

// Kinds is every kind of record a copy carries, in the order it writes
// them. NotCopied says what a store keeps besides, and why it stays.
var Kinds = []Kind{
	{Name: "meta", Key: []string{"key"}},      // named secrets (CSRF, grants, VAPID…), the demo mark: {key, value}
	{Name: "documents", Key: []string{"key"}}, // offices with their hours and closures, municipalities, address counters: {key, doc}
	{Name: "dossiers", Key: []string{"n"}, normal: normalDossier},
	{Name: "dossier_stats", Key: []string{"key"}}, // estimate histograms: {key, doc}
	{Name: "api_tokens", Key: []string{"h"}},
	{Name: "bookings", Key: []string{"ref"}},                             // with pin_hash
	{Name: "booking_slots", Key: []string{"office", "service", "start"}}, // active bookings per slot: {office, service, start, booked}
	{Name: "booking_dossiers", Key: []string{"dossier", "service"}},      // a dossier's latest booking per service: {dossier, service, ref}
	{Name: "booking_pins", Key: []string{"ref"}},                         // wrong PINs and lock-outs per booking: {ref, state}
	{Name: "receipts", Key: []string{"id"}},
	{Name: "receipt_keys", Key: []string{"id"}},
	{Name: "receipt_key_current", Key: []string{"id"}}, // {id}
	{Name: "accounts", Key: []string{"id"}},
	{Name: "sessions", Key: []string{"id_hash"}},
	{Name: "audit", Key: []string{"seq"}},
	{Name: "queue_tickets", Key: []string{"id"}},
	{Name: "queue_counters", Key: []string{"office", "day", "service"}}, // {office, day, service, last}
	{Name: "kiosks", Key: []string{"id"}},
	{Name: "address_notifications", Key: []string{"ref"}},
	{Name: "escalations", Key: []string{"ref"}},
	{Name: "canned_answers", Key: []string{"id"}},
	{Name: "mandates", Key: []string{"id"}},
	{Name: "mandate_codes", Key: []string{"hash"}},
	{Name: "lawyers", Key: []string{"id"}},
	{Name: "lawyer_tokens", Key: []string{"id"}},
	{Name: "usage_stats", Key: []string{"key"}}, // {key, count}
	{Name: "notify_subscriptions", Key: []string{"id"}},
	{Name: "notify_messages", Key: []string{"id"}},
	{Name: "notify_changes", Key: []string{"seq"}}, // changes not yet fanned out into messages: {seq, pending}
	{Name: "content_revisions", Key: []string{"kind", "lang", "key", "n"}},
}

// NotCopied is what the stores keep that a copy leaves behind, and why.
var NotCopied = []string{
	"schema steps: each store records the steps it ran itself",
	"wrong answers per dossier number (lock-out windows of minutes): the target starts them afresh, as a restart of one instance does for the per-address limits",
	"proofs of work already used (PostgreSQL): they expire within minutes and the source is stopped while it is copied",
	"index buckets and derived columns: each store rebuilds its own from the records",
}

// KindNamed returns the kind called name.
func KindNamed(name string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// ErrDiffers refuses a copy into a store that holds other data.
var ErrDiffers = errors.New("the target holds other data")

// Count is what a copy found and did for one kind.
type Count struct {
	Kind string
	// Source and Target are the records on each side after the copy.
	Source, Target int
	// Added is how many records this run wrote.
	Added int
}

// Report is the outcome of a copy, kind by kind in Kinds order.
type Report struct {
	Counts []Count
}

// Added is the number of records this run wrote in all.
func (r Report) Added() int {
	n := 0
	for _, c := range r.Counts {
		n += c.Added
	}
	return n
}

// BatchSize is how many records one write transaction holds.
const BatchSize = 500

// Copy copies every record of from that to lacks. It refuses, writing
// nothing, when to holds a record that from lacks or holds differently;
// it ends by checking that both hold the same records of every kind.
func Copy(ctx context.Context, from, to Store) (Report, error) {
	present := make(map[string]map[string][16]byte, len(Kinds))
	for _, k := range Kinds {
		have, err := digests(ctx, to, k)
		if err != nil {
			return Report{}, fmt.Errorf("read the target's %s: %w", k.Name, err)
		}
		matched, differ := 0, 0
		err = each(ctx, from, k, func(key string, _ []byte, sum [16]byte) error {
			if got, ok := have[key]; ok {
				if got != sum {
					differ++
				} else {
					matched++
				}
			}
			return nil
		})
		if err != nil {
			return Report{}, fmt.Errorf("read the source's %s: %w", k.Name, err)
		}
		if extra := len(have) - matched - differ; differ > 0 || extra > 0 {
			return Report{}, fmt.Errorf("%w: %s: %d records differ from the source's and %d are not in the source; nothing was written",
				ErrDiffers, k.Name, differ, extra)
		}
		present[k.Name] = have
	}
	var rep Report
	for _, k := range Kinds {
		have := present[k.Name]
		var batch [][]byte
		added := 0
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			if err := to.ImportRecords(ctx, k.Name, batch); err != nil {
				return fmt.Errorf("write %s: %w", k.Name, err)
			}
			added += len(batch)
			batch = batch[:0]
			return nil
		}
		err := each(ctx, from, k, func(key string, doc []byte, _ [16]byte) error {
			if _, ok := have[key]; ok {
				return nil
			}
			batch = append(batch, doc)
			if len(batch) == BatchSize {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			return rep, err
		}
		rep.Counts = append(rep.Counts, Count{Kind: k.Name, Added: added})
	}
	for i, k := range Kinds {
		src, err := summary(ctx, from, k)
		if err != nil {
			return rep, fmt.Errorf("check the source's %s: %w", k.Name, err)
		}
		dst, err := summary(ctx, to, k)
		if err != nil {
			return rep, fmt.Errorf("check the target's %s: %w", k.Name, err)
		}
		rep.Counts[i].Source, rep.Counts[i].Target = src.n, dst.n
		if src != dst {
			return rep, fmt.Errorf("check %s: the source holds %d records and the target %d, or they differ", k.Name, src.n, dst.n)
		}
	}
	return rep, nil
}

// digests reads every record of k in s: its key and a digest of it.
func digests(ctx context.Context, s Store, k Kind) (map[string][16]byte, error) {
	out := map[string][16]byte{}
	err := each(ctx, s, k, func(key string, _ []byte, sum [16]byte) error {
		if _, dup := out[key]; dup {
			return fmt.Errorf("two records named %q", key)
		}
		out[key] = sum
		return nil
	})
	return out, err
}

// tally is a kind's count and an order-free digest of its records.
type tally struct {
	n   int
	sum [16]byte
}

func summary(ctx context.Context, s Store, k Kind) (tally, error) {
	var t tally
	err := each(ctx, s, k, func(_ string, _ []byte, sum [16]byte) error {
		t.n++
		for i := range sum {
			t.sum[i] ^= sum[i]
		}
		return nil
	})
	return t, err
}

// each calls fn with every record of k in s, in its one form: its key,
// the document and its digest.
func each(ctx context.Context, s Store, k Kind, fn func(key string, doc []byte, sum [16]byte) error) error {
	return s.ExportRecords(ctx, k.Name, func(doc []byte) error {
		key, canon, err := k.canonical(doc)
		if err != nil {
			return err
		}
		full := sha256.Sum256(canon)
		var sum [16]byte
		copy(sum[:], full[:])
		return fn(key, doc, sum)
	})
}

// canonical is the document in one form (fields sorted, no spaces,
// numbers as written) and the record's key.
func (k Kind) canonical(doc []byte) (string, []byte, error) {
	if k.normal != nil {
		var err error
		if doc, err = k.normal(doc); err != nil {
			return "", nil, err
		}
	}
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	var v map[string]any
	if err := d.Decode(&v); err != nil {
		return "", nil, fmt.Errorf("%s: a record is not a JSON object: %w", k.Name, err)
	}
	parts := make([]string, len(k.Key))
	for i, f := range k.Key {
		x, ok := v[f]
		if !ok {
			return "", nil, fmt.Errorf("%s: a record has no %q", k.Name, f)
		}
		parts[i] = fmt.Sprint(x)
	}
	canon, err := json.Marshal(v)
	if err != nil {
		return "", nil, err
	}
	return strings.Join(parts, "\x00"), canon, nil
}

// normalDossier gives a dossier the form the bbolt store's compact
// encoding gives back: empty lists as none, the appointment in UTC.
func normalDossier(doc []byte) ([]byte, error) {
	var d dossiers.Dossier
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("dossiers: %w", err)
	}
	if len(d.Events) == 0 {
		d.Events = nil
	}
	if len(d.Documents) == 0 {
		d.Documents = nil
	}
	if len(d.BirthHash) == 0 {
		d.BirthHash = nil
	}
	if len(d.CodeHash) == 0 {
		d.CodeHash = nil
	}
	if d.Appointment != nil {
		a := *d.Appointment
		a.At = a.At.UTC()
		d.Appointment = &a
	}
	return json.Marshal(d)
}

// The documents of the kinds that are not one domain value.
type (
	// Pair is a "meta" record: a named secret or mark.
	Pair struct {
		Key   string `json:"key"`
		Value []byte `json:"value"`
	}
	// Doc is a "documents" or "dossier_stats" record: one JSON value by name.
	Doc struct {
		Key string          `json:"key"`
		Doc json.RawMessage `json:"doc"`
	}
	// Booking is a "bookings" record: the booking with its PIN hash,
	// which the domain type keeps out of its JSON form.
	Booking struct {
		bookings.Booking
		PINHash []byte `json:"pin_hash"`
	}
	// Slot is a "booking_slots" record: the active bookings of a slot.
	Slot struct {
		Office  string `json:"office"`
		Service string `json:"service"`
		Start   int64  `json:"start"` // Unix seconds
		Booked  int    `json:"booked"`
	}
	// DossierBooking is a "booking_dossiers" record: a dossier's latest
	// booking for a service.
	DossierBooking struct {
		Dossier string `json:"dossier"`
		Service string `json:"service"`
		Ref     string `json:"ref"`
	}
	// PINs is a "booking_pins" record.
	PINs struct {
		Ref   string            `json:"ref"`
		State bookings.PINState `json:"state"`
	}
	// Current is the "receipt_key_current" record: the key that signs.
	Current struct {
		ID string `json:"id"`
	}
	// Counter is a "queue_counters" record: the last ticket number drawn.
	Counter struct {
		Office  string `json:"office"`
		Day     string `json:"day"`
		Service string `json:"service"`
		Last    int    `json:"last"`
	}
	// Change is a "notify_changes" record: a change the outbox worker has
	// not yet fanned out into messages, in the order they happened.
	Change struct {
		Seq     uint64          `json:"seq"`
		Pending json.RawMessage `json:"pending"`
	}
	// Usage is a "usage_stats" record: one self-service count.
	Usage struct {
		Key   string `json:"key"`
		Count uint64 `json:"count"`
	}
)

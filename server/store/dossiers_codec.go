package store

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/dossiers"
)

// encodingDossierBin is a compact binary encoding of a dossier: the
// lookup path reads one per request, and decoding it costs a tenth of the
// JSON (encodingJSON1) that other values use. Fields are written in a fixed
// order, strings and byte slices with a uvarint length.
const encodingDossierBin byte = 2

func encodeDossier(d *dossiers.Dossier) []byte {
	b := make([]byte, 0, 160+40*len(d.Events))
	b = append(b, encodingDossierBin)
	for _, s := range []string{d.Number, d.Procedure, d.Status, d.Received, d.Office, d.Lang, d.Initial} {
		b = appendString(b, s)
	}
	b = appendString(b, string(d.BirthHash))
	b = appendString(b, string(d.CodeHash))
	b = appendBool(b, d.Waiting)
	b = binary.AppendUvarint(b, uint64(len(d.Events)))
	for _, e := range d.Events {
		b = appendString(b, e.ID)
		b = appendString(b, e.Code)
		b = appendString(b, e.Date)
		b = appendString(b, e.Note)
		b = appendBool(b, e.Decision)
	}
	b = binary.AppendUvarint(b, uint64(len(d.Documents)))
	for _, doc := range d.Documents {
		b = appendString(b, doc.Kind)
		b = appendString(b, doc.Due)
	}
	b = appendBool(b, d.Appointment != nil)
	if d.Appointment != nil {
		b = binary.AppendVarint(b, d.Appointment.At.Unix())
		b = appendString(b, d.Appointment.Office)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// reader decodes encodingDossierBin; the first error sticks.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) str() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *reader) bytes() []byte {
	if s := r.str(); s != "" {
		return []byte(s)
	}
	return nil
}

func (r *reader) bool() bool {
	if len(r.b) == 0 {
		r.fail()
		return false
	}
	v := r.b[0] == 1
	r.b = r.b[1:]
	return v
}

func (r *reader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.b)) { // every item takes at least a byte
		r.fail()
		return 0
	}
	return int(n)
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = fmt.Errorf("%w: truncated dossier", ErrCorrupt)
	}
	r.b = nil
}

// decodeDossier reads a dossier in any encoding the store has used.
// Strings are copied, so the result outlives the transaction.
func decodeDossier(b []byte, d *dossiers.Dossier) error {
	if len(b) == 0 || b[0] != encodingDossierBin {
		return decode(b, d)
	}
	r := &reader{b: b[1:]}
	*d = dossiers.Dossier{Number: r.str(), Procedure: r.str(), Status: r.str(), Received: r.str(),
		Office: r.str(), Lang: r.str(), Initial: r.str(), BirthHash: r.bytes(), CodeHash: r.bytes(), Waiting: r.bool()}
	if n := r.count(); n > 0 {
		d.Events = make([]dossiers.Event, n)
		for i := range d.Events {
			d.Events[i] = dossiers.Event{ID: r.str(), Code: r.str(), Date: r.str(), Note: r.str(), Decision: r.bool()}
		}
	}
	if n := r.count(); n > 0 {
		d.Documents = make([]dossiers.Document, n)
		for i := range d.Documents {
			d.Documents[i] = dossiers.Document{Kind: r.str(), Due: r.str()}
		}
	}
	if r.bool() {
		at := time.Unix(r.varint(), 0).UTC()
		d.Appointment = &dossiers.Appointment{At: at, Office: r.str()}
	}
	return r.err
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// getDossier reads the dossier under number; it reports whether it exists.
func getDossier(tx *bolt.Tx, number string, d *dossiers.Dossier) (bool, error) {
	v := tx.Bucket(bucketDossiers).Get([]byte(number))
	if v == nil {
		return false, nil
	}
	return true, decodeDossier(v, d)
}

func putDossier(tx *bolt.Tx, d *dossiers.Dossier) error {
	return tx.Bucket(bucketDossiers).Put([]byte(d.Number), encodeDossier(d))
}

package store

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"loket/server/dossiers"
)

func TestDossierEncodingRoundTrip(t *testing.T) {
	full := dossiers.Dossier{Number: "10000001", Procedure: "family", Status: "incomplete", Received: "2026-01-01",
		Office: "brussels", Lang: "ar", Initial: "É", BirthHash: []byte{0, 1, 2, 255}, CodeHash: []byte("code-hash"), Waiting: true,
		Events:      []dossiers.Event{{ID: "e1", Code: "received", Date: "2026-01-01"}, {Code: "refused", Date: "2026-02-01", Note: "letter_sent", Decision: true}},
		Documents:   []dossiers.Document{{Kind: "passport", Due: "2026-03-01"}},
		Appointment: &dossiers.Appointment{At: time.Date(2026, 3, 5, 9, 30, 0, 0, time.UTC), Office: "antwerp"}}
	for _, d := range []dossiers.Dossier{full, {Number: "10000002", Procedure: "study", BirthHash: []byte("x")}} {
		b := encodeDossier(&d)
		var got dossiers.Dossier
		if err := decodeDossier(b, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, d) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, d)
		}
		for cut := 1; cut < len(b); cut++ {
			if err := decodeDossier(b[:cut], &got); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("truncated at %d of %d: %v", cut, len(b), err)
			}
		}
	}
	// Values written as JSON still read.
	old, _ := encode(full)
	var got dossiers.Dossier
	if err := decodeDossier(old, &got); err != nil || got.Initial != "É" || len(got.Events) != 2 {
		t.Errorf("JSON value: %v %+v", err, got)
	}
}

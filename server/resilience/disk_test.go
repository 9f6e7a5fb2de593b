package resilience

import (
	"path/filepath"
	"testing"
	"time"
)

// TestReadOnlyDiskRefusesWritesAndKeepsReads runs the server on a data file
// it may not write (-read-only: what a full or failing disk comes down to):
// bookings are refused with a clear, translated 503, lookups still answer,
// and nothing confirmed before is lost.
func TestReadOnlyDiskRefusesWritesAndKeepsReads(t *testing.T) {
	data := filepath.Join(t.TempDir(), "loket.db")
	p := run(t, data, append([]string{"-demo"}, benchFlags...)...)
	office, service, _, starts := demoSlots(t, p)
	var conf struct {
		Reference string `json:"reference"`
		PIN       string `json:"pin"`
	}
	if code, _ := postJSON(p.URL+"/api/v1/bookings", map[string]any{"office": office, "service": service, "start": starts[0].Format(time.RFC3339)}, &conf); code != 201 {
		t.Fatalf("booking: %d", code)
	}
	p.stop()

	ro := run(t, data, append([]string{"-read-only"}, benchFlags...)...)
	var refused struct {
		Error struct {
			Code, Message string
		} `json:"error"`
	}
	code, err := postJSON(ro.URL+"/api/v1/bookings", map[string]any{"office": office, "service": service, "start": starts[1].Format(time.RFC3339)}, &refused)
	if err != nil || code != 503 || refused.Error.Code != "unavailable" || refused.Error.Message == "" {
		t.Errorf("booking on a read-only store: %d %+v %v", code, refused, err)
	}
	if code := getBooking(t, ro.URL, conf.Reference, conf.PIN, nil); code != 200 {
		t.Errorf("reading a booking on a read-only store: %d", code)
	}
	if code, _ := postJSON(ro.URL+"/api/v1/status/lookup", map[string]string{"dossier": "10000001", "birth_date": "1990-01-01"}, nil); code != 200 {
		t.Errorf("status lookup on a read-only store: %d", code)
	}
	if code := getJSON(t, ro.URL+"/en/info/asylum", nil); code != 200 {
		t.Errorf("information page on a read-only store: %d", code)
	}
	ro.stop()

	again := run(t, data, benchFlags...)
	if code := getBooking(t, again.URL, conf.Reference, conf.PIN, nil); code != 200 {
		t.Errorf("the confirmed booking after the read-only spell: %d", code)
	}
}

package web

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"loket/server/receipts"
	"loket/server/store"
)

// TestBookingConfirmationShowsTheKiosksQR: the phone's confirmation page
// shows the QR code the kiosk scans to check in: zbarimg reads from it the
// verification URL of a genuine receipt of this booking (the kiosk's side
// is TestCheckInByScannedReceipt).
func TestBookingConfirmationShowsTheKiosksQR(t *testing.T) {
	a := newBookingApp(t, nil)
	rs := testReceipts(t)
	a.app = a.variant(t, func(d *Deps) { d.Receipts = rs })
	br := &pageClient{a: a, cookies: map[string]string{}}
	formURL := "/en/appointments/test/information_interview/book?start=" + url.QueryEscape(slotAt(3, 9, 0))
	_, body := br.Send(t, "GET", formURL, nil)
	posted := formValues(body)
	posted.Set("consent", "yes")
	res, body := br.Send(t, "POST", formURL, posted)
	m := codeInPage.FindStringSubmatch(body)
	svg := regexp.MustCompile(`<figure class="booking-qr"><div class="booking-qr-code">(<svg.*?</svg>)</div>`).FindStringSubmatch(body)
	if res.StatusCode != 200 || m == nil || svg == nil {
		t.Fatalf("confirmation: %d, code %v, QR %v", res.StatusCode, m != nil, svg != nil)
	}
	got := scanSVGQR(t, svg[1])
	if got == "" {
		return // zbarimg not installed
	}
	token, ok := strings.CutPrefix(got, "http://loket.test/r/")
	if !ok {
		t.Fatalf("QR code holds %q", got)
	}
	st, err := rs.Check(context.Background(), token)
	if err != nil || st.Revoked || st.Payload.Kind != receipts.KindBookingConfirmed || st.Payload.Reference != m[1] {
		t.Errorf("receipt of the QR code: %+v, %v; want booking %s", st.Payload, err, m[1])
	}
}

// testReceipts is a receipts service over its own store, verification
// URLs under http://loket.test.
func testReceipts(t *testing.T) *receipts.Service {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "receipts.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	keys, err := receipts.OpenKeyring(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := receipts.New(s, keys, receipts.Config{BaseURL: "http://loket.test"})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// scanSVGQR draws an inline QR code SVG (one "Mx yh1v1h-1z" square per
// dark module) 8 pixels a module and reads it with zbarimg; "" when
// zbarimg is not installed (required in CI).
func scanSVGQR(t *testing.T, svg string) string {
	t.Helper()
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("zbarimg is required when CI=true")
		}
		t.Log("zbarimg not installed: QR code not scanned")
		return ""
	}
	size := regexp.MustCompile(`viewBox="0 0 (\d+) \d+"`).FindStringSubmatch(svg)
	if size == nil {
		t.Fatal("QR SVG without a viewBox")
	}
	n, _ := strconv.Atoi(size[1])
	const scale, quiet = 8, 4
	img := image.NewGray(image.Rect(0, 0, (n+2*quiet)*scale, (n+2*quiet)*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for _, sq := range regexp.MustCompile(`M(\d+) (\d+)h1v1h-1z`).FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.Atoi(sq[1])
		y, _ := strconv.Atoi(sq[2])
		for dy := range scale {
			for dx := range scale {
				img.SetGray((x+quiet)*scale+dx, (y+quiet)*scale+dy, color.Gray{})
			}
		}
	}
	path := filepath.Join(t.TempDir(), "qr.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command(zbar, "-q", "--nodbus", "--raw", path).Output()
	if err != nil {
		t.Fatalf("zbarimg found no code: %v", err)
	}
	return strings.TrimSpace(string(out))
}

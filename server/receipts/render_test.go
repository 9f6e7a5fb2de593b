package receipts

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// needTool finds an external checker. Without it the test skips, unless
// CI=true, where a missing tool is a failure.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required when CI=true (Debian: poppler-utils, zbar-tools)", name)
		}
		t.Skipf("%s not installed; skipping (install poppler-utils and zbar-tools)", name)
	}
	return p
}

// testService is a service over the in-memory store with a fixed clock.
func testService(t testing.TB, now time.Time) (*Service, *Keyring) {
	t.Helper()
	st := newMemStore()
	clock := func() time.Time { return now }
	kr, err := OpenKeyring(context.Background(), st, clock)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := New(st, kr, Config{BaseURL: "https://loket.example.be", Now: clock, Renderer: sharedRenderer(t)})
	if err != nil {
		t.Fatal(err)
	}
	return svc, kr
}

var testRenderer *Renderer

// sharedRenderer parses the fonts once for the whole test binary, as the
// server does once per process.
func sharedRenderer(t testing.TB) *Renderer {
	t.Helper()
	if testRenderer == nil {
		r, err := NewRenderer()
		if err != nil {
			t.Fatal(err)
		}
		testRenderer = r
	}
	return testRenderer
}

var testNow = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)

func issueSample(t testing.TB, svc *Service) (Receipt, string) {
	t.Helper()
	r, tok, err := svc.Issue(context.Background(), Input{
		Kind: KindBookingConfirmed, Reference: "K7M-4QX2", OfficeID: "brussels-north",
		At: time.Date(2026, 12, 3, 8, 30, 0, 0, time.UTC), Fields: map[string]string{"procedure": "family"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return r, tok
}

// unbidi removes the direction marks pdftotext puts around RTL text and
// folds whitespace, so phrases can be compared.
func unbidi(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e':
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// extractText writes pdf to a temporary file and returns its path and its
// text as pdftotext reads it, direction marks removed and spaces folded.
func extractText(t *testing.T, pdftotext string, pdf []byte) (string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return path, unbidi(string(out))
}

// TestReceiptPDFEveryLanguage renders a receipt in each of the 13
// languages in both formats, then checks with poppler and zbar that the
// text extracts in logical order and the QR code holds the verification URL.
// With RECEIPTS_PNG_DIR set it also leaves 100 dpi images there to look at.
func TestReceiptPDFEveryLanguage(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	pdftoppm := needTool(t, "pdftoppm")
	zbarimg := needTool(t, "zbarimg")
	svc, _ := testService(t, testNow)
	r, token := issueSample(t, svc)
	url := svc.URL(token)
	pngDir := os.Getenv("RECEIPTS_PNG_DIR")
	for _, s := range samples {
		for _, f := range []Format{FormatRoll80, FormatA4} {
			t.Run(s.lang+"-"+string(f), func(t *testing.T) {
				t.Parallel() // the external tools wait more than they compute
				pdf, err := svc.PDF(context.Background(), r.ID, f, s.document())
				if err != nil {
					t.Fatal(err)
				}
				path, text := extractText(t, pdftotext, pdf)
				dir := filepath.Dir(path)
				for _, want := range []string{s.title, s.phrase, "K7M-4QX2", "2026-12-03 09:30", s.procedure, s.bring, r.ID} {
					if !strings.Contains(text, want) {
						t.Errorf("extracted text lacks %q:\n%s", want, text)
					}
				}
				if s.lang != s.office {
					office := officeText(s.office)
					for _, want := range []string{office.Title, office.ReferenceLabel + ": K7M-4QX2"} {
						if !strings.Contains(text, want) {
							t.Errorf("office-language block lacks %q:\n%s", want, text)
						}
					}
				}
				png := filepath.Join(dir, "qr")
				if out, err := exec.Command(pdftoppm, "-png", "-r", "300", "-singlefile", path, png).CombinedOutput(); err != nil {
					t.Fatalf("pdftoppm: %v\n%s", err, out)
				}
				got, err := exec.Command(zbarimg, "-q", "--nodbus", "--raw", png+".png").Output()
				if err != nil {
					t.Fatalf("zbarimg found no code: %v", err)
				}
				if strings.TrimSpace(string(got)) != url {
					t.Fatalf("QR holds %q, want %q", got, url)
				}
				if pngDir != "" {
					name := filepath.Join(pngDir, s.lang+"-"+string(f))
					if out, err := exec.Command(pdftoppm, "-png", "-r", "100", "-singlefile", path, name).CombinedOutput(); err != nil {
						t.Fatalf("pdftoppm: %v\n%s", err, out)
					}
				}
			})
		}
	}
}

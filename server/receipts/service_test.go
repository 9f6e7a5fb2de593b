package receipts

import (
	"bytes"
	"context"
	"errors"
	"loket/server/refusal"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestIssueValidates(t *testing.T) {
	svc, _ := testService(t, testNow)
	at := testNow.Add(48 * time.Hour)
	ok := Input{Kind: KindStatusPrintout, Reference: "8.123.456", At: at, OfficeID: "brussels-north",
		Fields: map[string]string{"dossier": "8.123.456", "initial": "M.", "status": "in_review"}}
	tests := []struct {
		name  string
		edit  func(*Input)
		field string
	}{
		{"unknown kind", func(in *Input) { in.Kind = "love_letter" }, "kind"},
		{"empty reference", func(in *Input) { in.Reference = "" }, "reference"},
		{"reference with spaces", func(in *Input) { in.Reference = "K7M 4QX2" }, "reference"},
		{"reference too long", func(in *Input) { in.Reference = strings.Repeat("K", maxReference+1) }, "reference"},
		{"office id upper case", func(in *Input) { in.OfficeID = "Brussels" }, "office"},
		{"no time", func(in *Input) { in.At = time.Time{} }, "at"},
		{"name on a status printout", func(in *Input) { in.Fields = map[string]string{"name": "Mariam Ahmadi"} }, "name"},
		{"full first name as initial", func(in *Input) { in.Fields = map[string]string{"initial": "Mariam"} }, "initial"},
		{"over-long field", func(in *Input) { in.Fields = map[string]string{"status": strings.Repeat("x", maxFieldValue+1)} }, "status"},
		{"control character", func(in *Input) { in.Fields = map[string]string{"status": "ok\x00"} }, "status"},
		{"expiry in the past", func(in *Input) { in.Expires = testNow.Add(-time.Hour) }, "expires"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.edit(&in)
			_, _, err := svc.Issue(context.Background(), in)
			var fe *refusal.Error
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &fe) || len(fe.Fields) != 1 || fe.Fields[0].Field != tt.field || !strings.HasPrefix(fe.Fields[0].Key, "receipt.error.") {
				t.Fatalf("err = %v, want a FieldError on %q", err, tt.field)
			}
		})
	}
	r, tok, err := svc.Issue(context.Background(), ok)
	if err != nil {
		t.Fatalf("valid input: %v", err)
	}
	if r.Fields["initial"] != "M." || r.Token != tok || !r.Created.Equal(testNow) {
		t.Fatalf("issued %+v", r)
	}
	if want := at.Add(30 * 24 * time.Hour); !r.Expires.Equal(want) {
		t.Fatalf("status printout expires %v, want %v", r.Expires, want)
	}
}

func TestGetRevokeCheck(t *testing.T) {
	ctx := context.Background()
	svc, _ := testService(t, testNow)
	r, tok := issueSample(t, svc)
	got, err := svc.Get(ctx, r.ID)
	if err != nil || got.Token != tok || got.Reference != "K7M-4QX2" {
		t.Fatalf("get: %+v %v", got, err)
	}
	for _, id := range []string{"", "aaaaaaaaaaaaa", "../../etc", strings.Repeat("z", 5000), "AAAAAAAAAAAAA"} {
		if _, err := svc.Get(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("get %.20q: %v, want ErrNotFound", id, err)
		}
		if _, err := svc.Revoke(ctx, id, "x"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("revoke %.20q: %v, want ErrNotFound", id, err)
		}
	}
	st, err := svc.Check(ctx, tok)
	if err != nil || st.Revoked || st.Payload.ReceiptID != r.ID || st.Payload.Reference != "K7M-4QX2" {
		t.Fatalf("check: %+v %v", st, err)
	}
	if _, err := svc.Revoke(ctx, r.ID, strings.Repeat("x", maxReason+1)); !errors.Is(err, ErrTooLong) {
		t.Fatalf("long reason: %v", err)
	}
	if _, err := svc.Revoke(ctx, r.ID, "booking cancelled"); err != nil {
		t.Fatal(err)
	}
	st, err = svc.Check(ctx, tok)
	if err != nil || !st.Revoked || !st.RevokedAt.Equal(testNow) {
		t.Fatalf("check after revoke: %+v %v", st, err)
	}
	if _, err := svc.Check(ctx, tok[:20]); !errors.Is(err, ErrMalformed) {
		t.Fatalf("check truncated: %v", err)
	}
	// A genuine token whose receipt the store does not hold.
	p := r.payload()
	p.ReceiptID = "aaaaaaaaaaaaa"
	ghost, err := svc.keys.Sign(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Check(ctx, ghost); !errors.Is(err, ErrNotFound) {
		t.Fatalf("check unknown receipt: %v, want ErrNotFound", err)
	}
}

func TestNewRefusesBadBaseURL(t *testing.T) {
	for _, base := range []string{"", "loket.example.be", "ftp://x", "https://" + strings.Repeat("x", maxBaseURL)} {
		if _, err := New(newMemStore(), nil, Config{BaseURL: base}); !errors.Is(err, ErrInvalid) {
			t.Fatalf("base %q: %v, want ErrInvalid", base, err)
		}
	}
}

func TestPDFErrorsAndCache(t *testing.T) {
	ctx := context.Background()
	svc, _ := testService(t, testNow)
	r, _ := issueSample(t, svc)
	doc := samples[4].document() // Arabic

	if _, err := svc.PDF(ctx, r.ID, "a5", doc); !errors.Is(err, ErrBadFormat) {
		t.Fatalf("format a5: %v", err)
	}
	if _, err := ParseFormat(strings.Repeat("a", 1000)); !errors.Is(err, ErrBadFormat) {
		t.Fatalf("parse long format: %v", err)
	}
	if f, err := ParseFormat("80mm"); err != nil || f != FormatRoll80 {
		t.Fatalf("parse 80mm: %v %v", f, err)
	}
	if _, err := svc.PDF(ctx, "nosuchreceipt", FormatA4, doc); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}
	long := doc
	long.Title = strings.Repeat("ب", maxLineRunes+1)
	if _, err := svc.PDF(ctx, r.ID, FormatA4, long); !errors.Is(err, ErrTooLong) {
		t.Fatalf("long title: %v", err)
	}
	inject := doc
	inject.Lang = "ar) /Foo ("
	if _, err := svc.PDF(ctx, r.ID, FormatA4, inject); !errors.Is(err, ErrInvalid) {
		t.Fatalf("language code with PDF syntax: %v, want ErrInvalid", err)
	}
	many := doc
	many.Lines = make([]string, maxLines+1)
	if _, err := svc.PDF(ctx, r.ID, FormatRoll80, many); !errors.Is(err, ErrTooLong) {
		t.Fatalf("many lines: %v", err)
	}
	// Text that is within limits but too much for one A4 page.
	full := doc
	full.Lines, full.Bring = make([]string, maxLines), make([]string, maxLines)
	for i := range full.Lines {
		full.Lines[i] = strings.Repeat("يرجى الحضور قبل عشر دقائق. ", 10)
		full.Bring[i] = full.Lines[i]
	}
	if _, err := svc.PDF(ctx, r.ID, FormatA4, full); !errors.Is(err, ErrTooLong) {
		t.Fatalf("overfull A4: %v", err)
	}
	if roll, err := svc.PDF(ctx, r.ID, FormatRoll80, full); err != nil || !bytes.HasPrefix(roll, []byte("%PDF-")) {
		t.Fatalf("the roll grows with its content: %v", err)
	}

	a, err := svc.PDF(ctx, r.ID, FormatRoll80, doc)
	if err != nil {
		t.Fatal(err)
	}
	b, err := svc.PDF(ctx, r.ID, FormatRoll80, doc)
	if err != nil {
		t.Fatal(err)
	}
	if &a[0] != &b[0] {
		t.Fatal("second request rendered again instead of using the cache")
	}
	if _, err := svc.Revoke(ctx, r.ID, "moved"); err != nil {
		t.Fatal(err)
	}
	if _, ok := svc.cache.get(cacheKey{r.ID, FormatRoll80, doc.Lang}); ok {
		t.Fatal("revoke left the PDF in the cache")
	}
	if _, err := svc.PDF(ctx, r.ID, FormatRoll80, doc); !errors.Is(err, ErrRevoked) {
		t.Fatalf("PDF of a revoked receipt: %v, want ErrRevoked", err)
	}
}

func TestPDFCacheIsBounded(t *testing.T) {
	c := newPDFCache(100)
	for i := range 10 {
		c.put(cacheKey{id: string(rune('a' + i)), format: FormatA4}, make([]byte, 30))
	}
	n, size := c.stats()
	if n != 3 || size != 90 {
		t.Fatalf("cache holds %d entries, %d bytes; want 3, 90", n, size)
	}
	if _, ok := c.get(cacheKey{id: "a", format: FormatA4}); ok {
		t.Fatal("oldest entry survived")
	}
	c.get(cacheKey{id: "h", format: FormatA4}) // h becomes most recent
	c.put(cacheKey{id: "z", format: FormatA4}, make([]byte, 30))
	if _, ok := c.get(cacheKey{id: "h", format: FormatA4}); !ok {
		t.Fatal("recently used entry was dropped")
	}
	if _, ok := c.get(cacheKey{id: "i", format: FormatA4}); ok {
		t.Fatal("least recently used entry survived")
	}
	c.put(cacheKey{id: "big"}, make([]byte, 101))
	if _, ok := c.get(cacheKey{id: "big"}); ok {
		t.Fatal("entry larger than the budget was kept")
	}
}

// TestConcurrentPDFs renders receipts from many goroutines at once: the
// shaper pool and the shared glyph objects must hold up (run with -race).
func TestConcurrentPDFs(t *testing.T) {
	ctx := context.Background()
	svc, _ := testService(t, testNow)
	errs := make(chan error, len(samples))
	for _, s := range samples {
		r, _ := issueSample(t, svc)
		go func() {
			b, err := svc.PDF(ctx, r.ID, FormatRoll80, s.document())
			if err == nil && !bytes.HasPrefix(b, []byte("%PDF-")) {
				err = errors.New("not a PDF")
			}
			errs <- err
		}()
	}
	for range samples {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// TestRevocationBeatsKeptRecords reads a receipt from many goroutines
// while it is revoked: once Revoke has returned, no read may still see it
// standing, whatever record was kept in memory during the race.
func TestRevocationBeatsKeptRecords(t *testing.T) {
	ctx := context.Background()
	svc, _ := testService(t, testNow)
	r, tok := issueSample(t, svc)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := svc.Check(ctx, tok); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	if _, err := svc.Revoke(ctx, r.ID, "booking cancelled"); err != nil {
		t.Fatal(err)
	}
	for range 200 {
		if st, err := svc.Check(ctx, tok); err != nil || !st.Revoked {
			t.Fatalf("a read after the revocation sees the receipt standing: %+v %v", st, err)
		}
		if got, _ := svc.Get(ctx, r.ID); !got.Revoked {
			t.Fatal("Get after the revocation sees the receipt standing")
		}
	}
	close(stop)
	wg.Wait()
}

package receipts

import (
	"context"
	"testing"
)

// BenchmarkRoll80Arabic draws a new 80 mm Arabic receipt with its QR code,
// past the cache: the cost of the first print of each receipt.
func BenchmarkRoll80Arabic(b *testing.B) {
	svc, _ := testService(b, testNow)
	r, _ := issueSample(b, svc)
	rd, _ := svc.getRenderer()
	doc := samples[4].document()
	p := page{receipt: r, url: svc.URL(r.Token), when: "2026-12-03 09:30"}
	if _, err := rd.render(FormatRoll80, doc, p); err != nil { // warm the glyph objects
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rd.render(FormatRoll80, doc, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPDFCached serves a receipt already made: no PDF work at all.
func BenchmarkPDFCached(b *testing.B) {
	svc, _ := testService(b, testNow)
	r, _ := issueSample(b, svc)
	doc := samples[4].document()
	ctx := context.Background()
	if _, err := svc.PDF(ctx, r.ID, FormatRoll80, doc); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.PDF(ctx, r.ID, FormatRoll80, doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIssue signs and records a receipt (in memory).
func BenchmarkIssue(b *testing.B) {
	svc, _ := testService(b, testNow)
	b.ReportAllocs()
	for b.Loop() {
		issueSample(b, svc)
	}
}

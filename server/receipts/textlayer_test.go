package receipts

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"loket/server/locale"
	"loket/translations"
)

// fieldSamples are field values of the kinds' whitelists, as flows record
// them (codes and numbers, printed as they are).
var fieldSamples = map[string]string{
	"procedure": "family", "desk": "12", "previous": "2026-12-01 10:15", "service": "A",
	"ticket": "A-042", "topic": "status", "dossier": "12345678", "initial": "M",
	"status": "received", "municipality": "1000",
}

// catalogDocument is a receipt's text from the real catalogs, as the web
// layer assembles it, with every sentence of the receipt and revocation
// messages on top, so full stops, commas and zero-width non-joiners occur
// mid-line and at line ends. Visits list what to bring instead of those
// sentences, to stay on one page.
func catalogDocument(p, office *locale.Printer, kind Kind) (Document, []string) {
	d := Document{
		Lang: p.Lang(), RTL: p.Dir() == "rtl", OfficeName: p.T("receipt.issuer"),
		Title: p.T("receipt.title." + string(kind)), ReferenceLabel: p.T("receipt.reference"),
		TimeLabel: p.T("receipt.time"), VerifyHint: p.T("receipt.verify_hint"),
		FieldLabels: map[string]string{}, BringLabel: p.T("receipt.bring"),
		Lines: []string{p.T("receipt.revoked_reason.booking_moved"), p.T("receipt.page.invalid_help")},
		Office: OfficeText{Lang: office.Lang(), Title: office.T("receipt.title." + string(kind)),
			ReferenceLabel: office.T("receipt.reference"), TimeLabel: office.T("receipt.time"),
			VerifyHint: office.T("receipt.verify_hint"), FieldLabels: map[string]string{}},
	}
	want := []string{d.OfficeName, d.Title, d.ReferenceLabel, d.TimeLabel, d.VerifyHint,
		d.Office.Title, d.Office.VerifyHint, d.Office.ReferenceLabel + ": K7M-4QX2"}
	if kind == KindBookingConfirmed || kind == KindBookingMoved || kind == KindKioskCheckIn {
		d.Bring = []string{p.T("receipt.bring.id"), p.T("receipt.bring.letters"), p.T("receipt.bring.receipt")}
		d.Lines = nil
		want = append(want, d.BringLabel)
	}
	want = append(want, d.Lines...)
	for _, b := range d.Bring {
		want = append(want, "• "+b)
	}
	for _, f := range kind.FieldKeys() {
		d.FieldLabels[f] = p.T("receipt.field." + f)
		d.Office.FieldLabels[f] = office.T("receipt.field." + f)
		want = append(want, d.FieldLabels[f]+": "+fieldSamples[f], d.Office.FieldLabels[f]+": "+fieldSamples[f])
	}
	return d, want
}

// TestTextLayerExtractsEveryKind prints every receipt kind in Persian and
// Arabic, both formats, from the real catalogs, and checks with poppler's
// pdftotext that every source string comes back whole and in logical
// order (zero-width non-joiners kept, full stops and commas where they
// were), that the text-layer font is embedded as a subset (pdffonts), and
// that qpdf finds the file sound.
func TestTextLayerExtractsEveryKind(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	pdffonts := needTool(t, "pdffonts")
	qpdf := needTool(t, "qpdf")
	cats, err := locale.Load(translations.FS, locale.Options{Default: "en", Order: translations.Languages})
	if err != nil {
		t.Fatal(err)
	}
	svc, _ := testService(t, testNow)
	for _, lang := range []string{"fa", "ar"} {
		for _, kind := range Kinds() {
			fields := map[string]string{}
			for _, f := range kind.FieldKeys() {
				fields[f] = fieldSamples[f]
			}
			r, _, err := svc.Issue(context.Background(), Input{Kind: kind, Reference: "K7M-4QX2", OfficeID: "brussels-north",
				At: time.Date(2026, 12, 3, 8, 30, 0, 0, time.UTC), Fields: fields})
			if err != nil {
				t.Fatal(err)
			}
			doc, want := catalogDocument(cats.Printer(lang), cats.Printer("nl"), kind)
			for _, f := range []Format{FormatA4, FormatRoll80} {
				t.Run(fmt.Sprintf("%s-%s-%s", lang, kind, f), func(t *testing.T) {
					t.Parallel()
					pdf, err := svc.PDF(context.Background(), r.ID, f, doc)
					if err != nil {
						t.Fatal(err)
					}
					path, text := extractText(t, pdftotext, pdf)
					for _, w := range want {
						if !strings.Contains(text, unbidi(w)) {
							t.Errorf("extracted text lacks %q:\n%s", w, text)
						}
					}
					fonts, err := exec.Command(pdffonts, path).CombinedOutput()
					if err != nil {
						t.Fatalf("pdffonts: %v\n%s", err, fonts)
					}
					if !strings.Contains(string(fonts), "+LoketText") || !strings.Contains(string(fonts), "yes yes yes") {
						t.Errorf("text font not embedded as a subset with a ToUnicode map:\n%s", fonts)
					}
					if out, err := exec.Command(qpdf, "--check", path).CombinedOutput(); err != nil {
						t.Errorf("qpdf --check: %v\n%s", err, out)
					}
				})
			}
		}
	}
}

package receipts

import (
	"fmt"
	"unicode/utf8"
)

// Format is a receipt layout.
type Format string

// The layouts: an A4 page downloaded from the PWA, and an 80 mm roll for
// the kiosks' thermal printers, as long as its content.
const (
	FormatA4     Format = "a4"
	FormatRoll80 Format = "80mm"
)

// ParseFormat accepts "a4" or "80mm".
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case FormatA4, FormatRoll80:
		return f, nil
	}
	if len(s) > 16 {
		s = s[:16] + "…"
	}
	return "", fmt.Errorf("%w: %q", ErrBadFormat, s)
}

// Document is the already-translated text of one receipt in the reader's
// language, plus the key facts in the office's language (Dutch or French)
// so desk staff can read it. Values such as the reference, the time and
// the QR code come from the receipt itself.
type Document struct {
	// Lang is the reader's language code ("ar"); RTL is true for a
	// right-to-left language (ar, fa, ps).
	Lang string
	RTL  bool
	// OfficeName heads the receipt ("Dienst Vreemdelingenzaken · Brussel").
	OfficeName string
	Title      string
	// ReferenceLabel and TimeLabel label the two large values.
	ReferenceLabel string
	TimeLabel      string
	// When is the time as the reader should see it; empty prints the
	// receipt's time as "2006-01-02 15:04" in the office's time zone.
	When string
	// FieldLabels label the receipt's fields by key; FieldValues, when
	// given, replace a stored value (a code such as "family") with its text.
	FieldLabels map[string]string
	FieldValues map[string]string
	// Lines are short paragraphs of explanation.
	Lines []string
	// BringLabel heads Bring, the list of what to bring.
	BringLabel string
	Bring      []string
	// AddressLabel heads Address, the office's address lines.
	AddressLabel string
	Address      []string
	// VerifyHint is one short line on how to check the receipt.
	VerifyHint string
	// QR is what the QR code holds when it is not the verification URL: a
	// queue ticket's leads to the live place in the queue, whose page
	// links to the verification. The receipt's ID stays printed under it.
	QR string
	// Office is the same key facts in the office's language; it is left
	// out when Office.Lang equals Lang.
	Office OfficeText
}

// OfficeText is the office-language block of a receipt.
type OfficeText struct {
	Lang           string
	Title          string
	ReferenceLabel string
	TimeLabel      string
	When           string
	FieldLabels    map[string]string
	FieldValues    map[string]string
	Lines          []string
	VerifyHint     string
}

// Limits on a Document, so a receipt always fits its page.
const (
	maxLineRunes = 300
	maxLines     = 8
	maxLangLen   = 12
)

// validate refuses texts a receipt cannot hold, with ErrTooLong.
func (d Document) validate() error {
	if len(d.Lang) > maxLangLen || len(d.Office.Lang) > maxLangLen {
		return fmt.Errorf("%w: language code", ErrTooLong)
	}
	if !langCode(d.Lang) || !langCode(d.Office.Lang) {
		return fmt.Errorf("%w: language code", ErrInvalid)
	}
	single := []string{d.OfficeName, d.Title, d.ReferenceLabel, d.TimeLabel, d.When, d.BringLabel,
		d.AddressLabel, d.VerifyHint, d.Office.Title, d.Office.ReferenceLabel, d.Office.TimeLabel,
		d.Office.When, d.Office.VerifyHint, d.QR}
	for _, s := range single {
		if err := checkText(s); err != nil {
			return err
		}
	}
	for _, list := range [][]string{d.Lines, d.Bring, d.Address, d.Office.Lines} {
		if len(list) > maxLines {
			return fmt.Errorf("%w: %d lines", ErrTooLong, len(list))
		}
		for _, s := range list {
			if err := checkText(s); err != nil {
				return err
			}
		}
	}
	for _, m := range []map[string]string{d.FieldLabels, d.FieldValues, d.Office.FieldLabels, d.Office.FieldValues} {
		if len(m) > maxLines {
			return fmt.Errorf("%w: %d fields", ErrTooLong, len(m))
		}
		for _, s := range m {
			if err := checkText(s); err != nil {
				return err
			}
		}
	}
	return nil
}

// langCode accepts a BCP 47-like tag ("fa-AF"); it ends up in the PDF's
// catalog, so nothing else may pass.
func langCode(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
			return false
		}
	}
	return true
}

func checkText(s string) error {
	if n := utf8.RuneCountInString(s); n > maxLineRunes {
		return fmt.Errorf("%w: %d characters", ErrTooLong, n)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: text is not UTF-8", ErrInvalid)
	}
	return nil
}

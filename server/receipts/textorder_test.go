package receipts

import (
	"slices"
	"testing"
)

// popplerReads is poppler's reorderText (TextOutputDev.cc) rewritten from
// its description: what pdftotext prints for a line whose characters stand
// left to right in visual, bidi controls left out.
func popplerReads(visual []rune, rtlPage bool) []rune {
	var out []rune
	ltrOrNum := func(r rune) bool { c := classify(r); return c == classL || c == classNum }
	isR := func(r rune) bool { return classify(r) == classR }
	if !rtlPage {
		for i := 0; i < len(visual); {
			j := i
			for j < len(visual) && !isR(visual[j]) {
				j++
			}
			out = append(out, visual[i:j]...)
			i = j
			for j < len(visual) && !ltrOrNum(visual[j]) {
				j++
			}
			for k := j - 1; k >= i; k-- {
				out = append(out, visual[k])
			}
			i = j
		}
		return out
	}
	for i := len(visual) - 1; i >= 0; {
		j := i
		for j >= 0 && !ltrOrNum(visual[j]) {
			j--
		}
		for k := i; k > j; k-- {
			out = append(out, visual[k])
		}
		i = j
		for j >= 0 && !isR(visual[j]) {
			j--
		}
		out = append(out, visual[j+1:i+1]...)
		i = j
	}
	return out
}

func TestVisualOrderReadsBack(t *testing.T) {
	for _, line := range []string{
		"برای بررسی اصالت این رسید، کد را اسکن کنید.",
		"نامه\u200cها و مدارک مربوط به پرونده شما",
		"این رسید در 2026-12-03 لغو شد.",
		"المرجع: K7M-4QX2 · 09:30",
		"نُقل الموعد. إيصال جديد يحل محل هذا الإيصال.",
		"الموعد (K7M-4QX2)",
		"• جواز سفرك أو وثيقة هويتك",
		"Referentie: K7M-4QX2",
		"Scannez le code (pour vérifier).",
		"ID fgadsdxdclz6u",
		"ስካን ግበሩ።",
		"هذا الإيصال!",
		"(مهم) 12 شباك",
	} {
		for _, rtlPage := range []bool{false, true} {
			text := withMarks([]rune(line), rtlPage)
			got := popplerReads(visualOrder(text, rtlPage), rtlPage)
			if !slices.Equal(got, text) {
				t.Errorf("rtl page %v: %q reads back as %q", rtlPage, string(text), string(got))
			}
		}
	}
}

func TestMarksOnlyWhereNeeded(t *testing.T) {
	for _, tc := range []struct {
		in      string
		rtlPage bool
		want    string
	}{
		{"رسید، کد", true, "رسید،\u200f کد"},
		{"رسید، کد", false, "رسید، کد"},
		{"در 2026-12-03 لغو", true, "در 2026-12-03\u200f لغو"},
		{"در 2026-12-03 لغو", false, "در\u200e 2026-12-03 لغو"},
		{"الإيصال.", true, "الإيصال."},
		{"الإيصال.", false, "الإيصال."},
		{"Tijd (09:30)", true, "Tijd (09:30)\u200e"},
		{"هذا الإيصال!", false, "هذا الإيصال!\u200f"},
		{"K7M-4QX2", true, "K7M-4QX2"},
		{"K7M-4QX2", false, "K7M-4QX2"},
	} {
		if got := string(withMarks([]rune(tc.in), tc.rtlPage)); got != tc.want {
			t.Errorf("withMarks(%q, rtl page %v) = %q, want %q", tc.in, tc.rtlPage, got, tc.want)
		}
	}
}

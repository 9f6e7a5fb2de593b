package content

import "regexp"

// French typography (Imprimerie nationale rules, as the French
// administration writes): a narrow no-break space (U+202F) before the
// high punctuation : ; ! ? and inside « », so that a sign never starts a
// line on a small screen. Translations are drafted with ordinary spaces
// or none; typeset sets them right when the page is rendered. A colon is
// only spaced where a space was written, so that times (10:30) and
// addresses (https://) stay as they are.
var (
	frBeforeHigh  = regexp.MustCompile(`([^\s])[ \x{00A0}]+([:;!?»])`)
	frBeforeTight = regexp.MustCompile(`([\p{L}\p{N})»])([;!?]+)(\s|$)`)
	frBeforeClose = regexp.MustCompile(`([^\s\x{202F}])»`)
	frAfterOpen   = regexp.MustCompile(`«[ \x{00A0}]*`)
)

const narrowNBSP = "\u202F"

// typeset applies lang's typography to a page's Markdown before it is
// rendered; only French has rules.
func typeset(lang string, src []byte) []byte {
	if lang != "fr" {
		return src
	}
	src = frBeforeHigh.ReplaceAll(src, []byte("${1}"+narrowNBSP+"${2}"))
	src = frBeforeTight.ReplaceAll(src, []byte("${1}"+narrowNBSP+"${2}${3}"))
	src = frBeforeClose.ReplaceAll(src, []byte("${1}"+narrowNBSP+"»"))
	return frAfterOpen.ReplaceAll(src, []byte("«"+narrowNBSP))
}

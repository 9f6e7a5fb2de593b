package content

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Hit is one page found by Search, with the sentence that matched first.
type Hit struct {
	Page    *Page
	Snippet string
	score   int
}

// index is the inverted index of one language's own pages: every
// normalised word and the pages (by key) it occurs in, weighted by where.
type index struct {
	lang  string
	words map[string]map[string]int // word -> key -> weight
	pages map[string]*Page
}

// Field weights: a word in the title counts more than one in the body.
const (
	weightTitle   = 8
	weightSummary = 3
	weightBody    = 1
)

// maxQueryWords bounds the work one query can ask for.
const maxQueryWords = 8

func buildIndex(lang string, pages map[string]*Page) *index {
	ix := &index{lang: lang, words: map[string]map[string]int{}, pages: map[string]*Page{}}
	for key, p := range pages {
		if key == "index" {
			continue
		}
		ix.pages[key] = p
		for _, f := range []struct {
			text   string
			weight int
		}{{p.Title, weightTitle}, {p.Summary, weightSummary}, {p.text, weightBody}} {
			for _, w := range Words(lang, f.text) {
				if ix.words[w] == nil {
					ix.words[w] = map[string]int{}
				}
				ix.words[w][key] += f.weight
			}
		}
	}
	return ix
}

// Search finds the pages that contain every word of query, searching each
// page in the first language of chain that has it (the reader's own
// language first). A query word of three or more letters also matches the
// words it begins ("registr" finds "registration"). Results are ordered by
// score, then by index order; an empty query finds nothing.
func (l *Library) Search(chain []string, query string) []Hit {
	st := l.st.Load()
	scores := map[string][]map[string]int{} // lang -> per query word: key -> score
	var hits []Hit
	for _, m := range l.meta {
		p, ok := st.page(chain, m.Key)
		if !ok {
			continue
		}
		perWord, seen := scores[p.Lang]
		if !seen {
			perWord = st.search[p.Lang].match(Words(p.Lang, query))
			scores[p.Lang] = perWord
		}
		score := 0
		for _, byKey := range perWord {
			if byKey[m.Key] == 0 {
				score = 0
				break
			}
			score += byKey[m.Key]
		}
		if score > 0 {
			hits = append(hits, Hit{Page: p, Snippet: snippet(p, queryWords(p.Lang, query)), score: score})
		}
	}
	slices.SortStableFunc(hits, func(a, b Hit) int { return b.score - a.score })
	return hits
}

func queryWords(lang, query string) []string {
	q := Words(lang, query)
	if len(q) > maxQueryWords {
		q = q[:maxQueryWords]
	}
	return q
}

// match scores every page for each query word: the weight of the exact
// word, plus, for words of three letters or more, of every indexed word it
// begins. One pass over the vocabulary per query word.
func (ix *index) match(words []string) []map[string]int {
	if len(words) > maxQueryWords {
		words = words[:maxQueryWords]
	}
	out := make([]map[string]int, len(words))
	for i, w := range words {
		out[i] = map[string]int{}
		prefix := len([]rune(w)) >= 3
		for word, byKey := range ix.words {
			if word == w || (prefix && strings.HasPrefix(word, w)) {
				for key, weight := range byKey {
					out[i][key] += weight
				}
			}
		}
	}
	return out
}

// snippet is the first sentence of the page's summary or body that holds
// a query word, cut to a readable length.
func snippet(p *Page, words []string) string {
	for _, text := range []string{p.Summary, p.text} {
		for _, s := range sentences(text) {
			for _, w := range Words(p.Lang, s) {
				if slices.ContainsFunc(words, func(q string) bool { return strings.HasPrefix(w, q) }) {
					return cut(s, 200)
				}
			}
		}
	}
	return cut(p.Summary, 200)
}

// sentences splits on the full stops of the scripts Loket shows: Latin and
// Cyrillic ". ", Arabic "؟" and Ethiopic "።", and on line ends.
func sentences(text string) []string {
	var out []string
	start := 0
	rs := []rune(text)
	for i, r := range rs {
		end := r == '\n' || r == '።' || r == '؟' || r == '?' || r == '!' ||
			(r == '.' && (i+1 == len(rs) || unicode.IsSpace(rs[i+1])))
		if end {
			if s := strings.TrimSpace(string(rs[start : i+1])); s != "" && s != string(r) {
				out = append(out, s)
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

func cut(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	i := n
	for i > n/2 && !unicode.IsSpace(rs[i]) {
		i--
	}
	return strings.TrimSpace(string(rs[:i])) + "…"
}

// Words splits text into normalised search words for a language, so that
// what a reader types meets what an editor wrote:
//   - case is folded with the language's rules (Turkish İ/ı), then dotless
//     ı is folded to i, since many keyboards lack it;
//   - Latin letters lose their diacritics (é→e, ş→s, ç→c);
//   - Cyrillic ё folds to е;
//   - Arabic script loses its short vowels, tatweel and the zero-width
//     non-joiner, and letter variants become one: alef forms (أ إ آ ٱ) →
//     ا, yeh forms (ي ى ې ۍ) → ی, kaf ك → ک, teh marbuta ة → ه, hamza
//     seats ؤ → و and ئ → ی;
//   - digits of every script become ASCII digits.
//
// Words are runs of letters and digits; single letters are dropped.
func Words(lang, text string) []string {
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.Und
	}
	text = cases.Lower(tag).String(text)
	text = norm.NFD.String(text)
	var b strings.Builder
	var prev rune
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Mn, r):
			// Combining marks: dropped after a Latin base letter and in
			// Arabic script (harakat, superscript alef); kept elsewhere,
			// so that Cyrillic й and Ethiopic stay as written.
			if unicode.Is(unicode.Latin, prev) || unicode.Is(unicode.Arabic, prev) {
				continue
			}
			if prev == 'е' && r == '\u0308' {
				continue // Cyrillic ё → е
			}
		case r == 'ı':
			r = 'i'
		case r == '\u0640' || r == '\u200c' || r == '\u200d':
			continue // tatweel, ZWNJ, ZWJ
		case unicode.IsDigit(r):
			r = asciiDigit(r)
		default:
			r = foldArabic(r)
		}
		b.WriteRune(r)
		if !unicode.Is(unicode.Mn, r) {
			prev = r
		}
	}
	text = norm.NFC.String(b.String())
	var out []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	}) {
		if len([]rune(w)) > 1 || unicode.IsDigit([]rune(w)[0]) {
			out = append(out, w)
		}
	}
	return out
}

// foldArabic maps Arabic-script letter variants to one form.
func foldArabic(r rune) rune {
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ي', 'ى', 'ې', 'ۍ', 'ئ':
		return 'ی'
	case 'ك':
		return 'ک'
	case 'ة':
		return 'ه'
	case 'ؤ':
		return 'و'
	}
	return r
}

// asciiDigit maps the Arabic-Indic and Extended Arabic-Indic digits (and
// full-width ones) to ASCII; other digits stay as they are.
func asciiDigit(r rune) rune {
	for _, zero := range []rune{'٠', '۰', '０'} {
		if r >= zero && r <= zero+9 {
			return '0' + r - zero
		}
	}
	return r
}

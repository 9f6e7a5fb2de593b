package locale

import "slices"

// pluralOrder is the CLDR order of plural categories.
var pluralOrder = []string{"zero", "one", "two", "few", "many", "other"}

// PluralCategories lists the plural categories lang's rule can choose
// among whole numbers, in CLDR order: what a translator must fill in for
// a plural message (the XLIFF export asks for exactly these).
func PluralCategories(lang string) []string {
	seen := map[string]bool{"other": true}
	for n := 0; n <= 1000; n++ {
		seen[pluralCategory(lang, n)] = true
	}
	for _, n := range []int{1000000, 2000000, 1000001} {
		seen[pluralCategory(lang, n)] = true
	}
	var out []string
	for _, c := range pluralOrder {
		if seen[c] {
			out = append(out, c)
		}
	}
	return slices.Clip(out)
}

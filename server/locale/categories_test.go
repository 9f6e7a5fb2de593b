package locale

import (
	"reflect"
	"testing"
)

func TestPluralCategoriesToFillIn(t *testing.T) {
	for lang, want := range map[string][]string{
		"en": {"one", "other"},
		"ar": {"zero", "one", "two", "few", "many", "other"},
		"uk": {"one", "few", "many", "other"},
		"tr": {"one", "other"},
	} {
		if got := PluralCategories(lang); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", lang, got, want)
		}
	}
}

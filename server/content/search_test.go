package content

import (
	"reflect"
	"strings"
	"testing"

	"loket/server/dossiers"
	"loket/translations"
)

func TestWordsNormalisePerScript(t *testing.T) {
	for _, c := range []struct {
		lang, in string
		want     []string
	}{
		{"fr", "Réinstallation, l'ÉCOLE", []string{"reinstallation", "ecole"}},
		{"de", "Rückkehrberatung für Flüchtlinge", []string{"ruckkehrberatung", "fur", "fluchtlinge"}},
		{"tr", "İŞ ARAMA YILI", []string{"is", "arama", "yili"}},
		{"tr", "ılık Işık", []string{"ilik", "isik"}},
		{"es", "protección TEMPORAL", []string{"proteccion", "temporal"}},
		{"ru", "Приём, ЁЛКА", []string{"прием", "елка"}},
		{"uk", "Їжак й йод", []string{"їжак", "йод"}}, // й keeps its breve; one letter dropped
		{"ar", "الحمايةُ المؤقّتة", []string{"الحمایه", "الموقته"}},
		{"ar", "إعادة أمر آخر", []string{"اعاده", "امر", "اخر"}},
		{"fa", "كيوسك می‌کند", []string{"کیوسک", "میکند"}},
		{"ps", "ښاروالۍ ته", []string{"ښاروالی", "ته"}},
		{"ar", "١٢ شهرًا", []string{"12", "شهرا"}},
		{"fa", "۱۸ سال", []string{"18", "سال"}},
		{"ti", "ሞግዚት፣ ቤት ትምህርቲ።", []string{"ሞግዚት", "ቤት", "ትምህርቲ"}},
		{"so", "Mas'uul", []string{"mas", "uul"}},
		{"en", "a 112 I", []string{"112"}},
	} {
		if got := Words(c.lang, c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %q: %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}

// TestSearchInTheReadersLanguage searches the shipped pages as readers
// type: without accents, in upper case, with other letter variants.
func TestSearchInTheReadersLanguage(t *testing.T) {
	lib, err := Load(translations.FS, dossiers.Procedures)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang, query, first string
	}{
		{"en", "guardian", "unaccompanied_minors"},
		{"en", "Heysel registration", "temporary_protection"},
		{"en", "registr heysel", "temporary_protection"}, // prefix
		{"nl", "voogd", "unaccompanied_minors"},
		{"nl", "zoekjaar", "work"},
		{"fr", "reinstallation parrainage", "resettlement"},
		{"fr", "ANNEE DE RECHERCHE", "work"},
		{"de", "Rückkehrberatung", "return_counselling"},
		{"es", "proteccion temporal", "temporary_protection"},
		{"tr", "VASİ", "unaccompanied_minors"},
		{"uk", "тимчасовий захист", "temporary_protection"},
		{"ru", "прием Fedasil", "reception"},
		{"ar", "اعادة التوطين", "resettlement"},
		{"ar", "الحمايه المؤقته", "temporary_protection"},
		{"fa", "مشاوره بازگشت", "return_counselling"},
		{"fa", "قيم", "unaccompanied_minors"}, // Arabic yeh typed for Persian ی
		{"ps", "لنډمهاله ساتنه", "temporary_protection"},
		{"ti", "ሞግዚት", "unaccompanied_minors"},
		{"so", "kafaalada bulshada", "resettlement"},
	} {
		hits := lib.Search([]string{c.lang, "en"}, c.query)
		if len(hits) == 0 {
			t.Errorf("%s %q: nothing found", c.lang, c.query)
			continue
		}
		if hits[0].Page.Key != c.first || hits[0].Page.Lang != c.lang {
			t.Errorf("%s %q: first %s (%s), want %s", c.lang, c.query, hits[0].Page.Key, hits[0].Page.Lang, c.first)
		}
		if hits[0].Snippet == "" || len([]rune(hits[0].Snippet)) > 201 {
			t.Errorf("%s %q: snippet %q", c.lang, c.query, hits[0].Snippet)
		}
	}
	// Every word must match: a word no page has finds nothing.
	if hits := lib.Search([]string{"en"}, "guardian zzzqqq"); len(hits) != 0 {
		t.Errorf("found %d pages for a missing word", len(hits))
	}
	for _, q := range []string{"", "   ", "!!!", "a"} {
		if hits := lib.Search([]string{"en"}, q); hits != nil {
			t.Errorf("%q found %d pages", q, len(hits))
		}
	}
	// A long query is cut, not refused.
	if hits := lib.Search([]string{"en"}, strings.Repeat("guardian ", 50)); len(hits) == 0 {
		t.Error("a long query found nothing")
	}
	// The snippet is the sentence that matched.
	hits := lib.Search([]string{"en"}, "guardianship service")
	if len(hits) == 0 || !strings.Contains(strings.ToLower(hits[0].Snippet), "guardianship") {
		t.Errorf("snippet: %+v", hits)
	}
}

package content

import (
	"regexp"
	"strings"
	"testing"

	"loket/server/dossiers"
	"loket/translations"
)

func TestFrenchSpacing(t *testing.T) {
	const n = "\u202F"
	for in, want := range map[string]string{
		"Vous êtes en Belgique ? Oui !":        "Vous êtes en Belgique" + n + "? Oui" + n + "!",
		"Étudiants : la preuve ; enfin":        "Étudiants" + n + ": la preuve" + n + "; enfin",
		"Vraiment?! Non; jamais!":              "Vraiment" + n + "?! Non" + n + "; jamais" + n + "!",
		"la plateforme « Working in Belgium »": "la plateforme «" + n + "Working in Belgium" + n + "»",
		"«Working»":                            "«" + n + "Working" + n + "»",
		"déjà\u00A0: espace insécable":         "déjà" + n + ": espace insécable",
		// Times, addresses and link targets keep their colons and marks.
		"à 10:30, voir https://dofi.ibz.be/?x=1 et [ici](https://a.be/b?c=d)": "à 10:30, voir https://dofi.ibz.be/?x=1 et [ici](https://a.be/b?c=d)",
		"- Autres : ok\n: début de ligne":                                     "- Autres" + n + ": ok\n: début de ligne",
	} {
		if got := string(typeset("fr", []byte(in))); got != want {
			t.Errorf("%q\n got %q\nwant %q", in, got, want)
		}
		if got := string(typeset("en", []byte(in))); got != in {
			t.Errorf("en changed %q to %q", in, got)
		}
	}
}

// TestFrenchPagesUseFrenchTypography: every shipped French page, title,
// summary and body, has a narrow no-break space before : ; ! ? and
// inside « », and no other space there; other languages keep theirs.
func TestFrenchPagesUseFrenchTypography(t *testing.T) {
	lib, err := Load(translations.FS, dossiers.Procedures)
	if err != nil {
		t.Fatal(err)
	}
	wrong := regexp.MustCompile(`[ \x{00A0}][:;!?»]|«[ \x{00A0}]|[\p{L}][;!?](\s|<|$)|[^\x{202F}]»|«[^\x{202F}]`)
	marks := 0
	for _, key := range append(lib.Keys(), "index") {
		p, ok := lib.Page([]string{"fr"}, key)
		if !ok || p.Lang != "fr" {
			t.Fatalf("no French page %s", key)
		}
		for _, s := range []string{p.Title, p.Summary, string(p.Body)} {
			if m := wrong.FindString(s); m != "" {
				t.Errorf("%s: %q in %.200q", key, m, s)
			}
			marks += strings.Count(s, "\u202F")
		}
	}
	if marks < 30 {
		t.Errorf("only %d narrow no-break spaces in the French pages", marks)
	}
	if p, _ := lib.Page([]string{"fr"}, "work"); !strings.Contains(string(p.Body), "«\u202FWorking in Belgium\u202F»") {
		t.Error("the work page's quotation marks")
	}
	if p, _ := lib.Page([]string{"en"}, "asylum"); strings.Contains(p.Summary, "\u202F") {
		t.Error("English got French spacing")
	}
}

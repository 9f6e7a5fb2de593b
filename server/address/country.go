package address

import (
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Country is an ISO 3166-1 country: the alpha-2 code is stored, the
// alpha-3 code is what travel documents print in their machine-readable
// zone and what the back office receives.
type Country struct {
	Alpha2, Alpha3 string
}

// Countries is the ISO 3166-1 list as golang.org/x/text knows it, with
// names in the 13 languages from CLDR.
type Countries struct {
	list  []Country
	by2   map[string]Country
	mu    sync.Mutex
	names map[string][]Option // per language, sorted
}

// notCountries are codes x/text calls countries that ISO 3166-1 lists
// only as exceptionally reserved (AC, EA, UK, ...) or withdrawn (BU, DD,
// YU, ...): nobody holds a current passport of them.
var notCountries = map[string]bool{
	"AC": true, "CP": true, "DG": true, "EA": true, "EZ": true, "IC": true, "TA": true, "UK": true, "UN": true,
	"BU": true, "CT": true, "DD": true, "DY": true, "FX": true, "HV": true, "JT": true, "MI": true, "NH": true,
	"NQ": true, "PU": true, "PZ": true, "RH": true, "TP": true, "VD": true, "WK": true, "YD": true, "ZR": true,
}

// NewCountries builds the list from x/text's region data: every
// two-letter code that is a current country with an alpha-3 code and an
// English name, plus Kosovo (XK, "RKS" on its passports), whose code is
// user-assigned in ISO 3166 but used by the EU.
func NewCountries() *Countries {
	c := &Countries{by2: map[string]Country{}, names: map[string][]Option{}}
	en := display.Regions(language.English)
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() || r.IsPrivateUse() || r.String() != string([]rune{a, b}) {
				continue
			}
			a3 := r.ISO3()
			if len(a3) != 3 || a3 == "ZZZ" || notCountries[r.String()] || en.Name(r) == "" || en.Name(r) == r.String() {
				continue
			}
			k := Country{Alpha2: r.String(), Alpha3: a3}
			c.list = append(c.list, k)
			c.by2[k.Alpha2] = k
		}
	}
	k := Country{Alpha2: "XK", Alpha3: "RKS"}
	c.list = append(c.list, k)
	c.by2[k.Alpha2] = k
	return c
}

// Len is the number of countries.
func (c *Countries) Len() int { return len(c.list) }

// Get finds a country by its alpha-2 code.
func (c *Countries) Get(alpha2 string) (Country, bool) {
	k, ok := c.by2[alpha2]
	return k, ok
}

// Name is the country's name in lang, or in English when CLDR has none.
func (c *Countries) Name(alpha2, lang string) string {
	r, err := language.ParseRegion(alpha2)
	if err != nil {
		return alpha2
	}
	if n := regionNamer(lang).Name(r); n != "" {
		return n
	}
	return display.Regions(language.English).Name(r)
}

func regionNamer(lang string) display.Namer {
	tag, err := language.Parse(lang)
	if err == nil {
		if n := display.Regions(tag); n != nil {
			return n
		}
	}
	return display.Regions(language.English)
}

// Options lists every country for a reader of lang, sorted by name; the
// lists are built once per language.
func (c *Countries) Options(lang string) []Option {
	c.mu.Lock()
	defer c.mu.Unlock()
	if o, ok := c.names[lang]; ok {
		return o
	}
	out := make([]Option, len(c.list))
	for i, k := range c.list {
		out[i] = Option{k.Alpha2, c.Name(k.Alpha2, lang)}
	}
	sortOptions(out, lang)
	c.names[lang] = out
	return out
}

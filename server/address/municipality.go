package address

import (
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Municipality is one Belgian municipality (gemeente / commune / Gemeinde).
type Municipality struct {
	// Code is the lower-case ASCII form of the Dutch name ("elsene"), as
	// bpost's Dutch list spells it, so an import keeps the same codes and
	// staff accounts stay tied to their municipality.
	Code string `json:"code"`
	// Names in nl, fr and de; official bilingual names in Brussels.
	Names map[string]string `json:"names"`
	// Langs are the official languages: nl, fr or de; Brussels nl and fr.
	Langs     []string `json:"langs"`
	Province  string   `json:"province"`
	Postcodes []string `json:"postcodes"`
}

// Name is the municipality's name for a reader of lang: its own name in
// nl, fr or de, else the official name(s) in its own language(s).
func (m Municipality) Name(lang string) string {
	if n := m.Names[lang]; n != "" {
		return n
	}
	var names []string
	for _, l := range m.Langs {
		if n := m.Names[l]; n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, " / ")
}

// OfficeLang is the language its staff read on a receipt: the reader's own
// when the municipality uses it (Brussels: nl or fr), else its first one.
func (m Municipality) OfficeLang(reader string) string {
	if slices.Contains(m.Langs, reader) {
		return reader
	}
	if len(m.Langs) == 0 {
		return "nl"
	}
	return m.Langs[0]
}

// Directory is the list of municipalities and postcodes, read-only after
// it is built, so it is safe for concurrent use.
type Directory struct {
	list       []Municipality
	byCode     map[string]int
	byPostcode map[string][]int
	options    sync.Map // language -> []Option, sorted once
}

//go:embed data/municipalities.json
var curatedJSON []byte

// Curated is the list shipped with Loket: the 565 municipalities in force
// since 1 January 2025 with the bpost postcodes of all their sections,
// written from public knowledge rather than copied from bpost's file, so
// an office checks it against bpost's current list (ParseBpostCSV, "loket
// municipalities import") before going live.
func Curated() (*Directory, error) {
	var f struct {
		Municipalities []Municipality `json:"municipalities"`
	}
	if err := json.Unmarshal(curatedJSON, &f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadData, err)
	}
	return NewDirectory(f.Municipalities)
}

var (
	codePattern     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	postcodePattern = regexp.MustCompile(`^[1-9][0-9]{3}$`)
)

// NewDirectory checks a list and indexes it.
func NewDirectory(list []Municipality) (*Directory, error) {
	if len(list) == 0 {
		return nil, fmt.Errorf("%w: empty list", ErrBadData)
	}
	d := &Directory{byCode: map[string]int{}, byPostcode: map[string][]int{}}
	for _, m := range list {
		if !codePattern.MatchString(m.Code) {
			return nil, fmt.Errorf("%w: code %q", ErrBadData, m.Code)
		}
		if _, dup := d.byCode[m.Code]; dup {
			return nil, fmt.Errorf("%w: %s twice", ErrBadData, m.Code)
		}
		if len(m.Langs) == 0 || len(m.Postcodes) == 0 || m.Names["nl"] == "" {
			return nil, fmt.Errorf("%w: %s lacks languages, postcodes or a Dutch name", ErrBadData, m.Code)
		}
		for _, l := range m.Langs {
			if l != "nl" && l != "fr" && l != "de" {
				return nil, fmt.Errorf("%w: %s: language %q", ErrBadData, m.Code, l)
			}
		}
		i := len(d.list)
		for _, p := range m.Postcodes {
			if !postcodePattern.MatchString(p) {
				return nil, fmt.Errorf("%w: %s: postcode %q", ErrBadData, m.Code, p)
			}
			d.byPostcode[p] = append(d.byPostcode[p], i)
		}
		d.byCode[m.Code] = i
		d.list = append(d.list, m)
	}
	return d, nil
}

// Len is the number of municipalities.
func (d *Directory) Len() int { return len(d.list) }

// All returns the list in its stored order.
func (d *Directory) All() []Municipality { return slices.Clone(d.list) }

// Get finds a municipality by code.
func (d *Directory) Get(code string) (Municipality, bool) {
	i, ok := d.byCode[code]
	if !ok {
		return Municipality{}, false
	}
	return d.list[i], true
}

// Matches reports whether postcode belongs to the municipality.
func (d *Directory) Matches(code, postcode string) bool {
	for _, i := range d.byPostcode[postcode] {
		if d.list[i].Code == code {
			return true
		}
	}
	return false
}

// KnownPostcode reports whether any municipality has postcode.
func (d *Directory) KnownPostcode(postcode string) bool { return len(d.byPostcode[postcode]) > 0 }

// Option is a (code, name) pair for a select, in the reader's language.
type Option struct{ Code, Name string }

// Options lists the municipalities for a reader of lang, sorted by the
// name they see with that language's collation; the list is built once
// per language and must not be changed.
func (d *Directory) Options(lang string) []Option {
	if o, ok := d.options.Load(lang); ok {
		return o.([]Option)
	}
	out := make([]Option, len(d.list))
	for i, m := range d.list {
		out[i] = Option{m.Code, m.Name(lang)}
	}
	sortOptions(out, lang)
	d.options.Store(lang, out)
	return out
}

func sortOptions(out []Option, lang string) {
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	col := collate.New(tag)
	slices.SortStableFunc(out, func(a, b Option) int { return col.CompareString(a.Name, b.Name) })
}

// germanSpeaking are the nine municipalities of the German-speaking
// Community, by code, which bpost files under the province of Liège.
var germanSpeaking = []string{"eupen", "kelmis", "lontzen", "raeren", "amel", "bullingen", "burg-reuland", "butgenbach", "sankt-vith"}

// provinceLangs maps bpost's Dutch or French province names to the
// language of the municipalities in them.
var provinceLangs = map[string][]string{
	"antwerpen": {"nl"}, "anvers": {"nl"}, "limburg": {"nl"}, "limbourg": {"nl"},
	"oost-vlaanderen": {"nl"}, "flandre-orientale": {"nl"}, "west-vlaanderen": {"nl"}, "flandre-occidentale": {"nl"},
	"vlaams-brabant": {"nl"}, "brabant flamand": {"nl"},
	"henegouwen": {"fr"}, "hainaut": {"fr"}, "luik": {"fr"}, "liege": {"fr"}, "luxemburg": {"fr"}, "luxembourg": {"fr"},
	"namen": {"fr"}, "namur": {"fr"}, "waals-brabant": {"fr"}, "brabant wallon": {"fr"},
	"brussel": {"nl", "fr"}, "bruxelles": {"nl", "fr"}, "brussels hoofdstedelijk gewest": {"nl", "fr"},
	"region de bruxelles-capitale": {"nl", "fr"}, "": {"nl", "fr"},
}

// ParseBpostCSV reads bpost's list of postcodes, one row per postcode and
// place: postcode, municipality name, sub-municipality (place), province;
// separated by ';' or ',', UTF-8, with or without a header row. Rows
// without a province are Brussels. Names and languages of municipalities
// that known already has are kept (the curated list has the official
// names in nl, fr and de); others get the bpost name in every language and
// their province's language. The result replaces the whole list.
func ParseBpostCSV(r io.Reader, known *Directory) ([]Municipality, error) {
	data, err := io.ReadAll(io.LimitReader(r, 8<<20))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadData, err)
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	sep := ','
	if first, _, _ := strings.Cut(text, "\n"); strings.Count(first, ";") > strings.Count(first, ",") {
		sep = ';'
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma, cr.FieldsPerRecord, cr.TrimLeadingSpace = sep, -1, true
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadData, err)
	}
	var list []Municipality
	index := map[string]int{}
	for n, row := range rows {
		if len(row) < 2 {
			return nil, fmt.Errorf("%w: line %d has %d columns, want postcode, municipality, sub-municipality, province", ErrBadData, n+1, len(row))
		}
		pc := strings.TrimSpace(row[0])
		if n == 0 && !postcodePattern.MatchString(pc) {
			continue // header
		}
		if !postcodePattern.MatchString(pc) {
			return nil, fmt.Errorf("%w: line %d: postcode %q", ErrBadData, n+1, pc)
		}
		name := strings.TrimSpace(row[1])
		code := Slug(name)
		if code == "" {
			return nil, fmt.Errorf("%w: line %d: no municipality name", ErrBadData, n+1)
		}
		province := ""
		if len(row) > 3 {
			province = strings.ToLower(strings.TrimSpace(row[3]))
		}
		i, seen := index[code]
		if !seen {
			m := Municipality{Code: code, Names: map[string]string{"nl": name, "fr": name, "de": name}, Province: Slug(province)}
			langs, ok := provinceLangs[stripAccents(province)]
			if !ok {
				return nil, fmt.Errorf("%w: line %d: unknown province %q", ErrBadData, n+1, province)
			}
			m.Langs = slices.Clone(langs)
			if slices.Contains(germanSpeaking, code) {
				m.Langs = []string{"de"}
			}
			if known != nil {
				if k, ok := known.Get(code); ok {
					m.Names, m.Langs = k.Names, k.Langs
				}
			}
			i = len(list)
			index[code] = i
			list = append(list, m)
		}
		if !slices.Contains(list[i].Postcodes, pc) {
			list[i].Postcodes = append(list[i].Postcodes, pc)
		}
	}
	if _, err := NewDirectory(list); err != nil {
		return nil, err
	}
	return list, nil
}

// Slug is the code form of a name: lower-case ASCII letters and digits
// joined by single dashes ("Braine-l'Alleud" -> "braine-l-alleud").
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range stripAccents(strings.ToLower(name)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// stripAccents drops combining marks after canonical decomposition
// ("Liège" -> "Liege", "Büllingen" -> "Bullingen").
func stripAccents(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if r >= 0x300 && r <= 0x36f {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

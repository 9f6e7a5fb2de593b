package address

import (
	"errors"
	"loket/server/refcode"
	"slices"
	"strings"
	"testing"
	"time"
)

func testService(t *testing.T) *Service {
	t.Helper()
	dir, err := Curated()
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(nil, nil, dir, NewCountries(), Config{Secret: []byte("0123456789abcdef0123456789abcdef"),
		Now: func() time.Time { return time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReferenceRoundTripAndCheck(t *testing.T) {
	for range 200 {
		r, err := newReference()
		if err != nil {
			t.Fatal(err)
		}
		for _, typed := range []string{string(r), r.String(), strings.ToLower(r.String()), " " + r.String()[:4] + " " + r.String()[5:]} {
			if got, ok := ParseReference(typed); !ok || got != r {
				t.Fatalf("ParseReference(%q) = %q, %v; want %q", typed, got, ok, r)
			}
		}
		// Every change of one symbol is caught.
		for i := 1; i < refcode.Len; i++ {
			for _, c := range []byte(refcode.Alphabet) {
				if c == r[i] {
					continue
				}
				b := []byte(r)
				b[i] = c
				if _, ok := ParseReference(string(b)); ok {
					t.Fatalf("%s with position %d changed to %c still parses", r, i, c)
				}
			}
		}
	}
	for _, bad := range []string{"", "A", "B2345678X", "A234567890", "A23O-4567", "A234-567!"} {
		if _, ok := ParseReference(bad); ok {
			t.Errorf("ParseReference(%q) accepted", bad)
		}
	}
}

func TestCuratedDirectory(t *testing.T) {
	d, err := Curated()
	if err != nil {
		t.Fatal(err)
	}
	brussels := 0
	for _, m := range d.All() {
		if m.Province == "brussels" {
			brussels++
			if !slices.Equal(m.Langs, []string{"nl", "fr"}) {
				t.Errorf("%s: Brussels municipality with languages %v", m.Code, m.Langs)
			}
		}
		for _, l := range []string{"nl", "fr", "de"} {
			if m.Names[l] == "" {
				t.Errorf("%s: no %s name", m.Code, l)
			}
		}
	}
	if brussels != 19 || d.Len() != 565 {
		t.Errorf("%d Brussels municipalities of %d; want 19 of 565", brussels, d.Len())
	}
	tests := []struct {
		code, postcode string
		match          bool
	}{
		{"elsene", "1050", true}, {"brussel", "1020", true}, {"luik", "4000", true}, {"eupen", "4700", true},
		{"elsene", "1000", false}, {"antwerpen", "9000", false}, {"nowhere", "1050", false},
	}
	for _, tt := range tests {
		if got := d.Matches(tt.code, tt.postcode); got != tt.match {
			t.Errorf("Matches(%s, %s) = %v", tt.code, tt.postcode, got)
		}
	}
	luik, _ := d.Get("luik")
	for lang, want := range map[string]string{"nl": "Luik", "fr": "Liège", "de": "Lüttich", "uk": "Liège", "ar": "Liège"} {
		if got := luik.Name(lang); got != want {
			t.Errorf("Liège in %s: %q, want %q", lang, got, want)
		}
	}
	elsene, _ := d.Get("elsene")
	if got := elsene.Name("en"); got != "Elsene / Ixelles" {
		t.Errorf("Ixelles in en: %q", got)
	}
	for reader, want := range map[string]string{"fr": "fr", "nl": "nl", "uk": "nl", "de": "nl"} {
		if got := elsene.OfficeLang(reader); got != want {
			t.Errorf("Ixelles office language for %s: %s, want %s", reader, got, want)
		}
	}
	if eupen, _ := d.Get("eupen"); eupen.OfficeLang("ar") != "de" {
		t.Error("Eupen's receipts should be in German")
	}
	opts := d.Options("fr")
	if opts[0].Name > opts[1].Name && !strings.HasPrefix(opts[0].Name, "A") {
		t.Errorf("options not sorted: %v", opts[:3])
	}
}

func TestParseBpostCSV(t *testing.T) {
	known, _ := Curated()
	csv := "\ufeffPostcode;Gemeente;Deelgemeente;Provincie\n" +
		"1050;Elsene;Elsene;\n" +
		"4000;Luik;Luik;Luik\n" +
		"4020;Luik;Bressoux;Luik\n" +
		"4730;Raeren;Hauset;Luik\n" +
		"8670;Koksijde;Oostduinkerke;West-Vlaanderen\n" +
		"5000;Namen;Namen;Namen\n"
	list, err := ParseBpostCSV(strings.NewReader(csv), known)
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDirectory(list)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 5 {
		t.Fatalf("%d municipalities, want 5", d.Len())
	}
	if luik, _ := d.Get("luik"); luik.Names["de"] != "Lüttich" || !slices.Equal(luik.Postcodes, []string{"4000", "4020"}) {
		t.Errorf("Liège: %+v", luik)
	}
	if r, _ := d.Get("raeren"); !slices.Equal(r.Langs, []string{"de"}) {
		t.Errorf("Raeren languages %v, want de", r.Langs)
	}
	if k, _ := d.Get("koksijde"); !slices.Equal(k.Langs, []string{"nl"}) || k.Names["fr"] != "Coxyde" {
		t.Errorf("Koksijde lost its curated names: %+v", k)
	}
	// Without a known list, each name is bpost's and the languages the province's.
	bare, err := ParseBpostCSV(strings.NewReader(csv), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range bare {
		switch m.Code {
		case "koksijde":
			if !slices.Equal(m.Langs, []string{"nl"}) || m.Names["fr"] != "Koksijde" || m.Names["de"] != "Koksijde" {
				t.Errorf("Koksijde without a known list: %+v", m)
			}
		case "namen":
			if !slices.Equal(m.Langs, []string{"fr"}) || m.Names["fr"] != "Namen" {
				t.Errorf("Namur without a known list: %+v", m)
			}
		case "elsene":
			if !slices.Equal(m.Langs, []string{"nl", "fr"}) {
				t.Errorf("Ixelles without a known list: %+v", m)
			}
		}
	}
	if e, _ := d.Get("elsene"); e.Names["fr"] != "Ixelles" {
		t.Errorf("Ixelles lost its French name: %+v", e)
	}
	for name, bad := range map[string]string{
		"bad postcode":     "12a4;X;X;Luik\n",
		"unknown province": "1000;Brussel;Brussel;Atlantis\n",
		"one column":       "1000\n2000\n",
		"empty":            "",
	} {
		if _, err := ParseBpostCSV(strings.NewReader(bad), nil); !errors.Is(err, ErrBadData) {
			t.Errorf("%s: err %v, want ErrBadData", name, err)
		}
	}
}

func TestCountries(t *testing.T) {
	c := NewCountries()
	if c.Len() < 240 || c.Len() > 260 {
		t.Errorf("%d countries; ISO 3166-1 has 249", c.Len())
	}
	ua, ok := c.Get("UA")
	if !ok || ua.Alpha3 != "UKR" {
		t.Errorf("UA: %+v %v", ua, ok)
	}
	for _, code := range []string{"ZZ", "QO", "EU", "XK2"} {
		if _, ok := c.Get(code); ok && code != "XK2" {
			t.Errorf("%s should not be a country", code)
		}
	}
	for lang, want := range map[string]string{"uk": "Україна", "ar": "أوكرانيا", "nl": "Oekraïne", "ti": "ዩክሬን"} {
		if got := c.Name("UA", lang); got != want {
			t.Errorf("Ukraine in %s: %q, want %q", lang, got, want)
		}
	}
	if got := c.Name("UA", "xx"); got != "Ukraine" {
		t.Errorf("unknown language falls back to English: %q", got)
	}
	if len(c.Options("ar")) != c.Len() {
		t.Error("options list lacks countries")
	}
}

func validInput() Input {
	return Input{Surname: "Kovalenko", GivenNames: "Olena", BirthDate: "1990-04-02", Nationality: "UA",
		DocType: DocPassport, DocNumber: "FE123456", EntryDate: "2026-05-01", Street: "Rue de la Loi",
		Number: "16", Postcode: "1000", Municipality: "brussel", DepartureDate: "2026-06-20", Lang: "uk"}
}

func TestValidate(t *testing.T) {
	s := testService(t)
	today := time.Date(2026, 5, 10, 0, 0, 0, 0, time.UTC)
	if v := s.validate(validInput(), today); v != nil {
		t.Fatalf("valid input refused: %+v", v.Fields)
	}
	tests := []struct {
		name  string
		mod   func(*Input)
		field string
		key   string
	}{
		{"cyrillic surname", func(in *Input) { in.Surname = "Коваленко" }, "surname", "address.error.latin"},
		{"arabic given names", func(in *Input) { in.GivenNames = "علي" }, "given_names", "address.error.latin"},
		{"accented latin is fine", func(in *Input) { in.Surname = "Müller-Łukasz O'Neill" }, "", ""},
		{"unknown country", func(in *Input) { in.Nationality = "XX" }, "nationality", "address.error.nationality"},
		{"short passport", func(in *Input) { in.DocNumber = "AB12" }, "doc_number", "address.error.doc_number.passport"},
		{"passport with dash", func(in *Input) { in.DocNumber = "AB-123456" }, "doc_number", "address.error.doc_number.passport"},
		{"id card", func(in *Input) { in.DocType, in.DocNumber = DocIDCard, "ABC12345678" }, "", ""},
		{"unknown doc type", func(in *Input) { in.DocType = "visa" }, "doc_type", "address.error.doc_type"},
		{"unknown municipality", func(in *Input) { in.Municipality = "atlantis" }, "municipality", "address.error.municipality"},
		{"postcode elsewhere", func(in *Input) { in.Postcode = "9000" }, "postcode", "address.error.postcode_mismatch"},
		{"postcode unknown", func(in *Input) { in.Postcode = "9999" }, "postcode", "address.error.postcode_unknown"},
		{"entry in the future", func(in *Input) { in.EntryDate = "2026-05-11" }, "entry_date", "address.error.entry_future"},
		{"entry before birth", func(in *Input) { in.BirthDate = "2026-05-05"; in.EntryDate = "2026-05-01" }, "entry_date", "address.error.entry_before_birth"},
		{"departure before entry", func(in *Input) { in.DepartureDate = "2026-04-30" }, "departure_date", "address.error.departure_before_entry"},
		{"stay of 91 days", func(in *Input) { in.DepartureDate = "2026-07-31" }, "departure_date", "address.error.long_stay"},
		{"stay of 90 days", func(in *Input) { in.DepartureDate = "2026-07-30" }, "", ""},
		{"impossible date", func(in *Input) { in.BirthDate = "1990-02-30" }, "birth_date", "address.error.date"},
		{"street in arabic", func(in *Input) { in.Street = "شارع" }, "street", "address.error.latin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validInput()
			tt.mod(&in)
			v := s.validate(in, today)
			if tt.field == "" {
				if v != nil {
					t.Fatalf("refused: %+v", v.Fields)
				}
				return
			}
			if v == nil || len(v.Fields) != 1 || v.Fields[0].Field != tt.field || v.Fields[0].Key != tt.key {
				t.Fatalf("got %+v, want one error %s on %s", v, tt.key, tt.field)
			}
			if LongStay(v) != (tt.key == "address.error.long_stay") {
				t.Errorf("LongStay = %v", LongStay(v))
			}
		})
	}
}

func TestCursorRefusesForgeries(t *testing.T) {
	r, _ := newReference()
	c := makeCursor(time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), r)
	at, ref, err := parseCursor(c)
	if err != nil || ref != r || !at.Equal(time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)) {
		t.Fatalf("round trip: %v %v %v", at, ref, err)
	}
	for _, bad := range []string{"x", c[:len(c)-2], c + "AA", "!!!!"} {
		if _, _, err := parseCursor(bad); !errors.Is(err, ErrBadCursor) {
			t.Errorf("parseCursor(%q) = %v", bad, err)
		}
	}
}

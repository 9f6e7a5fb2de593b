package address

import (
	"slices"
	"strconv"
	"testing"
)

func curated(t *testing.T) *Directory {
	t.Helper()
	d, err := Curated()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestCuratedCounts checks the list against the municipalities in force
// since 1 January 2025: 285 Flemish, 19 in Brussels, 261 Walloon of which
// 9 German-speaking.
func TestCuratedCounts(t *testing.T) {
	d := curated(t)
	if d.Len() != 565 {
		t.Errorf("%d municipalities, want 565", d.Len())
	}
	wantProvince := map[string]int{
		"brussels": 19, "antwerp": 67, "limburg": 38, "east_flanders": 55, "west_flanders": 62, "flemish_brabant": 63,
		"walloon_brabant": 27, "hainaut": 69, "liege": 84, "luxembourg": 43, "namur": 38,
	}
	flemish := []string{"antwerp", "limburg", "east_flanders", "west_flanders", "flemish_brabant"}
	byProvince := map[string]int{}
	byLangs := map[string]int{}
	var german []string
	for _, m := range d.All() {
		byProvince[m.Province]++
		langs := m.Langs[0]
		for _, l := range m.Langs[1:] {
			langs += "+" + l
		}
		byLangs[langs]++
		var want string
		switch {
		case m.Province == "brussels":
			want = "nl+fr"
		case slices.Contains(flemish, m.Province):
			want = "nl"
		case slices.Contains(germanSpeaking, m.Code):
			want = "de"
			german = append(german, m.Code)
		default:
			want = "fr"
		}
		if langs != want {
			t.Errorf("%s (%s): languages %s, want %s", m.Code, m.Province, langs, want)
		}
	}
	for p, want := range wantProvince {
		if byProvince[p] != want {
			t.Errorf("%s: %d municipalities, want %d", p, byProvince[p], want)
		}
	}
	if len(byProvince) != len(wantProvince) {
		t.Errorf("provinces %v, want those of %v", byProvince, wantProvince)
	}
	for langs, want := range map[string]int{"nl": 285, "nl+fr": 19, "de": 9, "fr": 252} {
		if byLangs[langs] != want {
			t.Errorf("%d municipalities in %s, want %d", byLangs[langs], langs, want)
		}
	}
	slices.Sort(german)
	wantGerman := slices.Sorted(slices.Values(germanSpeaking))
	if !slices.Equal(german, wantGerman) {
		t.Errorf("German-speaking municipalities %v, want %v", german, wantGerman)
	}
}

// TestCuratedPostcodeRanges checks that every postcode lies in its
// province's bpost range, but for the exceptions listed here.
func TestCuratedPostcodeRanges(t *testing.T) {
	type span struct{ lo, hi int }
	ranges := map[string][]span{
		"brussels":        {{1000, 1299}},
		"walloon_brabant": {{1300, 1499}},
		"flemish_brabant": {{1500, 1999}, {3000, 3499}},
		"antwerp":         {{2000, 2999}},
		"limburg":         {{3500, 3999}},
		"liege":           {{4000, 4999}},
		"namur":           {{5000, 5999}},
		"hainaut":         {{6000, 6599}, {7000, 7999}},
		"luxembourg":      {{6600, 6999}},
		"west_flanders":   {{8000, 8999}},
		"east_flanders":   {{9000, 9999}},
	}
	// Zwijndrecht (2070, Antwerp's range) joined Beveren and Kruibeke in
	// East Flanders in 2025. The City of Brussels also covers parts of
	// Etterbeek's and Ixelles' postcodes, which stay in range.
	exceptions := map[string][]string{"beveren-kruibeke-zwijndrecht": {"2070"}}
	used := map[string]int{}
	d := curated(t)
	for _, m := range d.All() {
		spans, ok := ranges[m.Province]
		if !ok {
			t.Errorf("%s: unknown province %q", m.Code, m.Province)
			continue
		}
		if !slices.IsSorted(m.Postcodes) || len(slices.Compact(slices.Clone(m.Postcodes))) != len(m.Postcodes) {
			t.Errorf("%s: postcodes %v not sorted or repeated", m.Code, m.Postcodes)
		}
		for _, p := range m.Postcodes {
			n, _ := strconv.Atoi(p)
			in := slices.ContainsFunc(spans, func(s span) bool { return n >= s.lo && n <= s.hi })
			if slices.Contains(exceptions[m.Code], p) {
				used[m.Code]++
				if in {
					t.Errorf("%s: %s listed as an exception but in range", m.Code, p)
				}
				continue
			}
			if !in {
				t.Errorf("%s (%s): postcode %s outside the province's range", m.Code, m.Province, p)
			}
		}
	}
	for code, pcs := range exceptions {
		if used[code] != len(pcs) {
			t.Errorf("exception %s %v not in the list", code, pcs)
		}
	}
}

// TestCuratedNames checks codes and names: each code is the slug of the
// Dutch name (as an import would make it), every name is present, and no
// two municipalities show a reader the same name, but for real homonyms.
func TestCuratedNames(t *testing.T) {
	// Sint-Niklaas (East Flanders) and Saint-Nicolas (Liège) are both
	// "Saint-Nicolas" in French; their postcodes tell them apart.
	homonyms := map[string]bool{"fr:Saint-Nicolas": true}
	d := curated(t)
	seen := map[string]string{}
	for _, m := range d.All() {
		if got := Slug(m.Names["nl"]); got != m.Code {
			t.Errorf("%s: code is not the slug of its Dutch name %q (%s)", m.Code, m.Names["nl"], got)
		}
		for _, l := range []string{"nl", "fr", "de"} {
			n := m.Names[l]
			if n == "" {
				t.Errorf("%s: no %s name", m.Code, l)
				continue
			}
			key := l + ":" + n
			if other, dup := seen[key]; dup && !homonyms[key] {
				t.Errorf("%s and %s are both %q in %s", other, m.Code, n, l)
			}
			seen[key] = m.Code
		}
		own := m.Names[m.Langs[0]]
		if m.Province == "brussels" && (m.Names["nl"] == "" || m.Names["fr"] == "") {
			t.Errorf("%s: Brussels municipality without both official names", m.Code)
		}
		if own == "" {
			t.Errorf("%s: no name in its own language", m.Code)
		}
	}
	for key := range homonyms {
		if _, ok := seen[key]; !ok {
			t.Errorf("homonym %s not in the list", key)
		}
	}
	for code, want := range map[string]map[string]string{
		"brussel":                      {"nl": "Brussel", "fr": "Bruxelles", "de": "Brüssel"},
		"antwerpen":                    {"nl": "Antwerpen", "fr": "Anvers", "de": "Antwerpen"},
		"leuven":                       {"nl": "Leuven", "fr": "Louvain", "de": "Löwen"},
		"namen":                        {"nl": "Namen", "fr": "Namur", "de": "Namur"},
		"kelmis":                       {"nl": "Kelmis", "fr": "La Calamine", "de": "Kelmis"},
		"sint-genesius-rode":           {"nl": "Sint-Genesius-Rode", "fr": "Rhode-Saint-Genèse"},
		"komen-waasten":                {"nl": "Komen-Waasten", "fr": "Comines-Warneton"},
		"tongeren-borgloon":            {"nl": "Tongeren-Borgloon", "fr": "Tongres-Borgloon"},
		"beveren-kruibeke-zwijndrecht": {"nl": "Beveren-Kruibeke-Zwijndrecht", "fr": "Beveren-Kruibeke-Zwijndrecht"},
		"waimes":                       {"fr": "Waimes", "de": "Weismes"},
	} {
		m, ok := d.Get(code)
		if !ok {
			t.Errorf("%s missing", code)
			continue
		}
		for l, n := range want {
			if m.Names[l] != n {
				t.Errorf("%s in %s: %q, want %q", code, l, m.Names[l], n)
			}
		}
	}
}

// TestCuratedPostcodes checks well-known postcode and municipality pairs
// the form must accept, and neighbours' postcodes it must refuse.
func TestCuratedPostcodes(t *testing.T) {
	d := curated(t)
	tests := []struct {
		code, postcode string
		match          bool
	}{
		{"brussel", "1000", true}, {"brussel", "1020", true}, {"brussel", "1120", true}, {"brussel", "1130", true},
		{"brussel", "1040", true}, {"etterbeek", "1040", true}, {"elsene", "1050", true}, {"brussel", "1050", true},
		{"ukkel", "1180", true}, {"sint-joost-ten-node", "1210", true}, {"schaarbeek", "1030", true},
		{"antwerpen", "2000", true}, {"antwerpen", "2660", true}, {"antwerpen", "2150", true}, {"antwerpen", "2100", true},
		{"gent", "9000", true}, {"gent", "9052", true}, {"gent", "9042", true},
		{"leuven", "3001", true}, {"mechelen", "2812", true}, {"brugge", "8380", true}, {"oostende", "8400", true},
		{"hasselt", "3500", true}, {"genk", "3600", true}, {"kortrijk", "8511", true}, {"aalst", "9320", true},
		{"sint-genesius-rode", "1640", true}, {"voeren", "3798", true}, {"spiere-helkijn", "8587", true},
		{"ottignies-louvain-la-neuve", "1348", true}, {"eigenbrakel", "1420", true}, {"waver", "1301", true},
		{"luik", "4000", true}, {"luik", "4020", true}, {"herstal", "4040", true}, {"verviers", "4800", true},
		{"eupen", "4700", true}, {"raeren", "4731", true}, {"sankt-vith", "4780", true}, {"bullingen", "4761", true},
		{"namen", "5000", true}, {"namen", "5100", true}, {"dinant", "5500", true},
		{"charleroi", "6000", true}, {"charleroi", "6041", true}, {"bergen", "7000", true}, {"doornik", "7500", true},
		{"moeskroen", "7700", true}, {"komen-waasten", "7782", true},
		{"aarlen", "6700", true}, {"bastenaken", "6600", true}, {"marche-en-famenne", "6900", true},
		{"elsene", "1000", false}, {"brussel", "1060", false}, {"etterbeek", "1050", false},
		{"antwerpen", "2070", false}, {"antwerpen", "9000", false}, {"gent", "9080", false},
		{"luik", "4040", false}, {"eupen", "4720", false}, {"namen", "5030", false},
		{"tielt", "3390", false}, {"tielt-winge", "8700", false},
		{"sint-niklaas", "4420", false}, {"saint-nicolas", "9100", false},
		{"nowhere", "1050", false}, {"brussel", "", false},
	}
	for _, tt := range tests {
		if got := d.Matches(tt.code, tt.postcode); got != tt.match {
			t.Errorf("Matches(%s, %s) = %v, want %v", tt.code, tt.postcode, got, tt.match)
		}
	}
	for _, unknown := range []string{"1299", "2999", "9999", "1234", "0000"} {
		if d.KnownPostcode(unknown) {
			t.Errorf("postcode %s should be unknown", unknown)
		}
	}
}

// TestCuratedMergers checks the municipalities merged on 1 January 2025
// (and 2019) carry the postcodes of their former municipalities, which are
// gone from the list.
func TestCuratedMergers(t *testing.T) {
	d := curated(t)
	tests := []struct {
		code, name, province string
		postcodes            []string // of the former municipalities
		former               []string
	}{
		{"beveren-kruibeke-zwijndrecht", "Beveren-Kruibeke-Zwijndrecht", "east_flanders", []string{"2070", "9120", "9130", "9150"}, []string{"beveren", "kruibeke", "zwijndrecht"}},
		{"antwerpen", "Antwerpen", "antwerp", []string{"2000", "2150"}, []string{"borsbeek"}},
		{"bilzen-hoeselt", "Bilzen-Hoeselt", "limburg", []string{"3730", "3732", "3740", "3742", "3746"}, []string{"bilzen", "hoeselt"}},
		{"tongeren-borgloon", "Tongeren-Borgloon", "limburg", []string{"3700", "3840"}, []string{"tongeren", "borgloon"}},
		{"hasselt", "Hasselt", "limburg", []string{"3500", "3720", "3721", "3722", "3723", "3724"}, []string{"kortessem"}},
		{"tessenderlo-ham", "Tessenderlo-Ham", "limburg", []string{"3945", "3980"}, []string{"tessenderlo", "ham"}},
		{"nazareth-de-pinte", "Nazareth-De Pinte", "east_flanders", []string{"9810", "9840"}, []string{"nazareth", "de-pinte"}},
		{"merelbeke-melle", "Merelbeke-Melle", "east_flanders", []string{"9090", "9820"}, []string{"merelbeke", "melle"}},
		{"lochristi", "Lochristi", "east_flanders", []string{"9080", "9185"}, []string{"wachtebeke"}},
		{"lokeren", "Lokeren", "east_flanders", []string{"9160", "9180"}, []string{"moerbeke"}},
		{"pajottegem", "Pajottegem", "flemish_brabant", []string{"1540", "1541", "1570", "1755"}, []string{"galmaarden", "gooik", "herne"}},
		{"tielt", "Tielt", "west_flanders", []string{"8700", "8760"}, []string{"meulebeke"}},
		{"wingene", "Wingene", "west_flanders", []string{"8750", "8755"}, []string{"ruiselede"}},
		{"bastenaken", "Bastenaken", "luxembourg", []string{"6600", "6686", "6687", "6688"}, []string{"bertogne"}},
		// 2019
		{"aalter", "Aalter", "east_flanders", []string{"9880", "9881", "9910"}, []string{"knesselare"}},
		{"deinze", "Deinze", "east_flanders", []string{"9800", "9850"}, []string{"nevele"}},
		{"kruisem", "Kruisem", "east_flanders", []string{"9750", "9770", "9771", "9772"}, []string{"kruishoutem", "zingem"}},
		{"lievegem", "Lievegem", "east_flanders", []string{"9920", "9921", "9930", "9931", "9932", "9950"}, []string{"lovendegem", "waarschoot", "zomergem"}},
		{"oudsbergen", "Oudsbergen", "limburg", []string{"3660", "3670"}, []string{"meeuwen-gruitrode", "opglabbeek"}},
		{"pelt", "Pelt", "limburg", []string{"3900", "3910"}, []string{"neerpelt", "overpelt"}},
		{"puurs-sint-amands", "Puurs-Sint-Amands", "antwerp", []string{"2870", "2890"}, []string{"puurs", "sint-amands"}},
	}
	for _, tt := range tests {
		m, ok := d.Get(tt.code)
		if !ok {
			t.Errorf("%s missing", tt.code)
			continue
		}
		if m.Names["nl"] != tt.name || m.Province != tt.province {
			t.Errorf("%s: %q in %s, want %q in %s", tt.code, m.Names["nl"], m.Province, tt.name, tt.province)
		}
		for _, p := range tt.postcodes {
			if !d.Matches(tt.code, p) {
				t.Errorf("%s lacks %s", tt.code, p)
			}
		}
		for _, f := range tt.former {
			if _, ok := d.Get(f); ok {
				t.Errorf("%s still listed; it is part of %s", f, tt.code)
			}
		}
	}
}

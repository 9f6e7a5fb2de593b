package locale

// pluralRules are the CLDR cardinal plural rules (CLDR 44) of Loket's
// languages, for whole numbers: counts of days, places, dossiers. They are
// written out because x/text's tables predate CLDR 38 and miss French and
// Spanish "many". A language without a rule uses "one" for 1.
var pluralRules = map[string]func(n int) string{
	"ar": func(n int) string {
		switch m := n % 100; {
		case n == 0:
			return "zero"
		case n == 1:
			return "one"
		case n == 2:
			return "two"
		case m >= 3 && m <= 10:
			return "few"
		case m >= 11 && m <= 99:
			return "many"
		}
		return "other"
	},
	"fr": romanceMany(func(n int) bool { return n == 0 || n == 1 }),
	"es": romanceMany(func(n int) bool { return n == 1 }),
	"fa": func(n int) string { return oneIf(n == 0 || n == 1) },
	"ti": func(n int) string { return oneIf(n == 0 || n == 1) },
	"ru": eastSlavic,
	"uk": eastSlavic,
}

// romanceMany is French and Spanish: "many" for exact millions.
func romanceMany(one func(int) bool) func(int) string {
	return func(n int) string {
		switch {
		case one(n):
			return "one"
		case n != 0 && n%1000000 == 0:
			return "many"
		}
		return "other"
	}
}

func eastSlavic(n int) string {
	m10, m100 := n%10, n%100
	switch {
	case m10 == 1 && m100 != 11:
		return "one"
	case m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14):
		return "few"
	}
	return "many"
}

func oneIf(b bool) string {
	if b {
		return "one"
	}
	return "other"
}

// pluralCategory is the CLDR category of n in lang.
func pluralCategory(lang string, n int) string {
	if n < 0 {
		n = -n
	}
	if r, ok := pluralRules[lang]; ok {
		return r(n)
	}
	return oneIf(n == 1)
}

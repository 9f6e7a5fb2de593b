package kit

import (
	"sync"
	"sync/atomic"
)

// Memo keeps printed strings that repeat across requests (dates, estimate
// sentences) so that a status lookup does not print them again each time.
// It stops growing at max entries; after that it prints without keeping.
type Memo struct {
	m   sync.Map
	n   atomic.Int64
	Max int64
}

func (m *Memo) Get(key string, print func() string) string {
	if v, ok := m.m.Load(key); ok {
		return v.(string)
	}
	s := print()
	if m.n.Load() < m.Max {
		if _, loaded := m.m.LoadOrStore(key, s); !loaded {
			m.n.Add(1)
		}
	}
	return s
}

// Written-out dates are kept per language and day from 2000 to 2099, the
// days a dossier's events, deadlines and appointments fall on; a lookup
// prints several, and a slice index is far cheaper than a map.
const (
	firstMemoYear = 2000
	memoDays      = 100 * 372
)

// DateMemo holds each language's written-out dates by day.
type DateMemo struct {
	byLang map[string][]atomic.Pointer[string] // filled at start, then only read
}

func newDateMemo(langs []string) *DateMemo {
	m := &DateMemo{byLang: make(map[string][]atomic.Pointer[string], len(langs))}
	for _, l := range langs {
		m.byLang[l] = make([]atomic.Pointer[string], memoDays)
	}
	return m
}

// get returns the text for day ("YYYY-MM-DD") in lang, printing it once.
func (m *DateMemo) Get(lang, day string, print func() string) string {
	slots := m.byLang[lang]
	i, ok := DayIndex(day)
	if !ok || slots == nil {
		return print()
	}
	if s := slots[i].Load(); s != nil {
		return *s
	}
	s := print()
	slots[i].Store(&s)
	return s
}

// DayIndex is the day's place from 1 January 2000, without time.Parse.
func DayIndex(day string) (int, bool) {
	if len(day) != 10 || day[4] != '-' || day[7] != '-' {
		return 0, false
	}
	n := 0
	for _, c := range []byte(day[:4] + day[5:7] + day[8:]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	y, mo, d := n/10000, n/100%100, n%100
	if y < firstMemoYear || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return 0, false
	}
	i := (y-firstMemoYear)*372 + (mo-1)*31 + d - 1
	return i, i < memoDays
}

package forms

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// testNow is a fixed "now": 15 March 2025, 10:00 in Brussels.
func testNow(t testing.TB) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(2025, 3, 15, 10, 0, 0, 0, loc)
}

// testSet loads the definitions under testdata/defs.
func testSet(t testing.TB) *Set {
	t.Helper()
	set, err := load(os.DirFS("testdata/defs"))
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func mustForm(t testing.TB, set *Set, id string) *Form {
	t.Helper()
	f, ok := set.Get(id)
	if !ok {
		t.Fatalf("form %q not loaded", id)
	}
	return f
}

// keyPrinter "translates" a key to "[key]" or "[key a=b]", so tests can see
// which key and arguments were printed; it is RTL to check dir handling.
type keyPrinter struct{}

func (keyPrinter) T(key string, args ...any) string {
	var b strings.Builder
	b.WriteString("[" + key)
	for i := 0; i+1 < len(args); i += 2 {
		fmt.Fprintf(&b, " %v=%v", args[i], args[i+1])
	}
	return b.String() + "]"
}
func (keyPrinter) Lang() string { return "ar" }
func (keyPrinter) Dir() string  { return "rtl" }

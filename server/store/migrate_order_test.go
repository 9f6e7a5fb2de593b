package store

import (
	"strings"
	"testing"
)

// TestMigrationsInOrder: the schema steps are listed by their numbers, so
// that the list reads as the data file's history.
func TestMigrationsInOrder(t *testing.T) {
	for i := 1; i < len(migrations); i++ {
		prev, _, _ := strings.Cut(migrations[i-1].id, "-")
		cur, _, _ := strings.Cut(migrations[i].id, "-")
		if cur < prev {
			t.Errorf("step %s is listed after %s", migrations[i].id, migrations[i-1].id)
		}
	}
}

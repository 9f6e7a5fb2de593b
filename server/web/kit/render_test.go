package kit

import (
	"io/fs"
	"testing"

	"loket/pwa"
)

// TestStaffPagesInTheStaffFolder: the layout is chosen by folder, so a
// staff console page left among the phone's pages would be drawn in the
// phone's layout.
func TestStaffPagesInTheStaffFolder(t *testing.T) {
	misplaced, err := fs.Glob(pwa.FS, "templates/pages/staff_*.html")
	if err != nil {
		t.Fatal(err)
	}
	if len(misplaced) > 0 {
		t.Errorf("staff pages outside pwa/templates/staff: %v", misplaced)
	}
}

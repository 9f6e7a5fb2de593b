package kit

import (
	"io/fs"
	"strings"
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

// TestLayoutsPrintTheRenderedContent: a page's own part is rendered
// before its layout (View.Reviewed needs the messages it printed), so a
// layout prints {{.Content}}; one that executed the "content" template
// again would render the page twice.
func TestLayoutsPrintTheRenderedContent(t *testing.T) {
	for _, set := range layoutSets {
		b, err := fs.ReadFile(set.fsys, set.layout)
		if err != nil {
			t.Fatal(err)
		}
		if s := string(b); strings.Count(s, "{{.Content}}") != 1 || strings.Contains(s, `template "content"`) {
			t.Errorf("%s %s: print {{.Content}} once, not the content template", set.shell, set.layout)
		}
	}
}

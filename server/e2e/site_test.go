package e2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"loket/server/locale"
	"loket/translations"
)

var (
	htmlStart = regexp.MustCompile(`<html[^>]*\blang="([^"]*)"[^>]*\bdir="([^"]*)"`)
	linkAttr  = regexp.MustCompile(`\b(href|src)="(/[^"#]*)"`)
)

// crawled is one answer of the walk.
type crawled struct {
	path, body string
	status     int
	html       bool
}

// TestTheWholeSiteHasNoDeadEndsAndIsValidHTML walks every public page a
// visitor can reach by following links, from the phone's home page and
// the kiosk's in every language, as someone clicking through would. Each
// page must answer without a server error, carry the language and
// direction of its path, show no "#ZgotmplZ" (what html/template writes
// for a URL it refuses, such as a tel: link built at run time), and every
// link and asset on it must lead somewhere (no 404). The pages of one
// left-to-right and two right-to-left languages then go through the W3C
// Nu Html Checker (vnu), which must report no error.
func TestTheWholeSiteHasNoDeadEndsAndIsValidHTML(t *testing.T) {
	p := start(t, "-demo")
	cats, err := locale.Load(translations.FS, locale.Options{Default: "en"})
	if err != nil {
		t.Fatal(err)
	}
	dirs := map[string]string{}
	var queue []string
	for _, m := range cats.Languages() {
		dirs[m.Code] = m.Dir
		queue = append(queue, "/"+m.Code+"/", "/kiosk/"+m.Code+"/home")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	fetch := func(path string) crawled {
		res, err := client.Get(p.URL + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if loc := res.Header.Get("Location"); res.StatusCode/100 == 3 && strings.HasPrefix(loc, "/") {
			queue = append(queue, loc)
		}
		return crawled{path: path, body: string(b), status: res.StatusCode, html: strings.HasPrefix(res.Header.Get("Content-Type"), "text/html")}
	}
	seen := map[string]bool{}
	variants := map[string]int{} // queries visited per path: weeks of free times go on forever
	linkedFrom := map[string]string{}
	var pages []crawled
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		bare, _, _ := strings.Cut(path, "?")
		if seen[path] || variants[bare] >= 2 || strings.HasSuffix(bare, "/events") || strings.Contains(bare, "/staff") {
			continue
		}
		seen[path] = true
		variants[bare]++
		pg := fetch(path)
		switch {
		case pg.status >= 500 || pg.status == http.StatusNotFound:
			t.Errorf("GET %s (linked from %s): %d", path, linkedFrom[path], pg.status)
			continue
		case !pg.html:
			continue
		}
		if strings.Contains(pg.body, "ZgotmplZ") {
			t.Errorf("GET %s: the page shows #ZgotmplZ", path)
		}
		lang := strings.Split(strings.TrimPrefix(strings.TrimPrefix(bare, "/kiosk"), "/"), "/")[0]
		if m := htmlStart.FindStringSubmatch(pg.body); m == nil {
			t.Errorf("GET %s: <html> without lang and dir", path)
		} else if dir, ok := dirs[lang]; ok && (m[1] != lang || m[2] != dir) {
			t.Errorf("GET %s: lang=%q dir=%q, want %q %q", path, m[1], m[2], lang, dir)
		}
		if pg.status == http.StatusOK {
			pages = append(pages, pg)
		}
		for _, m := range linkAttr.FindAllStringSubmatch(pg.body, -1) {
			link := strings.ReplaceAll(m[2], "&amp;", "&")
			if !seen[link] {
				if _, ok := linkedFrom[link]; !ok {
					linkedFrom[link] = path
				}
				queue = append(queue, link)
			}
		}
	}
	if len(pages) < 13*40 {
		t.Errorf("crawled only %d pages: the walk stopped early", len(pages))
	}
	t.Logf("%d addresses visited, %d pages", len(seen), len(pages))

	vnu(t, pages, func(path string) bool {
		for _, prefix := range []string{"/en/", "/ar/", "/ti/", "/kiosk/fa/"} {
			if strings.HasPrefix(path, prefix) {
				return true
			}
		}
		return false
	})
}

// vnu checks the chosen pages with the Nu Html Checker in one run.
func vnu(t *testing.T, pages []crawled, chosen func(string) bool) {
	t.Helper()
	java := needTool(t, "java", "default-jre-headless")
	jar, err := filepath.Abs("node_modules/vnu-jar/build/dist/vnu.jar")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("vnu.jar is missing: run 'npm ci' in server/e2e (make test does): %v", err)
	}
	dir := t.TempDir()
	names := map[string]string{}
	for i, pg := range pages {
		if !chosen(pg.path) {
			continue
		}
		name := filepath.Join(dir, fmt.Sprintf("%04d.html", i))
		names[name] = pg.path
		if err := os.WriteFile(name, []byte(pg.body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	files := make([]string, 0, len(names))
	for n := range names {
		files = append(files, n)
	}
	sort.Strings(files)
	out, err := exec.Command(java, append([]string{"-jar", jar, "--errors-only", "--format", "gnu"}, files...)...).CombinedOutput()
	if err == nil {
		t.Logf("vnu: %d pages valid", len(files))
		return
	}
	report := string(out)
	for name, path := range names {
		report = strings.ReplaceAll(report, `"file:`+name+`"`, path)
	}
	t.Errorf("vnu found errors (%v):\n%s", err, report)
}

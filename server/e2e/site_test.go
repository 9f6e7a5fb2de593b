package e2e

import (
	"context"
	"encoding/base32"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"loket/server/accounts"
	"loket/server/locale"
	"loket/translations"
)

var (
	htmlStart  = regexp.MustCompile(`<html[^>]*\blang="([^"]*)"[^>]*\bdir="([^"]*)"`)
	linkAttr   = regexp.MustCompile(`\b(href|src)="(/[^"#]*)"`)
	fragment   = regexp.MustCompile(`\bhref="(/[^"#]*)?#([^"]+)"`)
	csrfField  = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	totpSecret = regexp.MustCompile(`id="totp-secret"[^>]*>([^<]+)<`)
)

// crawled is one answer of the walk.
type crawled struct {
	path, body string
	status     int
}

// site is a running server walked by one visitor (one cookie jar).
type site struct {
	t      *testing.T
	base   string
	client *http.Client
	dirs   map[string]string // language code: dir
}

func newSite(t *testing.T, base string) *site {
	t.Helper()
	cats, err := locale.Load(translations.FS, locale.Options{Default: "en"})
	if err != nil {
		t.Fatal(err)
	}
	dirs := map[string]string{}
	for _, m := range cats.Languages() {
		dirs[m.Code] = m.Dir
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &site{t: t, base: base, client: client, dirs: dirs}
}

// walk follows every link and asset from the start pages, as someone
// clicking through would, and checks each answer: no server error, no
// 404, the language and direction of its path on <html>, no "#ZgotmplZ"
// (what html/template writes for a URL it refuses, such as a tel: link
// built at run time). skip leaves paths out (signing out). It returns the
// HTML pages that answered 200.
func (s *site) walk(starts []string, skip func(string) bool) []crawled {
	t := s.t
	t.Helper()
	queue := append([]string(nil), starts...)
	seen := map[string]bool{}
	variants := map[string]int{} // queries visited per path: weeks of free times go on forever
	linkedFrom := map[string]string{}
	var pages []crawled
	type anchor struct{ from, target, id string }
	var anchors []anchor
	bodies := map[string]string{}
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		bare, _, _ := strings.Cut(path, "?")
		if seen[path] || variants[bare] >= 2 || strings.HasSuffix(bare, "/events") || skip(bare) {
			continue
		}
		seen[path] = true
		variants[bare]++
		res, err := s.client.Get(s.base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		body := string(b)
		if loc := res.Header.Get("Location"); res.StatusCode/100 == 3 && strings.HasPrefix(loc, "/") {
			queue = append(queue, loc)
		}
		if res.StatusCode >= 500 || res.StatusCode == http.StatusNotFound {
			t.Errorf("GET %s (linked from %s): %d", path, linkedFrom[path], res.StatusCode)
			continue
		}
		if strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") && res.StatusCode == http.StatusOK {
			pages = append(pages, crawled{path: path, body: body, status: res.StatusCode})
			continue
		}
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			continue
		}
		if strings.Contains(body, "ZgotmplZ") {
			t.Errorf("GET %s: the page shows #ZgotmplZ", path)
		}
		lang := strings.Split(strings.TrimPrefix(strings.TrimPrefix(bare, "/kiosk"), "/"), "/")[0]
		if m := htmlStart.FindStringSubmatch(body); m == nil {
			t.Errorf("GET %s: <html> without lang and dir", path)
		} else if dir, ok := s.dirs[lang]; ok && (m[1] != lang || m[2] != dir) {
			t.Errorf("GET %s: lang=%q dir=%q, want %q %q", path, m[1], m[2], lang, dir)
		}
		if res.StatusCode == http.StatusOK {
			pages = append(pages, crawled{path: path, body: body, status: res.StatusCode})
		}
		bodies[path] = body
		for _, m := range fragment.FindAllStringSubmatch(body, -1) {
			target := strings.ReplaceAll(m[1], "&amp;", "&")
			if target == "" {
				target = path
			} else if !seen[target] {
				queue = append(queue, target)
			}
			anchors = append(anchors, anchor{from: path, target: target, id: m[2]})
		}
		for _, m := range linkAttr.FindAllStringSubmatch(body, -1) {
			link := strings.ReplaceAll(m[2], "&amp;", "&")
			if !seen[link] {
				if _, ok := linkedFrom[link]; !ok {
					linkedFrom[link] = path
				}
				queue = append(queue, link)
			}
		}
	}
	// A link to a part of a page must find that part, or it leads nowhere
	// in particular: the skip link, "how to reach the helpdesk".
	for _, a := range anchors {
		if body, ok := bodies[a.target]; ok && !strings.Contains(body, `id="`+a.id+`"`) {
			t.Errorf("%s links to %s#%s, which has no element with that id", a.from, a.target, a.id)
		}
	}
	t.Logf("%d addresses visited, %d pages", len(seen), len(pages))
	return pages
}

// post sends a form with the CSRF token of the page at from, and returns
// the status and where it leads, or the page it answers.
func (s *site) post(from, action string, form url.Values) (int, string) {
	s.t.Helper()
	page := s.get(from)
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		s.t.Fatalf("%s: no CSRF field", from)
	}
	form.Set("_csrf", m[1])
	res, err := s.client.PostForm(s.base+action, form)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	if loc := res.Header.Get("Location"); loc != "" {
		return res.StatusCode, loc
	}
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func (s *site) get(path string) string {
	s.t.Helper()
	res, err := s.client.Get(s.base + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// TestTheWholeSiteHasNoDeadEndsAndIsValidHTML walks every public page a
// visitor can reach by following links, from the phone's home page and
// the kiosk's in every language. The pages of one left-to-right and two
// right-to-left languages then go through the W3C Nu Html Checker (vnu),
// which must report no error.
func TestTheWholeSiteHasNoDeadEndsAndIsValidHTML(t *testing.T) {
	p := start(t, "-demo")
	s := newSite(t, p.URL)
	var starts []string
	for lang := range s.dirs {
		starts = append(starts, "/"+lang+"/", "/kiosk/"+lang+"/home")
	}
	sort.Strings(starts)
	pages := s.walk(starts, func(path string) bool { return strings.Contains(path, "/staff") })
	if len(pages) < len(s.dirs)*40 {
		t.Errorf("walked only %d pages: the walk stopped early", len(pages))
	}
	vnu(t, pages, "/en/", "/ar/", "/ti/", "/kiosk/fa/")
}

// TestEveryStaffPageByRole signs in as each demo role (password and
// second factor, over plain HTTP as a browser without JavaScript would)
// and walks every console page that role reaches by links, with the same
// checks as the public walk; the English and Arabic pages go through vnu.
func TestEveryStaffPageByRole(t *testing.T) {
	p := start(t, "-demo")
	var all []crawled
	shapes := map[string]int{}
	for _, role := range []string{"admin", "supervisor", "helpdesk", "lawyer", "municipality"} {
		t.Run(role, func(t *testing.T) {
			s := newSite(t, p.URL)
			s.signIn(role + "@demo.loket.invalid")
			pages := s.walk([]string{"/en/staff/", "/ar/staff/"}, func(path string) bool {
				return !strings.Contains(path, "/staff") && !strings.HasPrefix(path, "/assets/") ||
					strings.HasSuffix(path, "/signin") || strings.HasSuffix(path, "/signout")
			})
			if len(pages) < 4 {
				t.Errorf("walked only %d pages", len(pages))
			}
			if role == "supervisor" || role == "admin" {
				pages = append(pages, officePages(t, s, pages)...)
			}
			all = append(all, pages...)
			s.axe(pages, shapes)
		})
	}
	vnu(t, all, "/en/", "/ar/")
}

// axe opens the walked English and Arabic pages in Chromium with the
// walker's cookies (its signed-in session) and runs axe-core on each,
// skipping a page whose shape (its path with identifiers and query put in
// general) was already checked, for this role or another.
func (s *site) axe(pages []crawled, shapes map[string]int) {
	t := s.t
	t.Helper()
	u, _ := url.Parse(s.base)
	var todo []string
	for _, pg := range pages {
		shape := pageShape(pg.path)
		if !(strings.HasPrefix(pg.path, "/en/") || strings.HasPrefix(pg.path, "/ar/")) ||
			strings.Contains(pg.path, "?refused") || strings.HasSuffix(pg.path, "/closures") {
			continue // one language each way; the posted answers cannot be opened by their address
		}
		if shapes[shape]++; shapes[shape] == 1 {
			todo = append(todo, pg.path)
		}
	}
	var ctx context.Context
	checked := 0
	for _, path := range todo {
		if checked%30 == 0 { // a tab has 90 seconds
			ctx = tab(t)
			for _, c := range s.client.Jar.Cookies(u) {
				do(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
					_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: c.Name, Value: c.Value, URL: s.base + "/"})
					return err
				}))
			}
		}
		checked++
		do(t, ctx, chromedp.Navigate(s.base+path))
		if at := eval[string](t, ctx, `location.pathname + location.search`); at != path {
			t.Fatalf("%s: the browser is at %s: the session did not carry over", path, at)
		}
		checkAxe(t, ctx, path)
	}
	t.Logf("%d pages passed through axe", checked)
}

// pageShape is a page's path with what only changes the data of one
// template put in general: the query, identifiers (parts with a digit or
// a capital: references, ids, dates), the information page, the office
// and service of free times, bookings and office administration.
func pageShape(path string) string {
	path, _, _ = strings.Cut(path, "?")
	path = idPart.ReplaceAllString(path, "/*")
	path = infoPage.ReplaceAllString(path, "/info/*")
	path = officeService.ReplaceAllString(path, "/appointments/*/*")
	return officeOrService.ReplaceAllString(path, "/$1/*")
}

var (
	idPart          = regexp.MustCompile(`/[A-Za-z0-9_.-]*[0-9A-Z][A-Za-z0-9_.-]*`)
	infoPage        = regexp.MustCompile(`/info/[a-z_]+`)
	officeService   = regexp.MustCompile(`/appointments/[a-z0-9-]+/[a-z0-9_]+`)
	officeOrService = regexp.MustCompile(`/(offices|services)/[a-z0-9_-]+`)
)

// officePages checks that the walk reached the office administration (the
// office, a service, a new service) and adds the pages only a form leads
// to: a closure's preview with the bookings it affects, and the office
// form refused with its errors, in en and ar. Nothing is saved.
func officePages(t *testing.T, s *site, walked []crawled) []crawled {
	t.Helper()
	for _, want := range []string{"/en/staff/offices/demo-brussels", "/en/staff/offices/demo-brussels/services",
		"/en/staff/offices/demo-brussels/services/biometrics", "/ar/staff/offices/demo-brussels"} {
		if !slices.ContainsFunc(walked, func(c crawled) bool { return c.path == want }) {
			t.Errorf("the walk did not reach %s", want)
		}
	}
	var out []crawled
	day := time.Now().AddDate(0, 0, 7).Format(time.DateOnly)
	for _, lang := range []string{"en", "ar"} {
		office := "/" + lang + "/staff/offices/demo-brussels"
		status, body := s.post(office, office+"/closures", url.Values{"from": {day}, "to": {day}, "start": {"09:00"}, "end": {"12:00"}, "reason": {"strike"}})
		if status != http.StatusOK || !strings.Contains(body, `name="confirm"`) {
			t.Errorf("%s closure preview: %d", lang, status)
		}
		out = append(out, crawled{path: office + "/closures", body: body, status: status})
		status, body = s.post(office, office, url.Values{"name": {""}, "address": {"x"}, "hours_mon": {"12:00-09:00"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("%s refused office form: %d", lang, status)
		}
		out = append(out, crawled{path: office + "?refused", body: body, status: status})
	}
	return out
}

// signIn signs a demo account in: password, then the second factor,
// enrolling it on the first sign-in.
func (s *site) signIn(email string) {
	t := s.t
	t.Helper()
	if code, loc := s.post("/en/staff/signin", "/en/staff/signin", url.Values{"email": {email}, "password": {"demo-loket-2026"}}); code != http.StatusSeeOther {
		t.Fatalf("sign-in %s: %d %s", email, code, loc)
	}
	page := s.get("/en/staff/totp")
	m := totpSecret.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s: no second-factor enrolment shown", email)
	}
	secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ReplaceAll(m[1], " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	code := accounts.TOTPCode(secret, accounts.TOTPStep(time.Now()), 6)
	// The first right code shows the recovery codes.
	if status, page := s.post("/en/staff/totp", "/en/staff/totp", url.Values{"code": {code}}); status != http.StatusOK || !strings.Contains(page, "recovery-codes") {
		t.Fatalf("%s: second factor: %d %.300s", email, status, page)
	}
}

// vnu checks the pages under the given path prefixes, and every style
// sheet the walk met, with the Nu Html Checker in one run. (A style sheet
// rule it cannot read is one the browser drops too: "size: 80mm auto"
// printed kiosk tickets on Letter paper.)
func vnu(t *testing.T, pages []crawled, prefixes ...string) {
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
		ext := ".html"
		if strings.HasSuffix(pg.path, ".css") {
			ext = ".css"
		}
		chosen := ext == ".css"
		for _, prefix := range prefixes {
			chosen = chosen || strings.HasPrefix(pg.path, prefix)
		}
		if !chosen {
			continue
		}
		name := filepath.Join(dir, fmt.Sprintf("%04d%s", i, ext))
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
	out, err := exec.Command(java, append([]string{"-jar", jar, "--errors-only", "--also-check-css", "--format", "gnu"}, files...)...).CombinedOutput()
	if err == nil {
		t.Logf("vnu: %d pages and style sheets valid", len(files))
		return
	}
	report := string(out)
	for name, path := range names {
		report = strings.ReplaceAll(report, `"file:`+name+`"`, path)
	}
	t.Errorf("vnu found errors (%v):\n%s", err, report)
}

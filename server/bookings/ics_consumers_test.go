package bookings

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// needTool finds an external program; without it the test skips, unless
// CI=true, where a missing tool is a failure.
func needTool(t *testing.T, pkg string, names ...string) string {
	t.Helper()
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required when CI=true (Debian: %s)", names[0], pkg)
	}
	t.Skipf("%s not installed (Debian: %s)", names[0], pkg)
	return ""
}

// icsFiles writes the calendar files of one booking as booked, moved and
// cancelled, at an office with an e-mail address, at one without (the
// administration's address given), and with no address at all.
func icsFiles(t *testing.T) map[string][]byte {
	b, o := icsBooking()
	o.Name = `Office; North, "B"`
	texts := ICSTexts{Summary: "Afspraak: biometrie", Intro: "Referentie ABCD-2345", BringTitle: "Meebrengen", Bring: []string{"Paspoort"}}
	moved := b
	moved.Start, moved.End, moved.Sequence = b.Start.Add(24*time.Hour), b.End.Add(24*time.Hour), 1
	cancelled := moved
	cancelled.Status, cancelled.Sequence = StatusCancelled, 2
	noMail := o
	noMail.Contact.Email = ""
	admin := texts
	admin.Organizer = "helpdesk@loket-demo.example"
	return map[string][]byte{
		"booked.ics": ICS(b, o, texts), "moved.ics": ICS(moved, o, texts), "cancelled.ics": ICS(cancelled, o, texts),
		"admin-booked.ics": ICS(b, noMail, admin), "admin-cancelled.ics": ICS(cancelled, noMail, admin),
		"plain-booked.ics": ICS(b, noMail, texts), "plain-cancelled.ics": ICS(cancelled, noMail, texts),
	}
}

// TestICSAcceptedByLibical checks every calendar file with libical: it
// parses, and passes the iTIP (RFC 5546) restrictions of its METHOD, which
// need an ORGANIZER in PUBLISH and CANCEL. The checker is a small C
// program (testdata/icalcheck.c) built against Debian's libical-dev.
func TestICSAcceptedByLibical(t *testing.T) {
	cc := needTool(t, "gcc and libical-dev", "cc", "gcc")
	if _, err := os.Stat("/usr/include/libical/ical.h"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("libical headers are required when CI=true (Debian: libical-dev)")
		}
		t.Skip("libical-dev not installed")
	}
	dir := t.TempDir()
	check := filepath.Join(dir, "icalcheck")
	if out, err := exec.Command(cc, "-o", check, filepath.Join("testdata", "icalcheck.c"), "-lical").CombinedOutput(); err != nil {
		t.Fatalf("building the libical checker: %v\n%s", err, out)
	}
	var paths []string
	for name, b := range icsFiles(t) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	if out, err := exec.Command(check, paths...).CombinedOutput(); err != nil {
		t.Fatalf("libical refuses: %v\n%s", err, out)
	}
	// The checker does find what the issue reported: METHOD without ORGANIZER.
	bad := filepath.Join(dir, "bad.ics")
	b, o := icsBooking()
	withMethod := strings.Replace(string(ICS(b, o, ICSTexts{Summary: "s"})), "ORGANIZER", "X-ORGANIZER", 1)
	if err := os.WriteFile(bad, []byte(withMethod), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(check, bad).CombinedOutput(); err == nil || !strings.Contains(string(out), "ORGANIZER") {
		t.Errorf("the checker accepts PUBLISH without ORGANIZER: %s", out)
	}
}

// icalendarScript reads each file with Python's icalendar and prints its
// METHOD, the event's ORGANIZER and STATUS, one file per line.
const icalendarScript = `
import sys, icalendar
for path in sys.argv[1:]:
    cal = icalendar.Calendar.from_ical(open(path, 'rb').read())
    ev = [c for c in cal.walk('VEVENT')]
    assert len(ev) == 1, path
    e = ev[0]
    org = e.get('ORGANIZER')
    cn = org.params.get('CN', '') if org is not None else ''
    print(path.rsplit('/', 1)[-1], cal.get('METHOD', '-'), org or '-', cn or '-', e.get('STATUS'), e.decoded('DTSTART').isoformat(), sep='|')
`

// TestICSReadByPythonIcalendar reads the same files with Python's
// icalendar (Debian python3-icalendar) and checks what it finds.
func TestICSReadByPythonIcalendar(t *testing.T) {
	python := needTool(t, "python3-icalendar", "/usr/bin/python3", "python3")
	if exec.Command(python, "-c", "import icalendar").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3-icalendar is required when CI=true")
		}
		t.Skip("python3-icalendar not installed")
	}
	dir := t.TempDir()
	args := []string{"-c", icalendarScript}
	for name, b := range icsFiles(t) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	out, err := exec.Command(python, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("icalendar: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, rest, _ := strings.Cut(l, "|")
		got[name] = rest
	}
	cn := `Office; North, B`
	for name, want := range map[string]string{
		"booked.ics":          "PUBLISH|mailto:brussels@loket-demo.example|" + cn + "|CONFIRMED|2026-03-30T09:00:00+02:00",
		"moved.ics":           "PUBLISH|mailto:brussels@loket-demo.example|" + cn + "|CONFIRMED|2026-03-31T09:00:00+02:00",
		"cancelled.ics":       "CANCEL|mailto:brussels@loket-demo.example|" + cn + "|CANCELLED|2026-03-31T09:00:00+02:00",
		"admin-booked.ics":    "PUBLISH|mailto:helpdesk@loket-demo.example|" + cn + "|CONFIRMED|2026-03-30T09:00:00+02:00",
		"admin-cancelled.ics": "CANCEL|mailto:helpdesk@loket-demo.example|" + cn + "|CANCELLED|2026-03-31T09:00:00+02:00",
		"plain-booked.ics":    "-|-|-|CONFIRMED|2026-03-30T09:00:00+02:00",
		"plain-cancelled.ics": "-|-|-|CANCELLED|2026-03-31T09:00:00+02:00",
	} {
		if got[name] != want {
			t.Errorf("%s: icalendar reads %q, want %q", name, got[name], want)
		}
	}
}

package email

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loket/server/accounts"
	"loket/server/address"
	"loket/server/bookings"
	"loket/server/locale"
	"loket/server/notify"
	"loket/server/store"
	"loket/translations"
)

var testOffice = bookings.Office{ID: "bxl", Name: "Loket Brussel", Address: "Teststraat 1, 1000 Brussel", Languages: []string{"nl"},
	Hours: map[string][]bookings.Period{"mon": {{From: 9 * 60, To: 12 * 60}}, "tue": {{From: 9 * 60, To: 12 * 60}}},
	Services: []bookings.Service{{ID: "biometrics", DurationMinutes: 15, Capacity: 2, HorizonDays: 30,
		Checklist: []string{"booking.bring.passport", "booking.bring.photo"}}}}

type noDossier struct{}

func (noDossier) VerifyDossier(context.Context, string, bookings.Date, string) (string, bool, error) {
	return "", false, nil
}

// fixture is a store with bookings, a worker with an e-mail sender, and
// an SMTP receiver.
type fixture struct {
	st     *store.Store
	m      *bookings.Manager
	worker *notify.Worker
	smtpd  *smtpd
	texts  *locale.Catalogs
	now    time.Time
}

func newFixture(t *testing.T, d *smtpd, cfg Config) *fixture {
	t.Helper()
	f := &fixture{smtpd: d, now: time.Date(2027, 1, 11, 7, 0, 0, 0, time.UTC)} // a Monday, 08:00 in Brussels
	clock := func() time.Time { return f.now }
	st, err := store.Open(filepath.Join(t.TempDir(), "loket.db"), store.Options{NoSync: true, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m, err := bookings.New(bookings.Config{Secret: []byte("email-test-secret-email-test-secret"), Now: clock}, st, noDossier{}, []bookings.Office{testOffice})
	if err != nil {
		t.Fatal(err)
	}
	cats, err := locale.Load(translations.FS, locale.Options{Default: "en", Order: translations.Languages})
	if err != nil {
		t.Fatal(err)
	}
	port, client := startSMTPD(t, d)
	cfg.Host, cfg.Port, cfg.TLS, cfg.From, cfg.Timeout = "127.0.0.1", port, client, "Loket <noreply@loket.example>", 5*time.Second
	s, err := New(cfg, &Composer{Texts: cats, Offices: m, Base: "https://loket.example", Organizer: "noreply@loket.example"})
	if err != nil {
		t.Fatal(err)
	}
	f.st, f.m, f.texts = st, m, cats
	f.worker = notify.NewWorker(st, notify.WorkerConfig{Senders: map[notify.Channel]notify.Sender{notify.ChannelEmail: s}, Now: clock})
	return f
}

func (f *fixture) drain(t *testing.T) {
	t.Helper()
	if _, err := f.worker.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// part is one leaf of a parsed MIME message.
type part struct {
	contentType, disposition string
	params                   map[string]string
	body                     []byte
}

// leaves reads a MIME body with the standard library and returns its
// leaves, depth first.
func leaves(t *testing.T, contentType string, body io.Reader, transfer string) []part {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatalf("content type %q: %v", contentType, err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		b, _ := io.ReadAll(body)
		return []part{{contentType: mt, params: params, body: b}}
	}
	var out []part
	r := multipart.NewReader(body, params["boundary"])
	for {
		p, err := r.NextRawPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		var rd io.Reader = p
		switch strings.ToLower(p.Header.Get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			rd = quotedprintable.NewReader(p)
		case "base64":
			rd = base64.NewDecoder(base64.StdEncoding, p)
		}
		sub := leaves(t, p.Header.Get("Content-Type"), rd, "")
		for i := range sub {
			if sub[i].disposition == "" {
				sub[i].disposition = p.Header.Get("Content-Disposition")
			}
		}
		out = append(out, sub...)
	}
}

// pythonMail is what Python's e-mail package, an independent parser with
// the modern policy, reads in a received message.
type pythonMail struct {
	Problems          []string
	Subject, To, From string
	Date, MIME        string
	Plain, HTML       string
	Attachments       []string
}

// pythonReads parses raw with Python's email package and fails the test
// on any defect it reports (headers, MIME structure, encodings) and on a
// line longer than RFC 5322's 998 octets. (The test server has already
// turned the wire's CRLF line ends into LF, as net/textproto does.)
func pythonReads(t *testing.T, raw []byte) pythonMail {
	t.Helper()
	cmd := exec.Command("/usr/bin/python3", "-c", `import sys, json, email, email.policy
raw = sys.stdin.buffer.read()
problems = []
for i, line in enumerate(raw.split(b"\n")):
    if len(line.rstrip(b"\r")) > 998:
        problems.append("line %d has %d octets" % (i + 1, len(line)))
m = email.message_from_bytes(raw, policy=email.policy.default)
for p in m.walk():
    for d in p.defects:
        problems.append("%s: %s" % (p.get_content_type(), d.__class__.__name__))
    for k, v in p.items():
        for d in getattr(v, "defects", ()):
            problems.append("header %s: %s" % (k, d.__class__.__name__))
body = m.get_body(preferencelist=("plain",))
html = m.get_body(preferencelist=("html",))
print(json.dumps({"problems": problems, "subject": str(m["subject"]), "to": str(m["to"]), "from": str(m["from"]),
  "date": str(m["date"]), "mime": str(m["mime-version"]), "plain": body.get_content() if body else "", "html": html.get_content() if html else "",
  "attachments": [a.get_filename() for a in m.iter_attachments()]}, ensure_ascii=False))
`)
	cmd.Stdin = bytes.NewReader(raw)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python email: %v\n%s", err, stderr.String())
	}
	var m pythonMail
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Problems {
		t.Errorf("python email: %s", p)
	}
	if m.MIME != "1.0" || m.Date == "" || m.From == "" || m.To == "" || m.Subject == "" || m.Plain == "" || m.HTML == "" {
		t.Errorf("python email read: %+v", m)
	}
	return m
}

// TestBookingConfirmationByEmail books with an address in Arabic, lets
// the worker send the outbox over STARTTLS with authentication, and reads
// what the SMTP server received.
func TestBookingConfirmationByEmail(t *testing.T) {
	d := &smtpd{user: "loket", pass: "s3cret"}
	f := newFixture(t, d, Config{Security: SecurityStartTLS, Username: "loket", Password: "s3cret"})
	start := time.Date(2027, 1, 12, 9, 30, 0, 0, time.UTC) // Tuesday 10:30 in Brussels
	c, err := f.m.Book(context.Background(), bookings.Request{OfficeID: "bxl", ServiceID: "biometrics", Start: start,
		Email: "amal@example.org", Lang: "ar", IdempotencyKey: "e1"})
	if err != nil {
		t.Fatal(err)
	}
	f.drain(t)
	got := d.received()
	if len(got) != 1 || !got[0].tls || !got[0].authed || got[0].to[0] != "TO:<amal@example.org>" {
		t.Fatalf("received %+v", got)
	}
	raw := got[0].data
	if py := pythonReads(t, raw); strings.TrimSpace(py.Subject) != "تم حجز موعدك" || !strings.Contains(py.Plain, c.Booking.Ref.String()) ||
		len(py.Attachments) != 1 || py.Attachments[0] != "appointment.ics" {
		t.Errorf("Python reads subject %q, attachments %v", py.Subject, py.Attachments)
	}
	if bytes.Contains(raw, []byte(c.PIN)) {
		t.Fatal("the e-mail contains the PIN")
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	subject, _ := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	subs, _ := f.st.Subscriptions(context.Background(), notify.Subject{Kind: notify.KindBooking, ID: string(c.Booking.Ref)})
	if subject != "تم حجز موعدك" || h.Get("Content-Language") != "ar" || h.Get("Auto-Submitted") != "auto-generated" ||
		h.Get("List-Unsubscribe") != "<https://loket.example/ar/notify/stop/"+subs[0].ID+">" ||
		h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || !strings.HasSuffix(h.Get("Message-Id"), "@loket.example>") {
		t.Fatalf("headers: subject %q, %v", subject, h)
	}
	ps := leaves(t, h.Get("Content-Type"), msg.Body, h.Get("Content-Transfer-Encoding"))
	if len(ps) != 3 || ps[0].contentType != "text/plain" || ps[1].contentType != "text/html" || ps[2].contentType != "text/calendar" {
		t.Fatalf("parts: %+v", ps)
	}
	text, html, ics := string(ps[0].body), string(ps[1].body), ps[2].body
	for _, want := range []string{"تم حجز موعدك", c.Booking.Ref.String(), "10:30", "Loket Brussel", "https://loket.example/ar/appointments/manage"} {
		if !strings.Contains(text, want) || !strings.Contains(html, want) {
			t.Errorf("text or HTML lacks %q:\n%s\n%s", want, text, html)
		}
	}
	if !strings.Contains(html, `<html lang="ar" dir="rtl">`) || !strings.Contains(html, `<a href="https://loket.example/ar/notify/stop/`+subs[0].ID+`" dir="ltr">`) {
		t.Errorf("HTML: %s", html)
	}
	if !strings.Contains(ps[2].disposition, "appointment.ics") || ps[2].params["method"] != "PUBLISH" {
		t.Errorf("attachment: %q %v", ps[2].disposition, ps[2].params)
	}
	// Python's icalendar, an independent parser, reads the calendar file.
	cmd := exec.Command("/usr/bin/python3", "-c", `import sys, json, icalendar
c = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
e = [x for x in c.walk("VEVENT")][0]
print(json.dumps({"uid": str(e["UID"]), "start": e.decoded("DTSTART").isoformat(), "method": str(c["METHOD"]), "summary": str(e["SUMMARY"])}))`)
	cmd.Stdin = bytes.NewReader(ics)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("icalendar: %v\n%s\n%s", err, stderr.String(), ics)
	}
	var cal map[string]string
	json.Unmarshal(out, &cal)
	if cal["uid"] != c.Booking.Ref.String()+"@loket" || cal["start"] != "2027-01-12T10:30:00+01:00" || cal["method"] != "PUBLISH" || cal["summary"] == "" {
		t.Fatalf("calendar: %v", cal)
	}
	// Cancelling sends a cancellation with a CANCEL calendar file.
	if _, err := f.m.Cancel(context.Background(), c.Booking.Ref, c.PIN); err != nil {
		t.Fatal(err)
	}
	f.drain(t)
	got = d.received()
	if len(got) != 2 || !bytes.Contains(got[1].data, []byte("method=CANCEL")) {
		t.Fatalf("after the cancellation: %d messages", len(got))
	}
	pythonReads(t, got[1].data)
}

// TestDayClosedByEmail: when the office closes the day, the holder's
// e-mail says so in their language and offers to choose a new time with
// the booking code and PIN alone; it lists nothing to bring and attaches no
// calendar file (the appointment has not moved yet).
func TestDayClosedByEmail(t *testing.T) {
	d := &smtpd{}
	f := newFixture(t, d, Config{Security: SecurityNone})
	start := time.Date(2027, 1, 12, 9, 30, 0, 0, time.UTC)
	c, err := f.m.Book(context.Background(), bookings.Request{OfficeID: "bxl", ServiceID: "biometrics", Start: start,
		Email: "luc@example.org", Lang: "fr", IdempotencyKey: "closed-1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.m.CloseDay(context.Background(), "bxl", bookings.Date{Year: 2027, Month: 1, Day: 12}, "grève"); err != nil {
		t.Fatal(err)
	}
	f.drain(t)
	got := d.received()
	if len(got) != 2 {
		t.Fatalf("received %d messages, want the confirmation and the notice", len(got))
	}
	// The worker sends both at once: find the notice by its subject.
	fr := f.texts.Printer("fr")
	var raw []byte
	var msg *mail.Message
	for _, r := range got {
		pythonReads(t, r.data)
		m, err := mail.ReadMessage(bytes.NewReader(r.data))
		if err != nil {
			t.Fatal(err)
		}
		if subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); subject == fr.T("notify.subject.office_notice") {
			raw, msg = r.data, m
		}
	}
	if msg == nil {
		t.Fatal("no notice among the messages")
	}
	ps := leaves(t, msg.Header.Get("Content-Type"), msg.Body, msg.Header.Get("Content-Transfer-Encoding"))
	if len(ps) != 2 {
		t.Fatalf("notice: %d parts, want text and HTML without a calendar file", len(ps))
	}
	text := string(ps[0].body)
	rebook := strings.ReplaceAll(fr.T("notify.email.rebook", "url", "https://loket.example/fr/appointments/manage"), "\u00a0", " ")
	if !strings.Contains(strings.ReplaceAll(text, "\u00a0", " "), rebook) || !strings.Contains(text, c.Booking.Ref.String()) ||
		strings.Contains(text, fr.T("booking.bring.passport")) || bytes.Contains(raw, []byte(c.PIN)) || strings.Contains(text, "grève") {
		t.Fatalf("notice text:\n%s", text)
	}
}

// digestSource is a lawyer's digest as the mandates would give it.
type digestSource struct {
	lines []string
	last  string
}

func (d *digestSource) DigestLines(context.Context, string, string) ([]string, string, error) {
	return d.lines, d.last, nil
}

func (d *digestSource) DigestSent(_ context.Context, _, day string) error {
	d.last, d.lines = day, nil
	return nil
}

// TestLawyerDigestByEmail: a lawyer who asked for the daily digest gets,
// after 07:00 in Brussels, one e-mail in their language listing the changed
// dossiers, and no second one that day; nothing when nothing changed, and
// nothing once they stopped it.
func TestLawyerDigestByEmail(t *testing.T) {
	d := &smtpd{}
	f := newFixture(t, d, Config{Security: SecurityNone})
	ctx := context.Background()
	a, err := f.st.CreateAccount(ctx, accounts.Account{Email: "avocat@cabinet.example", Role: accounts.RoleLawyer})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := notify.NewService(f.st, notify.ServiceConfig{Rules: notify.SubscriptionRules{Langs: translations.Languages},
		GrantKey: []byte("0123456789abcdef0123456789abcdef"), Email: true, Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.FollowLawyer(ctx, a.ID, a.Email, "ar"); err != nil {
		t.Fatal(err)
	}
	src := &digestSource{lines: []string{"10000012: مقابلة (2027-01-10)", "10000013: قرار (2027-01-10)"}}
	f.now = time.Date(2027, 1, 11, 5, 30, 0, 0, time.UTC) // 06:30 in Brussels
	if n, err := svc.QueueDigests(ctx, src); n != 0 || err != nil {
		t.Fatalf("before 07:00: %d %v", n, err)
	}
	f.now = time.Date(2027, 1, 11, 6, 5, 0, 0, time.UTC)
	for i := range 2 {
		if n, err := svc.QueueDigests(ctx, src); n != 1-i || err != nil {
			t.Fatalf("run %d after 07:00: %d %v", i, n, err)
		}
	}
	f.drain(t)
	got := d.received()
	if len(got) != 1 || got[0].to[0] != "TO:<avocat@cabinet.example>" {
		t.Fatalf("received %+v", got)
	}
	pythonReads(t, got[0].data)
	msg, err := mail.ReadMessage(bytes.NewReader(got[0].data))
	if err != nil {
		t.Fatal(err)
	}
	ar := f.texts.Printer("ar")
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	ps := leaves(t, msg.Header.Get("Content-Type"), msg.Body, msg.Header.Get("Content-Transfer-Encoding"))
	if subject != ar.T("notify.subject.digest") || msg.Header.Get("List-Unsubscribe") == "" || len(ps) != 2 {
		t.Fatalf("digest: subject %q, %d parts, %v", subject, len(ps), msg.Header)
	}
	text, html := string(ps[0].body), string(ps[1].body)
	for _, want := range []string{"10000012: مقابلة (2027-01-10)", "10000013", "https://loket.example/ar/staff/lawyer", ar.T("notify.email.why_digest")} {
		if !strings.Contains(text, want) || !strings.Contains(html, want) {
			t.Errorf("digest lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(html, `<html lang="ar" dir="rtl">`) {
		t.Errorf("HTML: %s", html)
	}
	// The next day with nothing new: no e-mail. Stopped: none either.
	f.now = f.now.AddDate(0, 0, 1)
	if n, err := svc.QueueDigests(ctx, src); n != 0 || err != nil || src.last != "2027-01-12" {
		t.Fatalf("a quiet day: %d %v, last %s", n, err, src.last)
	}
	if err := svc.StopLawyer(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	f.now, src.lines = f.now.AddDate(0, 0, 1), []string{"10000012: x"}
	if n, err := svc.QueueDigests(ctx, src); n != 0 || err != nil {
		t.Fatalf("after the stop: %d %v", n, err)
	}
}

// TestAddressStatusByEmail: the e-mail about an address notification's new
// status, over implicit TLS, carries the reference but no birth date, name
// or street.
func TestAddressStatusByEmail(t *testing.T) {
	d := &smtpd{implicit: true}
	f := newFixture(t, d, Config{Security: SecurityTLS})
	ctx := context.Background()
	n := address.Notification{Ref: "AD23456789", Surname: "Haddad", GivenNames: "Omar", BirthDate: "1991-04-23", Municipality: "21004",
		Street: "Rue Haute", Number: "12", Created: f.now, DepartureDate: "2027-02-01", Email: "omar@example.org", Lang: "fr", Status: address.StatusNew}
	if err := f.st.CreateAddressNotification(ctx, n); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.UpdateAddressNotification(ctx, n.Ref, func(n *address.Notification) (bool, error) {
		n.Status, n.StatusAt = address.StatusChecked, f.now
		return true, nil
	}); err != nil {
		t.Fatal(err)
	}
	f.drain(t)
	got := d.received()
	if len(got) != 1 || !got[0].tls {
		t.Fatalf("received %+v", got)
	}
	pythonReads(t, got[0].data)
	msg, _ := mail.ReadMessage(bytes.NewReader(got[0].data))
	ps := leaves(t, msg.Header.Get("Content-Type"), msg.Body, "")
	all := string(ps[0].body) + string(ps[1].body)
	for _, secret := range []string{"1991-04-23", "23/04/1991", "Haddad", "Omar", "Rue Haute"} {
		if strings.Contains(all, secret) || bytes.Contains(got[0].data, []byte(secret)) {
			t.Errorf("the e-mail contains %q", secret)
		}
	}
	if !strings.Contains(all, "AD23456789") || !strings.Contains(all, "https://loket.example/fr/address/status") || !strings.Contains(string(ps[1].body), `lang="fr" dir="ltr"`) {
		t.Errorf("content:\n%s", all)
	}
}

// TestRefusalsAndOutages: a refused recipient is a dead letter at once; a
// server that is down, or offers no STARTTLS, is retried and gets nothing
// in the clear.
func TestRefusalsAndOutages(t *testing.T) {
	d := &smtpd{refuse: "gone@"}
	f := newFixture(t, d, Config{Security: SecurityStartTLS})
	ctx := context.Background()
	for i, addr := range []string{"gone@example.org", "here@example.org"} {
		start := time.Date(2027, 1, 12, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * 15 * time.Minute)
		if _, err := f.m.Book(ctx, bookings.Request{OfficeID: "bxl", ServiceID: "biometrics", Start: start, Email: addr, Lang: "nl", IdempotencyKey: addr}); err != nil {
			t.Fatal(err)
		}
	}
	f.drain(t)
	dead, _ := f.st.OutboxMessages(ctx, notify.StateDead, 10)
	sent, _ := f.st.OutboxMessages(ctx, notify.StateSent, 10)
	if len(dead) != 1 || !strings.Contains(dead[0].LastError, "550") || len(sent) != 1 {
		t.Fatalf("dead %+v, sent %d", dead, len(sent))
	}

	plain := &smtpd{noStartTLS: true}
	g := newFixture(t, plain, Config{Security: SecurityStartTLS})
	if _, err := g.m.Book(ctx, bookings.Request{OfficeID: "bxl", ServiceID: "biometrics", Start: time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC),
		Email: "x@example.org", Lang: "nl", IdempotencyKey: "p"}); err != nil {
		t.Fatal(err)
	}
	g.drain(t)
	g.smtpd.ln.Close() // and then the server is down
	// A booking made meanwhile is confirmed as usual (no request waits
	// for the mail server), and its message waits in the outbox.
	if _, err := g.m.Book(ctx, bookings.Request{OfficeID: "bxl", ServiceID: "biometrics", Start: time.Date(2027, 1, 11, 10, 0, 0, 0, time.UTC),
		Email: "y@example.org", Lang: "nl", IdempotencyKey: "down"}); err != nil {
		t.Fatalf("booking while the mail server is down: %v", err)
	}
	g.now = g.now.Add(time.Hour)
	g.drain(t)
	queued, _ := g.st.OutboxMessages(ctx, notify.StateQueued, 10)
	if len(plain.received()) != 0 || len(queued) != 2 || queued[1].Attempts != 2 || queued[0].Attempts != 1 {
		t.Fatalf("without STARTTLS, then down: received %d, queued %+v", len(plain.received()), queued)
	}
	if _, err := New(Config{Host: "x", From: "a@b.c", Security: SecurityNone, Username: "u", Password: "p"}, nil); err == nil {
		t.Error("a password without TLS was accepted")
	}
}

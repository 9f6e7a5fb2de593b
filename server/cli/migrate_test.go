package cli

import (
	"context"
	"net/http"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/server/accounts"
	"loket/server/address"
	"loket/server/audit"
	"loket/server/bookings"
	"loket/server/config"
	"loket/server/dossiers"
	"loket/server/editor"
	"loket/server/helpdesk"
	"loket/server/mandates"
	"loket/server/notify"
	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/store"
	"loket/server/store/postgres"
	"loket/server/store/postgres/pgtest"
	"loket/server/store/transfer"
)

// TestMigrateToPostgreSQLAndBack copies a bbolt store that a server ran
// on with the demo data, plus a record of every kind, into PostgreSQL:
// every kind arrives with the same count, a status lookup, a booking by
// code and PIN and the audit chain hold on the copy, a second run adds
// nothing, a copy back into a new bbolt file holds the same records as
// the original, and `loket serve` on the database serves the migrated
// booking. A running server's file and a database with other data are
// refused, the latter with nothing written.
func TestMigrateToPostgreSQLAndBack(t *testing.T) {
	db := pgtest.URL(t)
	dir := t.TempDir()
	key := filepath.Join(dir, "loket.db.audit-key")
	data := filepath.Join(dir, "loket.db")
	base, _, stop := startServer(t, func(c *config.Config) {
		c.Data, c.AuditKeyFile, c.Demo, c.BookingPoW = data, key, true, false
	})
	hc := &http.Client{}
	free, err := slots(hc, base, 1, 7)
	if err != nil {
		t.Fatal(err)
	}
	code, conf, err := book(hc, base, firstSlot(free, 1), "migrate-1")
	ref, _ := conf["reference"].(string)
	pin, _ := conf["pin"].(string)
	if err != nil || code != 201 || ref == "" || pin == "" {
		t.Fatalf("booking: %d %v %v", code, conf, err)
	}
	if code := bookingByPIN(t, base, ref, "000000"); code == 200 { // a wrong PIN: the booking's PIN state
		t.Fatal("a wrong PIN opened the booking")
	}
	migrate := func(args ...string) (int, string, string) {
		var out, errb strings.Builder
		code := Run(append([]string{"migrate", "-audit-key-file", key}, args...), nil, &out, &errb, func(string) string { return "" })
		return code, out.String(), errb.String()
	}
	if code, _, errb := migrate("-from", data, "-to", db); code != 1 || !strings.Contains(errb, "a running Loket server holds") ||
		!strings.Contains(errb, "stop it") {
		t.Errorf("migrating a file a server holds: exit %d %q", code, errb)
	}
	stop()
	seedEveryKind(t, data, key)

	code, out, errb := migrate("-from", data, "-to", db)
	if code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, errb)
	}
	t.Logf("loket migrate -from FILE -to DATABASE:\n%s", out)
	for _, k := range transfer.Kinds {
		m := regexp.MustCompile(`(?m)^\s*` + k.Name + `\s+(\d+)\s+(\d+)\s+(\d+)\s*$`).FindStringSubmatch(out)
		if m == nil || m[1] == "0" || m[1] != m[2] || m[2] != m[3] {
			t.Errorf("kind %s: want the same number of records on both sides, all copied now, and at least one: %q", k.Name, m)
		}
	}
	if !strings.Contains(out, "audit trail verified on the target") {
		t.Errorf("migrate output: %s", out)
	}

	pg, err := postgres.Open(context.Background(), db, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkMigrated(t, pg, key, ref)
	pg.Close()

	code, out, errb = migrate("-from", data, "-to", db)
	if code != 0 || !strings.Contains(out, "nothing new") || !regexp.MustCompile(`(?m)^\s*all\s+\d+\s+\d+\s+0\s*$`).MatchString(out) {
		t.Errorf("second run: exit %d %s %s", code, out, errb)
	}

	back := filepath.Join(dir, "back.db")
	if code, _, errb := migrate("-from", db, "-to", back); code != 0 {
		t.Fatalf("migrate back: exit %d: %s", code, errb)
	}
	sameRecords(t, data, back)
	sb, err := store.Open(back, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	newAccountFollows(t, sb)
	sb.Close()

	base, _, stop = startServer(t, func(c *config.Config) { c.Database, c.AuditKeyFile = db, key })
	if code := bookingByPIN(t, base, ref, pin); code != 200 {
		t.Errorf("the migrated booking on a server on PostgreSQL: %d", code)
	}
	if code, body := call(t, http.MethodPost, base+"/api/v1/status/lookup", "", `{"dossier":"10000001","birth_date":"1990-01-01"}`); code != 200 {
		t.Errorf("a migrated dossier on a server on PostgreSQL: %d %s", code, body)
	}
	stop()

	other := pgtest.URL(t)
	startServer(t, func(c *config.Config) {
		c.Database, c.AuditKeyFile, c.Demo = other, filepath.Join(dir, "other-key"), true
	})
	before := recordCounts(t, other)
	if code, _, errb := migrate("-from", data, "-to", other); code != 1 || !strings.Contains(errb, "the target holds other data") ||
		!strings.Contains(errb, "nothing was written") {
		t.Errorf("a database with other data: exit %d %q", code, errb)
	}
	if after := recordCounts(t, other); after != before {
		t.Errorf("the refused copy wrote: %d records before, %d after", before, after)
	}
	pg, err = postgres.Open(context.Background(), db, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	newAccountFollows(t, pg)
}

// bookingByPIN reads a booking through the API with its PIN.
func bookingByPIN(t *testing.T, base, ref, pin string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/bookings/"+ref, nil)
	req.Header.Set("X-Booking-PIN", pin)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// checkMigrated spot-checks the copy through the store interfaces.
func checkMigrated(t *testing.T, pg *postgres.Store, key, ref string) {
	t.Helper()
	ctx := context.Background()
	d, _, found, err := pg.LookupDossier("10000001", time.Now().Add(-time.Hour))
	if err != nil || !found || len(d.Events) == 0 {
		t.Errorf("status lookup on the copy: %v %v %+v", found, err, d)
	}
	r, err := bookings.ParseReference(ref)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pg.Booking(ctx, r)
	if err != nil || len(b.PINHash) == 0 || !b.Active() {
		t.Errorf("booking on the copy: %+v %v", b, err)
	}
	k, err := audit.LoadKey(key, false)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := audit.NewKeyed(pg, k, nil).Verify(ctx); err != nil || n == 0 {
		t.Errorf("audit trail on the copy: %d entries, %v", n, err)
	}
}

// newAccountFollows checks that an account made after a copy takes a new
// id: the copy moved the store's id sequence past the copied accounts.
func newAccountFollows(t *testing.T, s interface {
	Accounts(context.Context) ([]accounts.Account, error)
	CreateAccount(context.Context, accounts.Account) (accounts.Account, error)
}) {
	t.Helper()
	ctx := context.Background()
	old, err := s.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.CreateAccount(ctx, accounts.Account{Email: "after-migration@example.be", Role: accounts.RoleHelpdesk})
	if err != nil {
		t.Fatalf("a new account after the copy: %v", err)
	}
	for _, o := range old {
		if o.ID == a.ID {
			t.Errorf("a new account after the copy took the id %s of a copied one", a.ID)
		}
	}
}

// sameRecords checks that two bbolt files hold the same records of every kind.
func sameRecords(t *testing.T, a, b string) {
	t.Helper()
	sa, err := store.Open(a, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sa.Close()
	sb, err := store.Open(b, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	rep, err := transfer.Copy(context.Background(), sa, sb)
	if err != nil || rep.Added() != 0 {
		t.Errorf("the file copied back differs from the original: %v, %d records missing", err, rep.Added())
	}
	// The copy rebuilt its indexes: every read that goes through one
	// answers as on the original.
	ctx := context.Background()
	from, to := time.Now().AddDate(-1, 0, 0), time.Now().AddDate(1, 0, 0)
	lawyer := ""
	if all, _ := sa.Accounts(ctx); len(all) > 0 {
		for _, a := range all {
			if a.Role == accounts.RoleLawyer {
				lawyer = a.ID
			}
		}
	}
	reads := map[string]func(s *store.Store) (any, error){
		"queues":     func(s *store.Store) (any, error) { return s.Queues() },
		"histograms": func(s *store.Store) (any, error) { return s.Histograms() },
		"starting":   func(s *store.Store) (any, error) { return s.BookingsStarting(ctx, "demo-brussels", from, to) },
		"created":    func(s *store.Store) (any, error) { return s.BookingsCreated(ctx, "demo-brussels", from, to) },
		"slots": func(s *store.Store) (any, error) {
			return s.SlotCounts(ctx, "demo-brussels", "information_interview", from, to, nil)
		},
		"by e-mail":  func(s *store.Store) (any, error) { return s.AccountByEmail(ctx, "admin@demo.loket.invalid") },
		"by token":   func(s *store.Store) (any, error) { return s.TicketByToken(ctx, []byte("ticket-token")) },
		"by arrival": func(s *store.Store) (any, error) { return s.TicketByArrival(ctx, "arrival-1") },
		"day": func(s *store.Store) (any, error) {
			return s.DayTickets(ctx, "demo-brussels", time.Now().UTC().Format(time.DateOnly))
		},
		"municipality":  func(s *store.Store) (any, error) { return s.AddressNotificationsIn(ctx, "elsene", from, to) },
		"address after": func(s *store.Store) (any, error) { return s.AddressNotificationsAfter(ctx, time.Time{}, "", 100) },
		"escalations":   func(s *store.Store) (any, error) { return s.EscalationsSince(ctx, time.Time{}) },
		"mandates":      func(s *store.Store) (any, error) { return s.DossierMandates("10000001") },
		"clients":       func(s *store.Store) (any, error) { return s.LawyerClients(lawyer) },
		"codes":         func(s *store.Store) (any, error) { return s.DossierCodes("10000001") },
		"feed":          func(s *store.Store) (any, error) { id, _, err := s.LawyerByFeed([]byte("feed")); return id, err },
		"lawyer tokens": func(s *store.Store) (any, error) { return s.LawyerTokens(lawyer) },
		"token hash": func(s *store.Store) (any, error) {
			t, _, err := s.LawyerTokenByHash([]byte("lawyer-token"))
			return t, err
		},
		"live texts": func(s *store.Store) (any, error) { return s.LiveRevisions(ctx) },
		"feed token": func(s *store.Store) (any, error) { n, _, err := s.TokenName([]byte("token-hash")); return n, err },
	}
	for name, read := range reads {
		want, err := read(sa)
		if err != nil {
			t.Errorf("%s on the original: %v", name, err)
			continue
		}
		if got, err := read(sb); err != nil || !reflect.DeepEqual(got, want) || reflect.ValueOf(want).IsZero() {
			t.Errorf("%s: the copy answers %+v (%v), the original %+v", name, got, err, want)
		}
	}
}

// recordCounts counts every record a database holds.
func recordCounts(t *testing.T, db string) int {
	t.Helper()
	s, err := postgres.Open(context.Background(), db, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 0
	for _, k := range transfer.Kinds {
		if err := s.ExportRecords(context.Background(), k.Name, func([]byte) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// seedEveryKind adds, through the store interfaces, a record of every
// kind that the demo data and the booking made through the API lack.
func seedEveryKind(t *testing.T, data, keyFile string) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	key, err := audit.LoadKey(keyFile, false)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	all, err := s.Accounts(ctx)
	must("accounts", err)
	lawyer := all[0].ID
	for _, a := range all {
		if a.Role == accounts.RoleLawyer {
			lawyer = a.ID
		}
	}
	must("session", s.PutSession(ctx, accounts.Session{IDHash: "sess-hash", AccountID: lawyer, CreatedAt: now, LastSeen: now, Complete: true}))
	must("audit", audit.NewKeyed(s, key, nil).Append(ctx, audit.Entry{Actor: lawyer, Action: "test.migrate", Object: "10000001", Channel: "cli"}))
	must("token", s.CreateToken(dossiers.APIToken{Name: "feed", Hash: []byte("token-hash"), Created: now}))
	must("municipalities", s.SaveMunicipalities(ctx, []address.Municipality{{Code: "elsene",
		Names: map[string]string{"nl": "Elsene", "fr": "Ixelles"}, Langs: []string{"nl", "fr"}, Province: "Brussels", Postcodes: []string{"1050"}}}))
	_, _, err = s.CreateTicket(ctx, queue.Ticket{ID: "ticket-1", TokenHash: []byte("ticket-token"), OfficeID: "demo-brussels", ServiceID: "information_interview",
		Day: now.Format(time.DateOnly), Kind: queue.KindAppointment, ArrivalKey: "arrival-1", Status: queue.StatusWaiting, Issued: now},
		queue.CreateRule{Limit: 999, Number: func(n int) string { return "A00" + string(rune('0'+n)) }, ArrivalKey: "arrival-1"})
	must("ticket", err)
	must("kiosk", s.CreateKiosk(ctx, queue.Kiosk{ID: "kiosk-1", OfficeID: "demo-brussels", Name: "hall", CodeHash: []byte("code-hash"), Created: now}))
	must("address", s.CreateAddressNotification(ctx, address.Notification{Ref: "ADDR0001", PINHash: []byte("pin"), Surname: "Doe", BirthDate: "1990-01-01",
		Nationality: "BE", DocType: "passport", Municipality: "elsene", DepartureDate: now.Format(time.DateOnly), Lang: "en", Created: now}))
	must("escalation", s.CreateEscalation(ctx, helpdesk.Escalation{Ref: "HELP0001", PINHash: []byte("pin"), Category: "other", Message: "Hello", Lang: "en",
		Channel: "pwa", Created: now}))
	must("receipt", s.RecordReceipt(ctx, receipts.Receipt{ID: "receipt1", Kind: receipts.KindEscalation, Reference: "HELP0001", At: now,
		Created: now, Expires: now.Add(24 * time.Hour), Token: "token"}))
	must("canned", s.PutCanned(ctx, helpdesk.Canned{ID: "c1", Title: "Thanks", Texts: map[string]string{"en": "Thank you"}, Updated: now, UpdatedBy: lawyer}))
	_, err = s.AddMandate(mandates.Mandate{Dossier: "10000001", Lawyer: lawyer, LawyerEmail: "lawyer@example.be", Source: "code", By: lawyer, Created: now})
	must("mandate", err)
	must("mandate code", s.CreateMandateCode(mandates.Code{Hash: []byte("code"), Dossier: "10000001", Created: now, Expires: now.Add(time.Hour)}))
	must("lawyer", s.UpdateLawyerState(lawyer, func(l *mandates.Lawyer) error {
		l.LastVisit, l.FeedHash = now, []byte("feed")
		return nil
	}))
	_, err = s.CreateLawyerToken(mandates.APIToken{Lawyer: lawyer, Name: "case system", Hash: []byte("lawyer-token"), Created: now})
	must("lawyer token", err)
	must("stats", s.AddStats(map[string]uint64{now.Format(time.DateOnly) + "|lookup|pwa|en|||": 3}))
	sub := notify.Subscription{ID: "sub-1", Subject: notify.Subject{Kind: notify.KindDossier, ID: "10000001"}, Channel: notify.ChannelEmail,
		Lang: "en", Email: "a@example.be", Created: now}
	must("subscription", s.Subscribe(ctx, sub))
	_, err = s.Enqueue(ctx, []notify.Message{{Key: "msg-1", Subscription: sub.ID, Channel: sub.Channel, Subject: sub.Subject,
		Event: notify.EventStatus, Lang: "en", Created: now, Due: now}})
	must("message", err)
	_, err = s.AddRevision(ctx, editor.Revision{Ref: editor.Ref{Kind: "page", Lang: "en", Key: "contact"}, Body: "Hello", Author: lawyer, At: now,
		Published: true, PublishedBy: lawyer, PublishedAt: now})
	must("revision", err)
	// Last: the booking's change (it gives an e-mail address) stays in
	// the outbox's change log, which no server is running to fan out.
	_, err = s.CreateBooking(ctx, bookings.Booking{ID: "b-dossier", Ref: "DOSSIERB", OfficeID: "demo-brussels", ServiceID: "information_interview",
		Start: now.Add(72 * time.Hour), End: now.Add(73 * time.Hour), Status: bookings.StatusBooked, Dossier: "10000001", Email: "b@example.be", Lang: "en",
		CreatedAt: now, UpdatedAt: now, PINHash: []byte("pin-hash")}, bookings.CreateRule{Capacity: 5, OnePerDossier: true, Now: now})
	must("booking for a dossier", err)
}

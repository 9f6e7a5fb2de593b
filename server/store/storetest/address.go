package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"loket/server/address"
	"loket/server/receipts"
	"loket/server/refusal"
)

// fakeIssuer records receipts without signing them.
type fakeIssuer struct {
	issued  []receipts.Input
	revoked []string
}

func (f *fakeIssuer) Issue(_ context.Context, in receipts.Input) (receipts.Receipt, string, error) {
	f.issued = append(f.issued, in)
	id := fmt.Sprintf("r%012d", len(f.issued))
	return receipts.Receipt{ID: id, Reference: in.Reference}, "token-" + id, nil
}

func (f *fakeIssuer) Revoke(_ context.Context, id, _ string) (receipts.Receipt, error) {
	f.revoked = append(f.revoked, id)
	return receipts.Receipt{ID: id}, nil
}

// AddressService runs the address domain on st with the curated
// municipalities, a receipt issuer that signs nothing, and the clock now.
func AddressService(t *testing.T, st address.Store, now func() time.Time, retention time.Duration) *address.Service {
	t.Helper()
	dir, err := address.Curated()
	if err != nil {
		t.Fatal(err)
	}
	svc, err := address.New(st, &fakeIssuer{}, dir, address.NewCountries(), address.Config{
		Secret: []byte("0123456789abcdef0123456789abcdef"), Retention: retention, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// AddressInput is a valid notification for a municipality and postcode,
// leaving on departure.
func AddressInput(muni, postcode, departure string) address.Input {
	return address.Input{Surname: "Kovalenko", GivenNames: "Olena", BirthDate: "1990-04-02", Nationality: "UA",
		DocType: address.DocPassport, DocNumber: "FE123456", EntryDate: "2026-05-01", Street: "Rue de la Loi",
		Number: "16", Postcode: postcode, Municipality: muni, DepartureDate: departure, Lang: "uk"}
}

func testAddressSubmitLookupAndChange(t *testing.T, s Backend) {
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)}
	svc := AddressService(t, s, c.Now, 0)
	sub, err := svc.Submit(ctx, AddressInput("elsene", "1050", "2026-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sub.PIN) != 6 || sub.Notification.ReceiptID == "" || sub.Notification.Status != address.StatusNew {
		t.Fatalf("submission: %+v", sub)
	}
	got, err := svc.Lookup(ctx, sub.Notification.Ref.String(), sub.PIN)
	if err != nil || got.Surname != "Kovalenko" {
		t.Fatalf("lookup: %+v %v", got, err)
	}
	// Wrong PINs are counted; the fifth locks the reference even for the right PIN.
	for i := range 5 {
		if _, err := svc.Lookup(ctx, string(sub.Notification.Ref), "000000"); !errors.Is(err, address.ErrBadPIN) {
			t.Fatalf("wrong PIN %d: %v", i, err)
		}
	}
	if _, err := svc.Lookup(ctx, string(sub.Notification.Ref), sub.PIN); !errors.Is(err, address.ErrLocked) {
		t.Fatalf("after 5 wrong PINs: %v, want ErrLocked", err)
	}
	c.t = c.t.Add(16 * time.Minute)
	if _, err := svc.Lookup(ctx, string(sub.Notification.Ref), sub.PIN); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	// An address change is a new notification linked to the first.
	moved, err := svc.Change(ctx, sub.Notification.Ref.String(), sub.PIN, AddressInput("luik", "4000", "2026-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	if moved.Notification.Previous != sub.Notification.Ref {
		t.Errorf("change not linked: %+v", moved.Notification)
	}
	first, _ := s.AddressNotification(ctx, sub.Notification.Ref)
	if first.SupersededBy != moved.Notification.Ref {
		t.Errorf("first not marked superseded: %+v", first)
	}
	if _, err := svc.Change(ctx, sub.Notification.Ref.String(), sub.PIN, AddressInput("gent", "9000", "2026-06-01")); !errors.Is(err, address.ErrSuperseded) {
		t.Errorf("second change of the same notification: %v", err)
	}
	st, _ := svc.Stats(ctx)
	if st.Submitted != 2 || st.Changed != 1 {
		t.Errorf("stats %+v", st)
	}
}

func testAddressInvalidWritesNothing(t *testing.T, s Backend) {
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)}
	svc := AddressService(t, s, c.Now, 0)
	_, err := svc.Submit(ctx, AddressInput("elsene", "1000", "2026-06-01"))
	v, ok := refusal.As(err)
	if !ok || !errors.Is(err, address.ErrInvalid) || !v.Has("postcode") {
		t.Fatalf("err %v, want a postcode error", err)
	}
	st, _ := svc.Stats(ctx)
	page, _ := svc.Export(ctx, time.Time{}, "", 10)
	if st.Submitted != 0 || len(page.Items) != 0 {
		t.Errorf("an invalid submission left data: %+v, %d items", st, len(page.Items))
	}
}

func testAddressMunicipalityIsolation(t *testing.T, s Backend) {
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)}
	svc := AddressService(t, s, c.Now, 0)
	a, _ := svc.Submit(ctx, AddressInput("elsene", "1050", "2026-06-01"))
	c.t = c.t.Add(24 * time.Hour)
	b, _ := svc.Submit(ctx, AddressInput("gent", "9000", "2026-06-01"))
	list, err := svc.List(ctx, []string{"elsene"}, address.Filter{})
	if err != nil || len(list) != 1 || list[0].Ref != a.Notification.Ref {
		t.Fatalf("Ixelles sees %v (%v)", list, err)
	}
	if _, err := svc.Get(ctx, []string{"elsene"}, b.Notification.Ref.String()); !errors.Is(err, address.ErrNotFound) {
		t.Errorf("Ixelles opened Ghent's notification: %v", err)
	}
	if _, err := svc.SetStatus(ctx, []string{"elsene"}, b.Notification.Ref.String(), address.StatusChecked, "u1"); !errors.Is(err, address.ErrNotFound) {
		t.Errorf("Ixelles marked Ghent's notification: %v", err)
	}
	n, err := svc.SetStatus(ctx, []string{"gent"}, b.Notification.Ref.String(), address.StatusComeIn, "u2")
	if err != nil || n.Status != address.StatusComeIn || n.StatusBy != "u2" {
		t.Fatalf("Ghent: %+v %v", n, err)
	}
	// Filters: by status and by creation day.
	both := []string{"elsene", "gent"}
	tests := []struct {
		f    address.Filter
		want int
	}{
		{address.Filter{}, 2},
		{address.Filter{Status: address.StatusComeIn}, 1},
		{address.Filter{Status: address.StatusNew}, 1},
		{address.Filter{From: time.Date(2026, 5, 11, 0, 0, 0, 0, time.UTC)}, 1},
		{address.Filter{To: time.Date(2026, 5, 10, 0, 0, 0, 0, time.UTC)}, 1},
		{address.Filter{From: time.Date(2026, 5, 12, 0, 0, 0, 0, time.UTC)}, 0},
	}
	for _, tt := range tests {
		list, err := svc.List(ctx, both, tt.f)
		if err != nil || len(list) != tt.want {
			t.Errorf("filter %+v: %d (%v), want %d", tt.f, len(list), err, tt.want)
		}
	}
}

func testAddressExportEachOnceAcrossPages(t *testing.T, s Backend) {
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)}
	svc := AddressService(t, s, c.Now, 0)
	made := map[address.Reference]bool{}
	for i := range 23 {
		// Several share a creation time: the reference breaks the tie.
		if i%3 == 0 {
			c.t = c.t.Add(time.Second)
		}
		sub, err := svc.Submit(ctx, AddressInput("brussel", "1000", "2026-06-01"))
		if err != nil {
			t.Fatal(err)
		}
		made[sub.Notification.Ref] = true
	}
	seen := map[address.Reference]int{}
	cursor, pages := "", 0
	for {
		p, err := svc.Export(ctx, time.Time{}, cursor, 5)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, n := range p.Items {
			seen[n.Ref]++
		}
		if pages == 2 {
			// New notifications arriving meanwhile come after the cursor.
			c.t = c.t.Add(time.Minute)
			sub, _ := svc.Submit(ctx, AddressInput("brussel", "1000", "2026-06-01"))
			made[sub.Notification.Ref] = true
		}
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	if len(seen) != len(made) || pages != 5 {
		t.Errorf("saw %d of %d in %d pages", len(seen), len(made), pages)
	}
	for ref, n := range seen {
		if n != 1 || !made[ref] {
			t.Errorf("%s seen %d times", ref, n)
		}
	}
	// since includes a notification made at that very time and leaves
	// out older ones.
	p, _ := svc.Export(ctx, c.t, "", 100)
	if len(p.Items) != 1 {
		t.Errorf("since the last one: %d items, want 1", len(p.Items))
	}
	if p, _ := svc.Export(ctx, c.t.Add(time.Nanosecond), "", 100); len(p.Items) != 0 {
		t.Errorf("since just after the last one: %d items, want 0", len(p.Items))
	}
	if _, err := svc.Export(ctx, time.Time{}, "bogus", 5); !errors.Is(err, address.ErrBadCursor) {
		t.Errorf("bogus cursor: %v", err)
	}
}

func testAddressRetention(t *testing.T, s Backend) {
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)}
	svc := AddressService(t, s, c.Now, 30*24*time.Hour)
	early, _ := svc.Submit(ctx, AddressInput("elsene", "1050", "2026-05-20"))
	late, _ := svc.Submit(ctx, AddressInput("elsene", "1050", "2026-07-01"))
	tests := []struct {
		at        time.Time
		purged    int
		remaining []address.Reference
	}{
		{time.Date(2026, 6, 19, 12, 0, 0, 0, time.UTC), 0, []address.Reference{early.Notification.Ref, late.Notification.Ref}},
		{time.Date(2026, 6, 20, 12, 0, 0, 0, time.UTC), 1, []address.Reference{late.Notification.Ref}},
		{time.Date(2026, 7, 31, 12, 0, 0, 0, time.UTC), 0, []address.Reference{late.Notification.Ref}},
		{time.Date(2026, 8, 1, 12, 0, 0, 0, time.UTC), 1, nil},
	}
	for _, tt := range tests {
		c.t = tt.at
		n, err := svc.Purge(ctx)
		if err != nil || n != tt.purged {
			t.Fatalf("%s: purged %d (%v), want %d", tt.at, n, err, tt.purged)
		}
		list, _ := svc.List(ctx, []string{"elsene"}, address.Filter{})
		page, _ := svc.Export(ctx, time.Time{}, "", 10)
		if len(list) != len(tt.remaining) || len(page.Items) != len(tt.remaining) {
			t.Fatalf("%s: %d listed, %d exported, want %d", tt.at, len(list), len(page.Items), len(tt.remaining))
		}
	}
	if _, err := s.AddressNotification(ctx, early.Notification.Ref); !errors.Is(err, address.ErrNotFound) {
		t.Errorf("purged notification still readable: %v", err)
	}
	if st, _ := svc.Stats(ctx); st.Purged != 2 {
		t.Errorf("purge counter %d, want 2", st.Purged)
	}
}

func testAddressBackofficeStatus(t *testing.T, s Backend) {
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)}
	svc := AddressService(t, s, c.Now, 0)
	sub, _ := svc.Submit(ctx, AddressInput("elsene", "1050", "2026-06-01"))
	n, err := svc.SetBackoffice(ctx, string(sub.Notification.Ref), address.BackofficeMatched)
	if err != nil || n.Backoffice != address.BackofficeMatched {
		t.Fatalf("%+v %v", n, err)
	}
	if _, err := svc.SetBackoffice(ctx, string(sub.Notification.Ref), "lost"); !errors.Is(err, address.ErrBadStatus) {
		t.Errorf("bad status: %v", err)
	}
}

func testMunicipalitiesSaved(t *testing.T, s Backend) {
	ctx := context.Background()
	if _, ok, err := s.Municipalities(ctx); ok || err != nil {
		t.Fatalf("fresh store has a list: %v %v", ok, err)
	}
	dir, _ := address.Curated()
	if err := s.SaveMunicipalities(ctx, dir.All()[:3]); err != nil {
		t.Fatal(err)
	}
	list, ok, err := s.Municipalities(ctx)
	if !ok || err != nil || len(list) != 3 || list[0].Names["nl"] == "" {
		t.Fatalf("%v %v %v", list, ok, err)
	}
}

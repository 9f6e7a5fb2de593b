// Package storetest is the behaviour every Loket store must have, written
// against the interfaces the domain packages declare and exercised through
// the domain services themselves. The bbolt store runs it in its tests; a
// second backend (PostgreSQL, for several instances) runs the same suite:
//
//	storetest.Run(t, func(t *testing.T) storetest.Backend { return openMyStore(t) })
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"loket/server/accounts"
	"loket/server/address"
	"loket/server/audit"
	"loket/server/bookings"
	"loket/server/dossiers"
	"loket/server/editor"
	"loket/server/helpdesk"
	"loket/server/mandates"
	"loket/server/notify"
	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/stats"
)

// Backend is everything a store offers the rest of Loket.
type Backend interface {
	accounts.Store
	address.Store
	audit.Store
	bookings.Store
	dossiers.Store
	editor.Store
	helpdesk.Store
	mandates.Store
	mandates.TokenStore
	notify.Store
	queue.Store
	receipts.Store
	stats.Store
	Ping() error
	Secret(name string) ([]byte, error)
	DemoLoaded() (bool, error)
	MarkDemoLoaded() error
	// The back-office feed's tokens and the stored offices.
	DossierCount() (int, error)
	CreateToken(t dossiers.APIToken) error
	Tokens() ([]dossiers.APIToken, error)
	RevokeToken(name string) (bool, error)
	TokenName(hash []byte) (string, bool, error)
	SaveOffices(ctx context.Context, offices []bookings.Office) error
	Offices(ctx context.Context) ([]bookings.Office, bool, error)
	SaveMunicipalities(ctx context.Context, list []address.Municipality) error
	Municipalities(ctx context.Context) ([]address.Municipality, bool, error)
}

// Run runs the suite; open must return a fresh, empty backend whose clock
// is now, that lives until the test ends.
func Run(t *testing.T, open func(t *testing.T, now func() time.Time) Backend) {
	tests := []struct {
		name string
		fn   func(t *testing.T, b Backend)
	}{
		{"Secrets", testSecrets},
		{"DemoMarker", testDemoMarker},
		{"BookingCapacityUnderConcurrency", testBookingCapacity},
		{"BookingMoveIsAtomic", testBookingMove},
		{"BookingIdempotency", testBookingIdempotency},
		{"BookNeverOverbooks", testBookNeverOverbooks},
		{"CreateBookingTwiceStoresOnce", testCreateBookingTwiceStoresOnce},
		{"MovesRacingBookingsNeverOverbook", testMovesRacingBookingsNeverOverbook},
		{"BookRules", testBookRules},
		{"OneActiveBookingPerDossierAndService", testOneActiveBookingPerDossierAndService},
		{"IdempotentSubmission", testIdempotentSubmission},
		{"IdempotencyKeyIsTheClients", testIdempotencyKeyIsTheClients},
		{"PINLockout", testPINLockout},
		{"ParallelWrongPINsAreAllCounted", testParallelWrongPINsAreAllCounted},
		{"MoveAndCancel", testMoveAndCancel},
		{"Availability", testAvailability},
		{"StaffQueries", testStaffQueries},
		{"PurgeDeletesOldBookingsOnly", testPurgeDeletesOldBookingsOnly},
		{"PurgeForgetsFollowers", testPurgeForgetsFollowers},
		{"OfficesSaved", testOfficesSaved},
		{"ReceiptsRecordAndRevoke", testReceipts},
		{"ReceiptKeysSurviveRotation", testReceiptKeys},
		{"AccountsUniqueByEmail", testAccounts},
		{"AccountsCreateGetUpdate", testAccountsCreateGetUpdate},
		{"SessionsStore", testSessionsStore},
		{"AuditChainHolds", testAudit},
		{"AddressSubmitLookupAndChange", testAddressSubmitLookupAndChange},
		{"AddressInvalidWritesNothing", testAddressInvalidWritesNothing},
		{"AddressMunicipalityIsolation", testAddressMunicipalityIsolation},
		{"AddressExportEachOnceAcrossPages", testAddressExportEachOnceAcrossPages},
		{"AddressRetention", testAddressRetention},
		{"AddressBackofficeStatus", testAddressBackofficeStatus},
		{"MunicipalitiesSaved", testMunicipalitiesSaved},
		{"DossiersKeepHistogramsAndQueueInStep", testDossiersKeepHistogramsAndQueueInStep},
		{"LookupFailuresCountPerWindow", testLookupFailuresCountPerWindow},
		{"LookupFailuresArePruned", testLookupFailuresArePruned},
		{"TokensAreStoredByHash", testTokensAreStoredByHash},
		{"EscalationStore", testEscalationStore},
		{"CannedStore", testCannedStore},
		{"MandateCodeLifecycle", testMandateCodeLifecycle},
		{"MandateLabels", testMandateLabels},
		{"RevocationEndsEveryCode", testRevocationEndsEveryCode},
		{"ApplicantCancelsACode", testApplicantCancelsACode},
		{"LawyerStateFeedIndex", testLawyerStateFeedIndex},
		{"LawyerVisitAndDigestInterleaved", testLawyerVisitAndDigestInterleaved},
		{"StatsAddAndRange", testStatsAddAndRange},
		{"LawyerAPITokens", testLawyerAPITokens},
		{"ChangedSince", testChangedSince},
		{"LawyerAPIViews", testLawyerAPIViews},
		{"OutboxFollowsBookings", testOutboxBooking},
		{"OutboxDelivery", testOutboxDelivery},
		{"OutboxSubscriptions", testOutboxSubscriptions},
		{"OutboxChangesInOrderAndOnce", testOutboxChangesInOrderAndOnce},
		{"CloseDay", testCloseDay},
		{"ClosePartOfADay", testClosePartOfADay},
		{"OfficeEditsKeepEachOther", testOfficeEditsKeepEachOther},
		{"SubscriptionsOfKind", testSubscriptionsOfKind},
		{"TicketNumbersUnderConcurrency", testTicketNumbersUnderConcurrency},
		{"ArrivalCreatesOneTicket", testArrivalCreatesOneTicket},
		{"TicketHistoryKept", testTicketHistoryKept},
		{"DesksNeverCallTheSameVisitor", testDesksNeverCallTheSameVisitor},
		{"KioskEnrolsOnce", testKioskEnrolsOnce},
		{"MandateCodeRedeemedOnce", testMandateCodeRedeemedOnce},
		{"OneAccountPerAddressUnderConcurrency", testOneAccountPerAddressUnderConcurrency},
		{"SubscriptionLimitUnderConcurrency", testSubscriptionLimitUnderConcurrency},
		{"LookupFailuresCountedAcrossWriters", testLookupFailuresCountedAcrossWriters},
		{"ConcurrentLookupsGetTheirOwnAnswers", testConcurrentLookupsGetTheirOwnAnswers},
		{"ContentRevisions", testContentRevisions},
	}
	// These need the store's own clock at a given time.
	clocked := []struct {
		name string
		fn   func(t *testing.T, b Backend, clk *clock)
	}{
		{"OutboxDossierEvent", testOutboxDossierEvent},
		{"OutboxQueueCall", testOutboxQueueCall},
		{"OutboxContacts", testOutboxContacts},
	}
	for _, tt := range tests {
		clocked = append(clocked, struct {
			name string
			fn   func(t *testing.T, b Backend, clk *clock)
		}{tt.name, func(t *testing.T, b Backend, _ *clock) { tt.fn(t, b) }})
	}
	for _, tt := range clocked {
		t.Run(tt.name, func(t *testing.T) {
			clk := &clock{t: time.Now()}
			b := open(t, clk.Now)
			if err := b.Ping(); err != nil {
				t.Fatalf("ping: %v", err)
			}
			tt.fn(t, b, clk)
		})
	}
}

func testSecrets(t *testing.T, b Backend) {
	a, err := b.Secret("one")
	if err != nil || len(a) < 32 {
		t.Fatalf("secret: %d bytes, %v", len(a), err)
	}
	again, _ := b.Secret("one")
	other, _ := b.Secret("two")
	if !bytes.Equal(a, again) || bytes.Equal(a, other) {
		t.Fatal("secrets are not stable per name, or shared between names")
	}
}

func testDemoMarker(t *testing.T, b Backend) {
	if ok, err := b.DemoLoaded(); ok || err != nil {
		t.Fatalf("fresh store: demo %v, %v", ok, err)
	}
	if err := b.MarkDemoLoaded(); err != nil {
		t.Fatal(err)
	}
	if ok, _ := b.DemoLoaded(); !ok {
		t.Fatal("demo marker lost")
	}
}

// clock is a settable time for the domain services.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Set moves the clock to t.
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// noDossiers refuses every dossier: these tests book services without one.
type noDossiers struct{}

func (noDossiers) VerifyDossier(context.Context, string, bookings.Date, string) (string, bool, error) {
	return "", false, nil
}

// manager books on the backend with one office whose one service has
// capacity 3 and needs no dossier.
func manager(t *testing.T, b Backend) (*bookings.Manager, []bookings.Slot) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)} // a Monday morning
	office := bookings.Office{
		ID: "contract", Name: "Contract office", Address: "Teststraat 1, 1000 Brussel", Languages: []string{"nl"},
		Hours:    map[string][]bookings.Period{},
		Services: []bookings.Service{{ID: "svc", DurationMinutes: 15, Capacity: 3, HorizonDays: 30}},
	}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri"} {
		office.Hours[d] = []bookings.Period{{From: 9 * 60, To: 12 * 60}}
	}
	m, err := bookings.New(bookings.Config{Secret: []byte("contract-secret-contract-secret-!!"), Now: clk.Now}, b, noDossiers{}, []bookings.Office{office})
	if err != nil {
		t.Fatal(err)
	}
	slots, err := m.NextFree(context.Background(), "contract", "svc", clk.Now(), 10)
	if err != nil || len(slots) < 2 {
		t.Fatalf("slots: %v %v", slots, err)
	}
	return m, slots
}

func testBookingCapacity(t *testing.T, b Backend) {
	m, slots := manager(t, b)
	const attempts = 200
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, full := 0, 0
	for i := 0; i < attempts; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := m.Book(context.Background(), bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: slots[0].Start, IdempotencyKey: fmt.Sprint("k", i)})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, bookings.ErrSlotFull):
				full++
			default:
				t.Errorf("attempt %d: %v", i, err)
			}
		}(i)
	}
	wg.Wait()
	if ok != 3 || full != attempts-3 {
		t.Fatalf("%d booked, %d refused; want 3 and %d", ok, full, attempts-3)
	}
	stored, err := b.BookingsStarting(context.Background(), "contract", slots[0].Start, slots[0].Start.Add(time.Second))
	if err != nil || len(stored) != 3 {
		t.Fatalf("store holds %d bookings for the slot (%v)", len(stored), err)
	}
}

func testBookingMove(t *testing.T, b Backend) {
	m, slots := manager(t, b)
	ctx := context.Background()
	var confs []bookings.Confirmation
	for i := 0; i < 3; i++ {
		c, err := m.Book(ctx, bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: slots[1].Start, IdempotencyKey: fmt.Sprint("full", i)})
		if err != nil {
			t.Fatal(err)
		}
		confs = append(confs, c)
	}
	mine, err := m.Book(ctx, bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: slots[0].Start, IdempotencyKey: "mine"})
	if err != nil {
		t.Fatal(err)
	}
	// Moving into a full slot fails and keeps the old one.
	if _, err := m.Move(ctx, mine.Booking.Ref, mine.PIN, slots[1].Start); !errors.Is(err, bookings.ErrSlotFull) {
		t.Fatalf("move into a full slot: %v", err)
	}
	got, err := m.Get(ctx, mine.Booking.Ref, mine.PIN)
	if err != nil || !got.Start.Equal(slots[0].Start) {
		t.Fatalf("after a failed move: %v at %v", err, got.Start)
	}
	// Cancelling frees a place at once; then the move succeeds.
	if _, err := m.Cancel(ctx, confs[0].Booking.Ref, confs[0].PIN); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Move(ctx, mine.Booking.Ref, mine.PIN, slots[1].Start); err != nil {
		t.Fatalf("move into a freed place: %v", err)
	}
	left, _ := b.BookingsStarting(ctx, "contract", slots[0].Start, slots[0].Start.Add(time.Second))
	for _, bk := range left {
		if bk.Ref == mine.Booking.Ref && bk.Active() {
			t.Fatal("the old slot still holds the moved booking")
		}
	}
}

func testBookingIdempotency(t *testing.T, b Backend) {
	m, slots := manager(t, b)
	ctx := context.Background()
	r := bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: slots[0].Start, IdempotencyKey: "same-form"}
	first, err := m.Book(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	second, err := m.Book(ctx, r)
	if err != nil || second.Booking.Ref != first.Booking.Ref || second.PIN != first.PIN {
		t.Fatalf("replay gave %v (%v), want the first booking %v", second.Booking.Ref, err, first.Booking.Ref)
	}
	stored, _ := b.BookingsStarting(ctx, "contract", slots[0].Start, slots[0].Start.Add(time.Second))
	if len(stored) != 1 {
		t.Fatalf("%d bookings stored for one submission sent twice", len(stored))
	}
}

func testReceipts(t *testing.T, b Backend) {
	ctx := context.Background()
	keys, err := receipts.OpenKeyring(ctx, b, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := receipts.New(b, keys, receipts.Config{BaseURL: "https://loket.test"})
	if err != nil {
		t.Fatal(err)
	}
	r, token, err := svc.Issue(ctx, receipts.Input{Kind: receipts.KindQueueTicket, Reference: "A001", OfficeID: "brussels",
		At: time.Now(), Fields: map[string]string{"service": "documents", "desk": "3"}})
	if err != nil {
		t.Fatalf("issue: %v", err)
	}
	got, err := svc.Get(ctx, r.ID)
	if err != nil || got.Reference != "A001" || got.Revoked {
		t.Fatalf("get: %+v %v", got, err)
	}
	if _, err := svc.Revoke(ctx, r.ID, "cancelled"); err != nil {
		t.Fatal(err)
	}
	st, err := svc.Check(ctx, token)
	if err != nil || !st.Revoked {
		t.Fatalf("check after revoke: %+v %v", st, err)
	}
	if _, err := svc.Get(ctx, "no-such-id"); !errors.Is(err, receipts.ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}
}

func testReceiptKeys(t *testing.T, b Backend) {
	ctx := context.Background()
	k1, err := receipts.OpenKeyring(ctx, b, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := receipts.New(b, k1, receipts.Config{BaseURL: "https://loket.test"})
	if err != nil {
		t.Fatal(err)
	}
	_, old, err := svc.Issue(ctx, receipts.Input{Kind: receipts.KindQueueTicket, Reference: "B002", OfficeID: "o", At: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k1.Rotate(ctx); err != nil {
		t.Fatal(err)
	}
	k2, err := receipts.OpenKeyring(ctx, b, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if k2.CurrentKeyID() == "" || k2.CurrentKeyID() != k1.CurrentKeyID() {
		t.Fatalf("current key after reopening: %q vs %q", k2.CurrentKeyID(), k1.CurrentKeyID())
	}
	if _, err := k2.Verify(old); err != nil {
		t.Fatalf("a token signed before rotation: %v", err)
	}
}

func testAccounts(t *testing.T, b Backend) {
	ctx := context.Background()
	svc := accounts.New(b, accounts.DefaultPolicy(), nil)
	a, err := svc.Create(ctx, accounts.NewAccount{Email: "Admin@Loket.test", Role: accounts.RoleAdmin, Password: "a long enough passphrase"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := svc.ByEmail(ctx, "admin@loket.test")
	if err != nil || got.ID != a.ID {
		t.Fatalf("by e-mail: %+v %v", got, err)
	}
	if _, err := svc.Create(ctx, accounts.NewAccount{Email: "admin@loket.test", Role: accounts.RoleAdmin, Password: "another long passphrase"}); !errors.Is(err, accounts.ErrDuplicate) {
		t.Fatalf("second account with the same e-mail: %v", err)
	}
}

func testAudit(t *testing.T, b Backend) {
	ctx := context.Background()
	trail := audit.New(b, nil)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if err := trail.Append(ctx, audit.Entry{Actor: "cli", Action: audit.ActionDossierView, Object: fmt.Sprint(10000000 + i)}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	n, err := trail.Verify(ctx)
	if err != nil || n != 20 {
		t.Fatalf("verify: %d entries, %v", n, err)
	}
}

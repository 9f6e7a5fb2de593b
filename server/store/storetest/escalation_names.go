package storetest

import (
	"context"
	"testing"
	"time"

	"loket/server/receipts"
	"loket/server/stats"
)

// EscalationNames checks the schema step that renamed what stores kept
// under "ticket" for a helpdesk escalation. s gets an escalation receipt
// and counts; age(receiptID) makes s's data look as written before the
// step (the receipt's kind back to "escalation_ticket", counts under the
// event "helpdesk_ticket" are already there, the step's record removed);
// reopen opens the same data again, which runs the step. Afterwards the
// receipt's old token verifies and names kind "escalation", and the old
// counts are added to the escalations of the same day and dimensions.
func EscalationNames(t *testing.T, s Backend, age func(receiptID string), reopen func() Backend) {
	t.Helper()
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC) }
	issue := func(b Backend) *receipts.Service {
		keys, err := receipts.OpenKeyring(ctx, b, now)
		if err != nil {
			t.Fatal(err)
		}
		svc, err := receipts.New(b, keys, receipts.Config{BaseURL: "http://loket.test", Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	r, token, err := issue(s).Issue(ctx, receipts.Input{Kind: receipts.KindEscalation, Reference: "HK7M-4QX2", At: now(),
		OfficeID: "helpdesk", Fields: map[string]string{"topic": "appointment"}})
	if err != nil {
		t.Fatal(err)
	}
	old := stats.Event{Name: "helpdesk_ticket", Channel: stats.ChannelPWA, Lang: "en", Category: "appointment"}
	current := old
	current.Name = stats.Escalation
	other := stats.Event{Name: "helpdesk_ticket", Channel: stats.ChannelKiosk, Lang: "fr", Office: "brussels", Category: "documents"}
	if err := s.AddStats(map[string]uint64{
		stats.Key("2026-11-30", old): 2, stats.Key("2026-11-30", current): 3, stats.Key("2026-12-01", other): 1,
	}); err != nil {
		t.Fatal(err)
	}
	age(r.ID)
	s = reopen()

	st, err := issue(s).Check(ctx, token)
	if err != nil {
		t.Fatalf("old token: %v", err)
	}
	if st.Payload.Kind != receipts.KindEscalation || st.Receipt.Kind != receipts.KindEscalation || st.Receipt.Reference != r.Reference {
		t.Errorf("old token reads kind %q, stored kind %q, reference %q", st.Payload.Kind, st.Receipt.Kind, st.Receipt.Reference)
	}
	counts, err := s.Stats("2026-11-30", "2026-12-01")
	if err != nil {
		t.Fatal(err)
	}
	otherNow := other
	otherNow.Name = stats.Escalation
	want := map[string]uint64{stats.Key("2026-11-30", current): 5, stats.Key("2026-12-01", otherNow): 1}
	if len(counts) != len(want) {
		t.Errorf("counts after the step: %v, want %v", counts, want)
	}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("count %s = %d, want %d (all: %v)", k, counts[k], n, counts)
		}
	}
}

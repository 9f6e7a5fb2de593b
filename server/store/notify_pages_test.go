package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"loket/server/dossiers"
	"loket/server/notify"
)

// With fsync on, a write transaction costs about what it writes: a status
// event on a followed dossier may write at most one page more than on an
// unfollowed one, as long as the worker keeps up (the message waits in
// one small bucket; the worker indexes it in its own transaction). Before,
// the four outbox indexes made it 16 pages against 4, and the event took
// twice as long. Pages are counted, not timed, so the test holds on any
// machine.
func TestFollowedStatusEventWritesOnePageMore(t *testing.T) {
	pages := func(followed bool) float64 {
		s := openTemp(t)
		ctx := context.Background()
		d := dossiers.Dossier{Number: "12345678", Procedure: "asylum", Status: "registered", Received: "2026-01-05",
			Events: []dossiers.Event{{ID: "e0", Code: "registered", Date: "2026-01-05"}}, BirthHash: []byte{1}}
		if err := s.PutDossiers([]dossiers.Dossier{d}); err != nil {
			t.Fatal(err)
		}
		if followed {
			sub := notify.Subscription{ID: notify.NewID(), Subject: notify.Subject{Kind: notify.KindDossier, ID: d.Number},
				Channel: notify.ChannelPush, Lang: "ti", Created: time.Now(),
				Push: &notify.PushTarget{Endpoint: "https://push.example.org/x", P256dh: make([]byte, 65), Auth: make([]byte, 16)}}
			if err := s.Subscribe(ctx, sub); err != nil {
				t.Fatal(err)
			}
		}
		const warm, n = 300, 300
		var written int64
		for i := range warm + n {
			before := s.db.Stats()
			if _, err := s.UpdateDossier(d.Number, func(d *dossiers.Dossier) error {
				d.Events = append(d.Events[:1], dossiers.Event{ID: fmt.Sprint("e", i+1), Code: "interview", Date: "2026-06-10"})
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			after := s.db.Stats()
			if i >= warm {
				written += after.TxStats.GetWrite() - before.TxStats.GetWrite()
			}
			// The worker: claims (indexing what waits) and settles.
			now := time.Now().Add(48 * time.Hour)
			ds, err := s.ClaimDue(ctx, now, time.Minute, 100)
			if err != nil || len(ds) != map[bool]int{false: 0, true: 1}[followed] {
				t.Fatalf("event %d: claimed %d (%v)", i, len(ds), err)
			}
			for _, d := range ds {
				if err := s.Settle(ctx, []notify.Result{{ID: d.Message.ID, Outcome: notify.OutcomeSent, At: now}}); err != nil {
					t.Fatal(err)
				}
			}
		}
		return float64(written) / n
	}
	plain, followed := pages(false), pages(true)
	t.Logf("pages written per status event: %.2f unfollowed, %.2f followed", plain, followed)
	if followed > plain+1 {
		t.Fatalf("a followed status event writes %.2f pages, an unfollowed one %.2f", followed, plain)
	}
}

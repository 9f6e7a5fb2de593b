package compose

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"loket/server/bookings"
	"loket/server/dossiers"
	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/store/postgres"
	"loket/server/web/public"
)

// shared is what a store that several instances share offers beyond the
// domains' records (the PostgreSQL store): events every instance hears,
// the proofs of work used, and one leader at a time for the clean-ups.
type shared interface {
	public.ProofLedger
	PruneProofs(ctx context.Context, now time.Time) (int, error)
	Notify(ctx context.Context, channel, payload string) error
	Listen(ctx context.Context, channels []string, handle func(channel, payload string)) error
	Lead(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error)
}

var _ shared = (*postgres.Store)(nil)

// officeSource is where the offices staff saved are read again.
type officeSource interface {
	Offices(ctx context.Context) ([]bookings.Office, bool, error)
}

// queueChannel carries the changes of an office's queue between instances.
const queueChannel = "loket_queue"

// queueNews is one change to an office's queue, as one instance tells the
// others: From tells an instance its own news apart.
type queueNews struct {
	From   string      `json:"from"`
	Office string      `json:"office"`
	Call   *queue.Call `json:"call,omitempty"`
}

// relay carries the news between this instance and the others.
type relay struct {
	sh   shared
	self string
	log  *slog.Logger
}

func newRelay(sh shared, log *slog.Logger) *relay {
	return &relay{sh: sh, self: rand.Text(), log: log}
}

// announce tells the other instances of a change to an office's queue
// (queue.Config.Announce). A failure is logged: the change is committed,
// and the other instances' displays catch up at their next event.
func (r *relay) announce(ctx context.Context, office string, call *queue.Call) {
	b, err := json.Marshal(queueNews{From: r.self, Office: office, Call: call})
	if err == nil {
		err = r.sh.Notify(ctx, queueChannel, string(b))
	}
	if err != nil {
		r.log.Error("queue change not announced to the other instances", "office", office, "err", err)
	}
}

// jobs are the listener that applies the other instances' news here (on
// one connection, reconnecting) and the clean-up of expired proofs of
// work, run by one instance at a time. q and bm may be nil; saved holds
// the offices as staff last saved them.
func (r *relay) jobs(q *queue.Service, offices []string, rcpts *receipts.Service, dos *dossiers.Service, bm *bookings.Manager, saved officeSource) []Job {
	handlers := map[string]func(ctx context.Context, payload string){
		// A receipt revoked elsewhere: forget what is kept of it ("" after
		// a reconnection: of every receipt).
		postgres.ReceiptsChannel: func(_ context.Context, id string) { rcpts.Forget(id) },
		// Dossiers written elsewhere: estimates and queue positions are due.
		postgres.DossiersChannel: func(context.Context, string) { dos.Stale() },
	}
	if bm != nil {
		// Bookings elsewhere: the slot listings kept here are out of date.
		handlers[postgres.SlotsChannel] = func(_ context.Context, payload string) {
			office, service, _ := strings.Cut(payload, " ")
			bm.ChangedElsewhere(office, service)
		}
		// Offices changed elsewhere (staff edited one, closed a day): read
		// them again, so slots, the queue and the pages here follow.
		handlers[postgres.OfficesChannel] = func(ctx context.Context, _ string) {
			got, ok, err := saved.Offices(ctx)
			if err == nil && ok {
				err = bm.SetOffices(got)
			}
			if err != nil {
				r.log.Error("offices changed elsewhere not read", "err", err)
			}
		}
	}
	if q != nil {
		// A queue changed elsewhere: the displays and phones here follow.
		handlers[queueChannel] = func(ctx context.Context, payload string) {
			if payload == "" { // reconnected: news may have been missed
				for _, o := range offices {
					q.Changed(ctx, o, nil)
				}
				return
			}
			var n queueNews
			if err := json.Unmarshal([]byte(payload), &n); err != nil || n.From == r.self {
				return
			}
			q.Changed(ctx, n.Office, n.Call)
		}
	}
	channels := slices.Sorted(maps.Keys(handlers))
	return []Job{
		func(ctx context.Context) {
			err := r.sh.Listen(ctx, channels, func(channel, payload string) { handlers[channel](ctx, payload) })
			if err != nil && ctx.Err() == nil {
				r.log.Error("stopped listening to the other instances", "err", err)
			}
		},
		func(ctx context.Context) {
			Housekeeping(ctx, r.log, powPrune, "expired proofs of work deleted", func(ctx context.Context) (int, error) {
				n := 0
				_, err := r.sh.Lead(ctx, "prune-proofs", func(ctx context.Context) error {
					var err error
					n, err = r.sh.PruneProofs(ctx, time.Now())
					return err
				})
				return n, err
			})
		},
	}
}

// powPrune is how often expired proofs of work are deleted.
const powPrune = 10 * time.Minute

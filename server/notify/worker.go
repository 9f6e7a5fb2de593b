package notify

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Sender delivers one message over its channel. It wraps ErrGone or
// ErrPermanent when retrying cannot help; any other error is retried.
type Sender interface {
	Send(ctx context.Context, d Delivery) error
}

// Backoff is how retries are spaced: Base, then twice as long each time,
// at most Max, with ±20% jitter; after Attempts failed attempts the
// message is dead.
type Backoff struct {
	Base, Max time.Duration
	Attempts  int
}

// Delay is the wait after the n-th failed attempt (n ≥ 1), before jitter.
func (b Backoff) Delay(n int) time.Duration {
	d := b.Base
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// WorkerConfig sets a Worker up.
type WorkerConfig struct {
	Senders map[Channel]Sender
	// Batch is how many messages one claim takes (default 200);
	// Concurrency how many are in flight at once (default 32).
	Batch, Concurrency int
	// Lease is how long a claimed message stays with this worker before
	// another may take it (default 2 minutes); Timeout bounds one send
	// (default 30 s) and must be shorter.
	Lease, Timeout time.Duration
	// Poll is how often the worker looks without a wake-up (default 5 s).
	Poll time.Duration
	// Backoff defaults to 30 s doubling to 6 h, 10 attempts.
	Backoff Backoff
	Now     func() time.Time
	// Report receives store errors (a full disk); nil drops them.
	Report func(error)
}

// Worker drains the outbox.
type Worker struct {
	st       Store
	cfg      WorkerConfig
	sent     atomic.Int64
	failures atomic.Int64
}

// NewWorker applies the defaults.
func NewWorker(st Store, cfg WorkerConfig) *Worker {
	if cfg.Batch <= 0 {
		cfg.Batch = 200
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 32
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 2 * time.Minute
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 5 * time.Second
	}
	if cfg.Backoff.Base <= 0 {
		cfg.Backoff = Backoff{Base: 30 * time.Second, Max: 6 * time.Hour, Attempts: 10}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Worker{st: st, cfg: cfg}
}

// Sent and Failures count this process's deliveries and failed attempts,
// for metrics.
func (w *Worker) Sent() int64     { return w.sent.Load() }
func (w *Worker) Failures() int64 { return w.failures.Load() }

// Run drains until ctx ends: at once while claims come back full, then on
// each wake-up from the store or every Poll.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.st.OutboxWakeup():
		}
		for ctx.Err() == nil {
			n, err := w.Drain(ctx)
			if err != nil && w.cfg.Report != nil && ctx.Err() == nil {
				w.cfg.Report(err)
			}
			if err != nil || n < w.cfg.Batch {
				break
			}
		}
		t.Reset(w.cfg.Poll)
	}
}

// Drain claims one batch of due messages, delivers them concurrently and
// settles the outcomes in one write; it reports how many it claimed.
func (w *Worker) Drain(ctx context.Context) (int, error) {
	ds, err := w.st.ClaimDue(ctx, w.cfg.Now(), w.cfg.Lease, w.cfg.Batch)
	if err != nil || len(ds) == 0 {
		return 0, err
	}
	results := make([]Result, len(ds))
	sem := make(chan struct{}, w.cfg.Concurrency)
	var wg sync.WaitGroup
	for i := range ds {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			results[i] = w.deliver(ctx, ds[i])
		}(i)
	}
	wg.Wait()
	if err := w.st.Settle(context.WithoutCancel(ctx), results); err != nil {
		return len(ds), fmt.Errorf("notify: settle %d messages: %w", len(ds), err)
	}
	return len(ds), nil
}

func (w *Worker) deliver(ctx context.Context, d Delivery) Result {
	r := Result{ID: d.Message.ID}
	s, ok := w.cfg.Senders[d.Message.Channel]
	var err error
	if !ok {
		err = fmt.Errorf("no %s sender configured", d.Message.Channel)
	} else {
		sctx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
		err = s.Send(sctx, d)
		cancel()
	}
	r.At = w.cfg.Now()
	if err == nil {
		w.sent.Add(1)
		r.Outcome = OutcomeSent
		return r
	}
	w.failures.Add(1)
	r.Error = err.Error()
	if len(r.Error) > 300 {
		r.Error = r.Error[:300]
	}
	switch n := d.Message.Attempts + 1; {
	case errors.Is(err, ErrGone):
		r.Outcome = OutcomeGone
	case errors.Is(err, ErrPermanent), n >= w.cfg.Backoff.Attempts:
		r.Outcome = OutcomeDead
	default:
		r.Outcome = OutcomeRetry
		delay := w.cfg.Backoff.Delay(n)
		delay += time.Duration((rand.Float64()*0.4 - 0.2) * float64(delay))
		r.Next = r.At.Add(delay)
	}
	return r
}

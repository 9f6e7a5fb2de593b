// Package delivery puts the outbox to work in a running server: it builds
// the configured senders (Web Push with the store's VAPID key, e-mail over
// SMTP), the notify service the pages use, and runs the worker, the
// reminder pass and the purge of finished messages until the server stops.
package delivery

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"time"

	"loket/server/bookings"
	"loket/server/metrics"
	"loket/server/notify"
	"loket/server/notify/email"
	"loket/server/notify/webpush"
)

// Secrets, by the store's names.
const (
	VAPIDSecret = "vapid"        // the VAPID private key
	GrantSecret = "notify-grant" // keys the pages' opt-in grants
)

// Config is what the server's settings say about notifications.
type Config struct {
	// Base is the public URL of Loket, for links in e-mail.
	Base string
	// SMTP is the e-mail server; nil: no e-mail.
	SMTP *email.Config
	// Push turns Web Push on; Subject is its VAPID contact. AllowPrivate
	// accepts push endpoints on loopback and private networks (tests and
	// local demos only).
	Push         bool
	Subject      string
	AllowPrivate bool
	Langs        []string
	Policy       notify.Policy
	// Retention is how long finished messages are kept (default 30 days).
	Retention time.Duration
	// Worker overrides the worker's defaults (tests).
	Worker notify.WorkerConfig
	// Report receives errors worth a log line (a full disk, a failed pass).
	Report func(error)
	Now    func() time.Time
}

// Store is the outbox and the store's named secrets.
type Store interface {
	notify.Store
	Secret(name string) ([]byte, error)
}

// Bookings is what reminders and e-mail need of the bookings domain;
// *bookings.Manager is one.
type Bookings interface {
	notify.Upcoming
	Office(id string) (bookings.Office, error)
}

// Runtime is the started outbox.
type Runtime struct {
	Service *notify.Service
	Worker  *notify.Worker
	// VAPIDKey is the applicationServerKey pages subscribe with ("" when
	// push is off).
	VAPIDKey string
	cfg      Config
	bookings Bookings
}

// New builds the senders, the worker and the service.
func New(cfg Config, st Store, texts notify.Texts, bk Bookings) (*Runtime, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Retention <= 0 {
		cfg.Retention = 30 * 24 * time.Hour
	}
	grant, err := st.Secret(GrantSecret)
	if err != nil {
		return nil, fmt.Errorf("delivery: grant key: %w", err)
	}
	planner := notify.NewPlanner(cfg.Policy)
	rt := &Runtime{cfg: cfg, bookings: bk}
	wc := cfg.Worker
	wc.Senders = map[notify.Channel]notify.Sender{}
	if cfg.Push {
		secret, err := st.Secret(VAPIDSecret)
		if err != nil {
			return nil, fmt.Errorf("delivery: VAPID key: %w", err)
		}
		keys, err := webpush.KeysFromSecret(secret)
		if err != nil {
			return nil, err
		}
		s, err := webpush.New(webpush.Config{Keys: keys, Subject: cfg.Subject, AllowPrivate: cfg.AllowPrivate, Now: cfg.Now,
			Payload: func(m notify.Message) ([]byte, error) { return notify.PushPayload(texts, m) }})
		if err != nil {
			return nil, err
		}
		wc.Senders[notify.ChannelPush] = s
		rt.VAPIDKey = keys.PublicKey()
	}
	if cfg.SMTP != nil {
		if bk == nil {
			return nil, errors.New("delivery: e-mail needs the offices")
		}
		from := cfg.SMTP.From
		s, err := email.New(*cfg.SMTP, &email.Composer{Texts: texts, Offices: bk, Base: cfg.Base, Organizer: addressOf(from)})
		if err != nil {
			return nil, err
		}
		wc.Senders[notify.ChannelEmail] = s
	}
	if wc.Now == nil {
		wc.Now = cfg.Now
	}
	if wc.Report == nil {
		wc.Report = cfg.Report
	}
	rt.Worker = notify.NewWorker(st, wc)
	rt.Service, err = notify.NewService(st, notify.ServiceConfig{
		Rules:    notify.SubscriptionRules{Langs: cfg.Langs, AllowPrivate: cfg.AllowPrivate, Now: cfg.Now},
		GrantKey: grant, Push: cfg.Push, Email: cfg.SMTP != nil, Planner: planner, Now: cfg.Now,
	})
	if err != nil {
		return nil, err
	}
	return rt, nil
}

// Run delivers, queues reminders every ten minutes and purges finished
// messages daily, until ctx ends.
func (rt *Runtime) Run(ctx context.Context) {
	report := rt.cfg.Report
	go rt.Worker.Run(ctx)
	if rt.bookings != nil {
		go rt.Service.RunReminders(ctx, rt.bookings, 10*time.Minute, report)
	}
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		if _, err := rt.Service.Purge(ctx, rt.cfg.Retention); err != nil && ctx.Err() == nil && report != nil {
			report(fmt.Errorf("notify: purge: %w", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func addressOf(from string) string {
	if a, err := mail.ParseAddress(from); err == nil {
		return a.Address
	}
	return from
}

// Metrics are the outbox's sources for /metrics: messages by state (the
// queued ones are the depth), failed attempts, and this process's
// deliveries by outcome.
func (rt *Runtime) Metrics() metrics.Sources {
	return metrics.Sources{
		Outbox: func() (metrics.Outbox, error) {
			st, err := rt.Service.Stats(context.Background())
			if err != nil {
				return metrics.Outbox{}, err
			}
			out := metrics.Outbox{Messages: map[string]int{}, FailedAttempts: st.Failures}
			for state, n := range st.Messages {
				out.Messages[string(state)] = n
			}
			return out, nil
		},
		Deliveries: func() (int64, int64) { return rt.Worker.Sent(), rt.Worker.Failures() },
	}
}

package compose

import (
	"fmt"
	"log/slog"

	"loket/server/bookings"
	"loket/server/config"
	"loket/server/locale"
	"loket/server/notify"
	"loket/server/notify/delivery"
	"loket/server/notify/email"
)

// BuildNotify makes the outbox's senders and service from the settings:
// e-mail when an SMTP host is set, Web Push with -push.
func BuildNotify(cfg config.Config, s Store, cats *locale.Catalogs, bm *bookings.Manager, log *slog.Logger) (*delivery.Runtime, error) {
	var langs []string
	for _, m := range cats.Languages() {
		langs = append(langs, m.Code)
	}
	base := cfg.BaseURL
	if base == "" {
		base = "http://" + cfg.Addr
	}
	dc := delivery.Config{Base: base, Push: cfg.Push, Subject: cfg.VAPIDSubject, AllowPrivate: cfg.PushPrivate, Langs: langs,
		Policy: notify.Policy{ReminderLead: cfg.ReminderLead}, Retention: cfg.NotifyRetention,
		Report: func(err error) { log.Error("notifications", "err", err) }}
	if cfg.SMTPHost != "" {
		dc.SMTP = &email.Config{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Security: email.Security(cfg.SMTPSecurity),
			Username: cfg.SMTPUser, Password: cfg.SMTPPassword, From: cfg.MailFrom}
	}
	var bk delivery.Bookings
	if bm != nil {
		bk = bm
	} else if dc.SMTP != nil {
		return nil, fmt.Errorf("notifications: e-mail needs the appointments' offices")
	}
	return delivery.New(dc, s, cats, bk)
}

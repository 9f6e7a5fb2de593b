package compose

import (
	"context"
	"fmt"
	"log/slog"

	"loket/server/bookings"
	"loket/server/config"
	"loket/server/dossiers"
	"loket/server/locale"
	"loket/server/mandates"
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

// lawyerDigests reads a lawyer's daily digest from the mandates, with the
// status titles in the digest's language.
type lawyerDigests struct {
	mandates *mandates.Service
	statuses *dossiers.Catalog
	cats     *locale.Catalogs
}

// DigestLines is one line per changed client dossier: its number and its
// latest status, as the lawyer's dashboard shows them.
func (d lawyerDigests) DigestLines(_ context.Context, lawyer, lang string) ([]string, string, error) {
	changed, last, err := d.mandates.DigestChanges(lawyer)
	if err != nil {
		return nil, "", err
	}
	chain := d.cats.Chain(lang)
	lines := make([]string, 0, len(changed))
	for _, c := range changed {
		line := c.Dossier.Number
		if ev := c.Dossier.Events; len(ev) > 0 {
			e := ev[len(ev)-1]
			line += ": " + d.statuses.Text(chain, c.Dossier.Procedure, e.Code).Title + " (" + e.Date + ")"
		}
		lines = append(lines, line)
	}
	return lines, last, nil
}

func (d lawyerDigests) DigestSent(_ context.Context, lawyer, day string) error {
	return d.mandates.DigestSent(lawyer, day)
}

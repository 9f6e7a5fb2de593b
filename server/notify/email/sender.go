package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"loket/server/notify"
)

// Security is how the connection to the SMTP server is protected.
type Security string

// Securities. STARTTLS is required when chosen: a server that does not
// offer it is not used in the clear.
const (
	SecurityStartTLS Security = "starttls" // port 587
	SecurityTLS      Security = "tls"      // implicit TLS, port 465
	SecurityNone     Security = "none"     // a local relay only; no authentication is sent
)

// Config is the SMTP server and the sender address.
type Config struct {
	Host     string
	Port     int // 0 means 587, 465 or 25 by Security
	Security Security
	// Username and Password authenticate (PLAIN or LOGIN, whichever the
	// server offers) when Username is set; never over SecurityNone.
	Username, Password string
	// From is the sender address, e.g. "Loket <noreply@loket.example>".
	From    string
	Timeout time.Duration // per connection; 0 means 20 s
	// TLS overrides the TLS configuration (tests with their own CA).
	TLS *tls.Config
}

// Sender sends e-mail; it is a notify.Sender.
type Sender struct {
	cfg    Config
	from   *mail.Address
	comp   *Composer
	client *gomail.Client
}

var _ notify.Sender = (*Sender)(nil)

// New checks cfg and makes the sender.
func New(cfg Config, comp *Composer) (*Sender, error) {
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("email: sender address %q: %w", cfg.From, err)
	}
	if cfg.Host == "" {
		return nil, errors.New("email: no SMTP host")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 20 * time.Second
	}
	opts := []gomail.Option{gomail.WithTimeout(cfg.Timeout)}
	switch cfg.Security {
	case SecurityStartTLS, "":
		cfg.Security = SecurityStartTLS
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.TLSMandatory))
		if cfg.Port == 0 {
			cfg.Port = 587
		}
	case SecurityTLS:
		opts = append(opts, gomail.WithSSLPort(false))
		if cfg.Port == 0 {
			cfg.Port = 465
		}
	case SecurityNone:
		if cfg.Username != "" {
			return nil, errors.New("email: refusing to send a password without TLS")
		}
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		if cfg.Port == 0 {
			cfg.Port = 25
		}
	default:
		return nil, fmt.Errorf("email: security %q is not starttls, tls or none", cfg.Security)
	}
	opts = append(opts, gomail.WithPort(cfg.Port))
	if cfg.TLS != nil {
		opts = append(opts, gomail.WithTLSConfig(cfg.TLS))
	}
	if cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	c, err := gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("email: %w", err)
	}
	return &Sender{cfg: cfg, from: from, comp: comp, client: c}, nil
}

// Message builds the e-mail for one delivery.
func (s *Sender) Message(d notify.Delivery) (*gomail.Msg, error) {
	c, err := s.comp.Compose(d.Message, d.Subscription)
	if err != nil {
		return nil, err
	}
	m := gomail.NewMsg()
	m.FromMailAddress(s.from)
	if err := m.To(d.Subscription.Email); err != nil {
		return nil, fmt.Errorf("email: recipient: %w: %w", err, notify.ErrPermanent)
	}
	m.Subject(c.Subject)
	m.SetDate()
	// The idempotency key makes the Message-ID: a copy sent again after a
	// crash carries the same one, and mail systems drop it.
	m.SetMessageIDWithValue(notify.Tag(d.Message.Key) + "." + fmt.Sprint(d.Message.ID) + "@" + domain(s.from.Address))
	m.SetGenHeader(gomail.HeaderContentLang, c.Lang)
	m.SetGenHeader(gomail.HeaderListUnsubscribe, "<"+c.Unsubscribe+">")
	m.SetGenHeader(gomail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetBodyString(gomail.TypeTextPlain, c.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, c.HTML)
	if c.ICS != nil {
		ct := "text/calendar"
		for _, method := range []string{"PUBLISH", "REQUEST", "CANCEL"} {
			if bytes.Contains(c.ICS, []byte("\r\nMETHOD:"+method+"\r\n")) {
				ct += "; method=" + method
			}
		}
		if err := m.AttachReader("appointment.ics", bytes.NewReader(c.ICS),
			gomail.WithFileContentType(gomail.ContentType(ct))); err != nil {
			return nil, fmt.Errorf("email: attach: %w", err)
		}
	}
	return m, nil
}

// Send composes and sends one message. A recipient the server refuses
// for good (5xx on RCPT) is permanent; everything else is retried.
func (s *Sender) Send(ctx context.Context, d notify.Delivery) error {
	if d.Subscription.Email == "" {
		return fmt.Errorf("email: subscription %s has no address: %w", d.Subscription.ID, notify.ErrPermanent)
	}
	m, err := s.Message(d)
	if err != nil {
		return err
	}
	err = s.client.DialAndSendWithContext(ctx, m)
	if err == nil {
		return nil
	}
	var se *gomail.SendError
	if errors.As(err, &se) && !se.IsTemp() && se.Reason == gomail.ErrSMTPRcptTo {
		return fmt.Errorf("email: %w: %w", err, notify.ErrPermanent)
	}
	return fmt.Errorf("email: %w", err)
}

func domain(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return "loket"
}

package webpush

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"syscall"
	"time"

	"loket/server/notify"
)

// Config sets a Sender up.
type Config struct {
	Keys *Keys
	// Subject is the VAPID contact: "mailto:ops@example.org" or an https URL.
	Subject string
	// Payload is the plaintext a message carries (notify.PushPayload).
	Payload func(notify.Message) ([]byte, error)
	// TTL is how long a push service keeps an undelivered message
	// (default 24 h); urgent ones (queue calls) keep 15 minutes.
	TTL time.Duration
	// AllowPrivate lets deliveries reach loopback and private addresses
	// (tests, demos); production refuses them when dialling.
	AllowPrivate bool
	// Client overrides the HTTP client (tests); nil builds one whose
	// dialler refuses non-public addresses unless AllowPrivate.
	Client *http.Client
	Now    func() time.Time
}

// Sender delivers push messages; it is a notify.Sender.
type Sender struct {
	cfg    Config
	client *http.Client
	// vapid keeps a signed header per push service origin while it has
	// more than an hour to live: one signature per origin and hour, not
	// one per message.
	mu    sync.Mutex
	vapid map[string]signed
}

type signed struct {
	header string
	until  time.Time
}

// vapidTTL is how long a signed header is valid (RFC 8292 allows 24 h).
const vapidTTL = 12 * time.Hour

// authorization is the VAPID header for endpoint.
func (s *Sender) authorization(endpoint string) (string, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return "", err
	}
	origin, now := u.Scheme+"://"+u.Host, s.cfg.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.vapid[origin]; ok && now.Add(time.Hour).Before(v.until) {
		return v.header, nil
	}
	h, err := s.cfg.Keys.Authorization(endpoint, s.cfg.Subject, now, vapidTTL)
	if err != nil {
		return "", err
	}
	if len(s.vapid) > 1000 { // push services are few; never grow without bound
		clear(s.vapid)
	}
	s.vapid[origin] = signed{header: h, until: now.Add(vapidTTL)}
	return h, nil
}

var _ notify.Sender = (*Sender)(nil)

// errPrivate refuses a dial to a non-public address.
var errPrivate = errors.New("webpush: push endpoint resolves to a non-public address")

// New checks cfg and makes the sender.
func New(cfg Config) (*Sender, error) {
	if cfg.Keys == nil || cfg.Payload == nil {
		return nil, errors.New("webpush: keys and payload are required")
	}
	if cfg.Subject == "" {
		return nil, errors.New("webpush: a VAPID subject (mailto: or https: contact) is required")
	}
	if cfg.TTL <= 0 {
		cfg.TTL = 24 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := cfg.Client
	if c == nil {
		d := &net.Dialer{Timeout: 10 * time.Second}
		if !cfg.AllowPrivate {
			d.Control = func(_, address string, _ syscall.RawConn) error {
				host, _, err := net.SplitHostPort(address)
				if err != nil || !notify.PublicIP(net.ParseIP(host)) {
					return errPrivate
				}
				return nil
			}
		}
		c = &http.Client{
			Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 64, ForceAttemptHTTP2: true,
				TLSHandshakeTimeout: 10 * time.Second, ResponseHeaderTimeout: 20 * time.Second},
			// A push service answers; it does not send us elsewhere.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	return &Sender{cfg: cfg, client: c, vapid: map[string]signed{}}, nil
}

// Send encrypts the message's payload for the subscription and posts it
// to the push service. 404 and 410 mean the subscription is gone; other
// 4xx answers are permanent except 429; 5xx and network errors retry.
func (s *Sender) Send(ctx context.Context, d notify.Delivery) error {
	p := d.Subscription.Push
	if p == nil {
		return fmt.Errorf("webpush: subscription %s has no push target: %w", d.Subscription.ID, notify.ErrPermanent)
	}
	if err := notify.CheckEndpoint(p.Endpoint, s.cfg.AllowPrivate); err != nil {
		return fmt.Errorf("%w: %w", err, notify.ErrGone)
	}
	plain, err := s.cfg.Payload(d.Message)
	if err != nil {
		return fmt.Errorf("webpush: payload: %w: %w", err, notify.ErrPermanent)
	}
	body, err := Encrypt(plain, p.P256dh, p.Auth)
	if err != nil {
		return fmt.Errorf("%w: %w", err, notify.ErrPermanent)
	}
	ttl := s.cfg.TTL
	urgency := "normal"
	if d.Message.Urgent {
		ttl, urgency = 15*time.Minute, "high"
	}
	auth, err := s.authorization(p.Endpoint)
	if err != nil {
		return fmt.Errorf("%w: %w", err, notify.ErrGone)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.Endpoint, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webpush: %w: %w", err, notify.ErrGone)
	}
	req.Header.Set("Authorization", auth)
	req.Header.Set("Content-Encoding", "aes128gcm")
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("TTL", strconv.Itoa(int(ttl.Seconds())))
	req.Header.Set("Urgency", urgency)
	req.Header.Set("Topic", Topic(d.Message.Key))
	res, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("webpush: %w", err)
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 4096))
	res.Body.Close()
	switch c := res.StatusCode; {
	case c >= 200 && c < 300:
		return nil
	case c == http.StatusNotFound || c == http.StatusGone:
		return fmt.Errorf("webpush: push service answered %d: %w", c, notify.ErrGone)
	case c == http.StatusTooManyRequests || c >= 500:
		return fmt.Errorf("webpush: push service answered %d", c)
	default:
		return fmt.Errorf("webpush: push service answered %d: %w", c, notify.ErrPermanent)
	}
}

// Topic is the RFC 8030 Topic of a message: 32 base64url characters from
// its idempotency key, so a push service that still holds an undelivered
// copy replaces it instead of delivering both.
func Topic(key string) string {
	h := sha256.Sum256([]byte(key))
	return base64.RawURLEncoding.EncodeToString(h[:24])
}

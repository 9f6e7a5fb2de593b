package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket/server/refusal"
)

// ServiceConfig sets a Service up.
type ServiceConfig struct {
	Rules SubscriptionRules
	// GrantKey keys the grants pages hand out (the store's "notify-grant"
	// secret); GrantTTL is how long one is good for (default 2 hours).
	GrantKey []byte
	GrantTTL time.Duration
	// Push and Email say which channels are configured: a page offers
	// only those, and a subscription to another is refused.
	Push, Email bool
	// Planner times the messages the service queues itself; nil means
	// NewPlanner's defaults.
	Planner *Planner
	Now     func() time.Time
}

// Service is what the pages and the console do with notifications.
type Service struct {
	st  Store
	cfg ServiceConfig
}

// ErrChannelOff refuses a subscription to a channel that is not configured.
var ErrChannelOff = refusal.New(refusal.Unavailable, "notify: this way of notifying is not configured", "notify.error.bad_endpoint")

// NewService checks cfg.
func NewService(st Store, cfg ServiceConfig) (*Service, error) {
	if len(cfg.GrantKey) < 16 {
		return nil, errors.New("notify: the grant key needs at least 16 bytes")
	}
	if cfg.GrantTTL <= 0 {
		cfg.GrantTTL = 2 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Planner == nil {
		cfg.Planner = NewPlanner(Policy{})
	}
	if cfg.Rules.Now == nil {
		cfg.Rules.Now = cfg.Now
	}
	return &Service{st: st, cfg: cfg}, nil
}

// Channels says which channels are on.
func (s *Service) Channels() (push, email bool) { return s.cfg.Push, s.cfg.Email }

// Grant is the token a page puts in its opt-in form once the visitor has
// shown the secret of subject (the status result, the booking
// confirmation, the phone's queue page, the help request's receipt): it
// lets that browser follow that one subject for a while, and nothing else.
func (s *Service) Grant(subject Subject) string {
	exp := s.cfg.Now().Add(s.cfg.GrantTTL).Unix()
	payload := string(subject.Kind) + "|" + subject.ID + "|" + strconv.FormatInt(exp, 10)
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(s.mac(payload))
}

func (s *Service) mac(payload string) []byte {
	m := hmac.New(sha256.New, s.cfg.GrantKey)
	m.Write([]byte("notify-grant\x00" + payload))
	return m.Sum(nil)[:16]
}

// subject checks a grant and returns its subject; a forged, foreign or
// expired one is ErrUnknownSubject.
func (s *Service) subject(grant string) (Subject, error) {
	p64, m64, ok := strings.Cut(grant, ".")
	if !ok || len(grant) > 200 {
		return Subject{}, ErrUnknownSubject
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p64)
	mac, err2 := base64.RawURLEncoding.DecodeString(m64)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, s.mac(string(payload))) {
		return Subject{}, ErrUnknownSubject
	}
	parts := strings.Split(string(payload), "|")
	if len(parts) != 3 {
		return Subject{}, ErrUnknownSubject
	}
	exp, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || s.cfg.Now().Unix() > exp || !slices.Contains(Kinds, Kind(parts[0])) {
		return Subject{}, ErrUnknownSubject
	}
	return Subject{Kind: Kind(parts[0]), ID: parts[1]}, nil
}

// SubscribePush follows the grant's subject with a browser's push
// subscription.
func (s *Service) SubscribePush(ctx context.Context, grant, lang string, p PushRequest) (Subscription, error) {
	if !s.cfg.Push {
		return Subscription{}, ErrChannelOff
	}
	subject, err := s.subject(grant)
	if err != nil {
		return Subscription{}, err
	}
	sub, err := s.cfg.Rules.NewPush(subject, lang, p)
	if err != nil {
		return Subscription{}, err
	}
	return sub, s.st.Subscribe(ctx, sub)
}

// SubscribeEmail follows the grant's subject by e-mail.
func (s *Service) SubscribeEmail(ctx context.Context, grant, lang, address string) (Subscription, error) {
	if !s.cfg.Email {
		return Subscription{}, ErrChannelOff
	}
	subject, err := s.subject(grant)
	if err != nil {
		return Subscription{}, err
	}
	sub, err := s.cfg.Rules.NewEmail(subject, lang, address)
	if err != nil {
		return Subscription{}, err
	}
	return sub, s.st.Subscribe(ctx, sub)
}

// Stop is the one-tap unsubscribe: ErrNotFound when there is nothing (any
// more) under id.
func (s *Service) Stop(ctx context.Context, id string) error {
	if len(id) != 22 {
		return ErrNotFound
	}
	ok, err := s.st.Unsubscribe(ctx, id)
	if err != nil {
		return fmt.Errorf("notify: stop: %w", err)
	}
	if !ok {
		return ErrNotFound
	}
	return nil
}

// Stats are the outbox's counts, for the console and /metrics.
func (s *Service) Stats(ctx context.Context) (Stats, error) { return s.st.OutboxStats(ctx) }

// Outbox lists messages for the console (queued, sent, dead, dropped).
func (s *Service) Outbox(ctx context.Context, state State, limit int) ([]Message, error) {
	return s.st.OutboxMessages(ctx, state, limit)
}

// Purge deletes finished messages older than keep, a batch at a time.
func (s *Service) Purge(ctx context.Context, keep time.Duration) (int, error) {
	total := 0
	for {
		n, err := s.st.PurgeOutbox(ctx, s.cfg.Now().Add(-keep), 1000)
		total += n
		if err != nil || n < 1000 {
			return total, err
		}
	}
}

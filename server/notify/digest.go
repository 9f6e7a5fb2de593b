package notify

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// Digests is what a lawyer's daily digest reads and keeps: compose adapts
// the mandates service and the status texts to it.
type Digests interface {
	// DigestLines lists, in lang, one line per client dossier of lawyer
	// that changed since its previous digest, and the day of that digest
	// ("" before the first).
	DigestLines(ctx context.Context, lawyer, lang string) (lines []string, last string, err error)
	// DigestSent records that lawyer's digest of day is queued: the next
	// one lists what changes after now.
	DigestSent(ctx context.Context, lawyer, day string) error
}

// DigestHour is when, in the offices' time zone, the day's digests go.
const DigestHour = 7

// maxDigestLines bounds one digest; the e-mail links to the full list.
const maxDigestLines = 200

// LawyerSubject is the subject of a lawyer's digest.
func LawyerSubject(lawyer string) Subject { return Subject{Kind: KindLawyer, ID: lawyer} }

// FollowLawyer turns on the daily digest of lawyer (an account id) to its
// address, in lang, replacing a digest it had: one message a day listing
// its clients' changes. Only the signed-in lawyer calls it.
func (s *Service) FollowLawyer(ctx context.Context, lawyer, address, lang string) (Subscription, error) {
	if !s.cfg.Email {
		return Subscription{}, ErrChannelOff
	}
	sub, err := s.cfg.Rules.NewEmail(LawyerSubject(lawyer), lang, address)
	if err != nil {
		return Subscription{}, err
	}
	if err := s.StopLawyer(ctx, lawyer); err != nil {
		return Subscription{}, err
	}
	return sub, s.st.Subscribe(ctx, sub)
}

// StopLawyer turns lawyer's digest off.
func (s *Service) StopLawyer(ctx context.Context, lawyer string) error {
	subs, err := s.st.Subscriptions(ctx, LawyerSubject(lawyer))
	if err != nil {
		return err
	}
	for _, sub := range subs {
		if _, err := s.st.Unsubscribe(ctx, sub.ID); err != nil {
			return fmt.Errorf("notify: stop digest: %w", err)
		}
	}
	return nil
}

// LawyerFollows reports whether lawyer gets the digest.
func (s *Service) LawyerFollows(ctx context.Context, lawyer string) (bool, error) {
	subs, err := s.st.Subscriptions(ctx, LawyerSubject(lawyer))
	return len(subs) > 0, err
}

// QueueDigests queues today's digest of every lawyer who asked for one,
// once DigestHour has passed: one e-mail listing the client dossiers that
// changed since the previous digest, none when nothing changed. A second
// run the same day adds nothing (the day is in each message's key, and
// src remembers the day). It reports how many messages it queued.
func (s *Service) QueueDigests(ctx context.Context, src Digests) (int, error) {
	now := s.cfg.Now().In(s.cfg.Planner.loc)
	if now.Hour() < DigestHour {
		return 0, nil
	}
	day := now.Format(time.DateOnly)
	subs, err := s.st.SubscriptionsOfKind(ctx, KindLawyer)
	if err != nil {
		return 0, err
	}
	queued := 0
	for _, sub := range subs {
		lawyer := sub.Subject.ID
		lines, last, err := src.DigestLines(ctx, lawyer, sub.Lang)
		if err != nil {
			return queued, fmt.Errorf("notify: digest of %s: %w", lawyer, err)
		}
		if last == day {
			continue
		}
		if len(lines) > 0 {
			data := map[string]string{"count": strconv.Itoa(len(lines)), "day": day}
			for i, l := range lines[:min(len(lines), maxDigestLines)] {
				data["line."+strconv.Itoa(i)] = l
			}
			ch := Change{Subject: sub.Subject, Event: EventDigest, Key: day, At: now, Data: data}
			n, err := s.st.Enqueue(ctx, []Message{s.cfg.Planner.message(ch, sub, now, now)})
			if err != nil {
				return queued, err
			}
			queued += n
		}
		if err := src.DigestSent(ctx, lawyer, day); err != nil {
			return queued, err
		}
	}
	return queued, nil
}

// RunDigests queues the digests every interval until ctx ends.
func (s *Service) RunDigests(ctx context.Context, src Digests, every time.Duration, report func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.QueueDigests(ctx, src); err != nil && report != nil && ctx.Err() == nil {
			report(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

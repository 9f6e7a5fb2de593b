package helpdesk

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Count is the number of escalations made on one day (in loc) with one
// category, language and channel: no personal data, for "measuring is
// knowing".
type Count struct {
	Day      string `json:"day"` // YYYY-MM-DD
	Category string `json:"category"`
	Lang     string `json:"lang"`
	Channel  string `json:"channel"`
	N        int    `json:"n"`
}

// Counts lists the escalations created in [from, to) grouped by day (in
// loc), category, language and channel, sorted by those keys. A
// statistics package calls it.
func (s *Service) Counts(ctx context.Context, from, to time.Time, loc *time.Location) ([]Count, error) {
	all, err := s.store.EscalationsSince(ctx, from)
	if err != nil {
		return nil, err
	}
	type key struct{ day, cat, lang, ch string }
	n := map[key]int{}
	for _, e := range all {
		if !e.Created.Before(to) {
			continue
		}
		n[key{e.Created.In(loc).Format(time.DateOnly), e.Category, e.Lang, e.Channel}]++
	}
	out := make([]Count, 0, len(n))
	for k, c := range n {
		out = append(out, Count{Day: k.day, Category: k.cat, Lang: k.lang, Channel: k.ch, N: c})
	}
	slices.SortFunc(out, func(a, b Count) int {
		return strings.Compare(a.Day+"\x00"+a.Category+"\x00"+a.Lang+"\x00"+a.Channel,
			b.Day+"\x00"+b.Category+"\x00"+b.Lang+"\x00"+b.Channel)
	})
	return out, nil
}

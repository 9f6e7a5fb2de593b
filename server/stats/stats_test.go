package stats

import (
	"context"
	"errors"
	"testing"
	"time"
)

type memStore struct {
	m     map[string]uint64
	calls int
	fail  bool
}

func (s *memStore) AddStats(c map[string]uint64) error {
	if s.fail {
		return errors.New("disk")
	}
	s.calls++
	for k, n := range c {
		s.m[k] += n
	}
	return nil
}

func (s *memStore) Stats(from, to string) (map[string]uint64, error) {
	out := map[string]uint64{}
	for k, n := range s.m {
		if k[:10] >= from && k[:10] <= to {
			out[k] = n
		}
	}
	return out, nil
}

func TestCounterFlushesInOneWrite(t *testing.T) {
	st := &memStore{m: map[string]uint64{}}
	now := time.Date(2026, 5, 1, 23, 30, 0, 0, time.UTC) // 01:30 on 2 May in Brussels
	loc, _ := time.LoadLocation("Europe/Brussels")
	c := NewCounter(st, loc, func() time.Time { return now })
	for range 3 {
		c.Add(Event{Name: StatusLookup, Channel: ChannelPWA, Lang: "ar", Category: "found"})
	}
	c.Add(Event{Name: Escalation, Channel: ChannelKiosk, Lang: "fa|x", Category: "documents"})
	st.fail = true
	if err := c.Flush(); err == nil {
		t.Fatal("failed flush reported no error")
	}
	st.fail = false
	if err := c.Flush(); err != nil || st.calls != 1 {
		t.Fatalf("flush: %v, %d writes", err, st.calls)
	}
	if n := st.m["2026-05-02|status_lookup|pwa|ar|||found"]; n != 3 {
		t.Errorf("lookups %d (%v)", n, st.m)
	}
	if n := st.m["2026-05-02|escalation|kiosk|fa_x|||documents"]; n != 1 {
		t.Errorf("escalations %d (%v)", n, st.m)
	}
	c.Add(Event{Name: InfoView, Channel: ChannelPWA, Lang: "en"})
	rows, err := c.Rows(7)
	if err != nil {
		t.Fatal(err)
	}
	if got := SelfServed(rows); got != 4 {
		t.Errorf("self-served %d", got)
	}
	langs := By(rows, func(r Row) string { return r.Lang })
	if langs[0].Label != "ar" || langs[0].Count != 3 {
		t.Errorf("languages %v", langs)
	}
	days := c.Days(2)
	if per := PerDay(rows, days); per[1] != 5 || per[0] != 0 || days[1] != "2026-05-02" {
		t.Errorf("per day %v %v", days, per)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c.Run(ctx, time.Hour, func(err error) { t.Error(err) })
	if st.m["2026-05-02|info_view|pwa|en|||"] != 1 {
		t.Errorf("shutdown flush lost counts: %v", st.m)
	}
}

func TestParseKey(t *testing.T) {
	r, err := ParseKey(Key("2026-01-01", Event{Name: "a", Channel: "b", Lang: "c", Office: "d", Procedure: "e", Category: "f"}))
	if err != nil || r.Day != "2026-01-01" || r.Category != "f" || r.Office != "d" {
		t.Errorf("%+v %v", r, err)
	}
	if _, err := ParseKey("a|b"); !errors.Is(err, ErrBadKey) {
		t.Errorf("short key: %v", err)
	}
}

// Package stats counts self-service use without personal data: how many
// status lookups, information pages, bookings, check-ins and escalations
// there were per day, channel, language, office, procedure and category.
// Counts gather in memory and are flushed to the store in one transaction
// per flush, so counting costs a request no write. "Measuring is knowing."
package stats

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
)

// Events counted. Escalation is the one that is not self-service.
const (
	StatusLookup  = "status_lookup"
	InfoView      = "info_view"
	BookingCreate = "booking_create"
	BookingMove   = "booking_move"
	BookingCancel = "booking_cancel"
	QueueTicket   = "queue_ticket"
	QueueCheckIn  = "queue_checkin"
	AddressNotice = "address_notification"
	Escalation    = "escalation"
)

// Channels.
const (
	ChannelPWA   = "pwa"
	ChannelKiosk = "kiosk"
	ChannelAPI   = "api"
)

// ErrBadKey is a stored key that does not have the seven parts.
var ErrBadKey = errors.New("stats: malformed key")

// Event is one thing that happened, described by its dimensions only:
// nothing in it may identify a person (no dossier number, no reference).
type Event struct {
	Name      string
	Channel   string
	Lang      string
	Office    string
	Procedure string
	// Category is the outcome of a lookup ("found", "no_match",
	// "locked") or the category of an escalation or information page.
	Category string
}

// Row is one counted combination on one day.
type Row struct {
	Day string // YYYY-MM-DD in the offices' time zone
	Event
	Count uint64
}

// Key is the stored key of a day and event: day|event|channel|lang|office|procedure|category.
func Key(day string, e Event) string {
	return strings.Join([]string{day, clean(e.Name), clean(e.Channel), clean(e.Lang), clean(e.Office),
		clean(e.Procedure), clean(e.Category)}, "|")
}

// clean keeps a dimension from breaking the key and from carrying text.
func clean(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	return strings.ReplaceAll(s, "|", "_")
}

// ParseKey splits a stored key back into a row (without its count).
func ParseKey(k string) (Row, error) {
	p := strings.Split(k, "|")
	if len(p) != 7 {
		return Row{}, ErrBadKey
	}
	return Row{Day: p[0], Event: Event{Name: p[1], Channel: p[2], Lang: p[3], Office: p[4], Procedure: p[5],
		Category: p[6]}}, nil
}

// Store keeps the counts.
type Store interface {
	// AddStats adds every count to its key in one transaction.
	AddStats(counts map[string]uint64) error
	// Stats reads the counts of days from..to (inclusive, YYYY-MM-DD).
	Stats(from, to string) (map[string]uint64, error)
}

// EscalationCounter reports escalations (helpdesk tickets opened from
// self-service) per day and category; the helpdesk implements it.
type EscalationCounter interface {
	EscalationsByDay(from, to string) (map[string]map[string]int, error)
}

// Counter gathers counts in memory until the next flush.
type Counter struct {
	st  Store
	loc *time.Location
	now func() time.Time

	mu      sync.Mutex
	pending map[string]uint64
}

// NewCounter makes a Counter whose days are civil days in loc.
func NewCounter(st Store, loc *time.Location, now func() time.Time) *Counter {
	if now == nil {
		now = time.Now
	}
	if loc == nil {
		loc = time.UTC
	}
	return &Counter{st: st, loc: loc, now: now, pending: map[string]uint64{}}
}

// Add counts one event today.
func (c *Counter) Add(e Event) {
	k := Key(c.now().In(c.loc).Format(time.DateOnly), e)
	c.mu.Lock()
	c.pending[k]++
	c.mu.Unlock()
}

// Flush writes the pending counts in one transaction; on failure they are
// kept for the next flush.
func (c *Counter) Flush() error {
	c.mu.Lock()
	batch := c.pending
	c.pending = map[string]uint64{}
	c.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	if err := c.st.AddStats(batch); err != nil {
		c.mu.Lock()
		for k, n := range batch {
			c.pending[k] += n
		}
		c.mu.Unlock()
		return err
	}
	return nil
}

// Run flushes every interval until ctx ends, then once more.
func (c *Counter) Run(ctx context.Context, every time.Duration, report func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			if err := c.Flush(); err != nil {
				report(err)
			}
			return
		case <-t.C:
			if err := c.Flush(); err != nil {
				report(err)
			}
		}
	}
}

// Rows reads the counts of the last days (today included), stored and
// pending, sorted by key.
func (c *Counter) Rows(days int) ([]Row, error) {
	today := c.now().In(c.loc)
	from := today.AddDate(0, 0, -(days - 1)).Format(time.DateOnly)
	to := today.Format(time.DateOnly)
	stored, err := c.st.Stats(from, to)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	for k, n := range c.pending {
		if d := k[:min(len(k), 10)]; d >= from && d <= to {
			stored[k] += n
		}
	}
	c.mu.Unlock()
	rows := make([]Row, 0, len(stored))
	for k, n := range stored {
		r, err := ParseKey(k)
		if err != nil {
			continue
		}
		r.Count = n
		rows = append(rows, r)
	}
	sortRows(rows)
	return rows, nil
}

// Days lists the last n civil days, oldest first.
func (c *Counter) Days(n int) []string {
	today := c.now().In(c.loc)
	out := make([]string, n)
	for i := range n {
		out[i] = today.AddDate(0, 0, i-(n-1)).Format(time.DateOnly)
	}
	return out
}

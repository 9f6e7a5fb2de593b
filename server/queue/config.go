package queue

import (
	"context"
	"fmt"
	"regexp"
	"time"
)

// Office is an office as the queue sees it: its services in a stable
// order, each with the letter its ticket numbers start with.
type Office struct {
	ID   string
	Name string
	// Languages are the office's languages (nl, fr, de), main one first.
	Languages []string
	// CallLanguages are the call display's languages, labels and spoken
	// calls; Silent turns its chime and spoken calls off.
	CallLanguages []string
	Silent        bool
	Location      *time.Location
	Services      []Line
}

// Line is one service's queue at an office.
type Line struct {
	ID     string
	Letter string
	// DailyLimit caps the walk-in and check-in tickets of a day.
	DailyLimit int
	// Names are the service's names staff gave, by language (see
	// bookings.Service.NameIn).
	Names map[string]string
}

// Service finds a service of o by id.
func (o Office) Service(id string) (Line, bool) {
	for _, s := range o.Services {
		if s.ID == id {
			return s, true
		}
	}
	return Line{}, false
}

// ServiceIDs lists the ids of o's services in order.
func (o Office) ServiceIDs() []string {
	ids := make([]string, len(o.Services))
	for i, s := range o.Services {
		ids[i] = s.ID
	}
	return ids
}

// Letters are the ticket letters, handed out to an office's services in
// their configured order. O and I are left out: they read as 0 and 1.
const Letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"

// DefaultDailyLimit is a service's daily ticket limit unless configured.
const DefaultDailyLimit = 200

// AssignLetters gives each service of an office its letter in order; it
// fails for an office with more services than letters.
func AssignLetters(services []Line) ([]Line, error) {
	if len(services) > len(Letters) {
		return nil, fmt.Errorf("%w: %d services, at most %d", ErrInvalidConfig, len(services), len(Letters))
	}
	out := make([]Line, len(services))
	for i, s := range services {
		s.Letter = Letters[i : i+1]
		if s.DailyLimit == 0 {
			s.DailyLimit = DefaultDailyLimit
		}
		if s.DailyLimit < 1 || s.DailyLimit > 999 {
			return nil, fmt.Errorf("%w: service %s: daily limit between 1 and 999", ErrInvalidConfig, s.ID)
		}
		out[i] = s
	}
	return out, nil
}

// Config tunes a Service. Zero values take the defaults noted.
type Config struct {
	Offices []Office
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// EarlyCheckIn and LateCheckIn bound check-in around the appointment
	// time: defaults 30 minutes before, 15 minutes after.
	EarlyCheckIn time.Duration
	LateCheckIn  time.Duration
	// MaxRecalls is how many recalls a desk makes before it may mark a
	// no-show (default 2).
	MaxRecalls int
	// Bookings finds appointments for check-in; nil turns check-in off.
	Bookings BookingLookup
	// Hours says which services are open; nil means always.
	Hours OpeningHours
	// Secret keys the phone tokens: at least 32 random bytes, the same
	// across restarts.
	Secret []byte
	// Announce, when set, tells the other instances sharing the store of
	// every change to an office's queue, with the call when it was one,
	// so that they update their displays and phones (see Service.Changed).
	// nil: this is the only instance.
	Announce func(ctx context.Context, officeID string, call *Call)
}

// OpeningHours says whether a service of an office takes visitors on the
// day of at (opening hours, closures, public holidays). The bookings
// package knows; the queue only asks.
type OpeningHours interface {
	OpenOn(ctx context.Context, officeID, serviceID string, at time.Time) (bool, error)
}

var deskPattern = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,15}$`)

func (c *Config) defaults() error {
	if c.Now == nil {
		c.Now = time.Now
	}
	if len(c.Secret) < 32 {
		return fmt.Errorf("%w: secret must be at least 32 bytes", ErrInvalidConfig)
	}
	if c.EarlyCheckIn == 0 {
		c.EarlyCheckIn = 30 * time.Minute
	}
	if c.LateCheckIn == 0 {
		c.LateCheckIn = 15 * time.Minute
	}
	if c.MaxRecalls == 0 {
		c.MaxRecalls = 2
	}
	seen := map[string]bool{}
	for i, o := range c.Offices {
		if o.ID == "" || seen[o.ID] {
			return fmt.Errorf("%w: office %d: missing or repeated id", ErrInvalidConfig, i)
		}
		seen[o.ID] = true
		if o.Location == nil {
			return fmt.Errorf("%w: office %s: no time zone", ErrInvalidConfig, o.ID)
		}
		letters := map[string]bool{}
		for _, s := range o.Services {
			if len(s.Letter) != 1 || letters[s.Letter] || s.DailyLimit < 1 || s.DailyLimit > 999 {
				return fmt.Errorf("%w: office %s: service %s needs its own letter and a limit of 1-999", ErrInvalidConfig, o.ID, s.ID)
			}
			letters[s.Letter] = true
		}
	}
	return nil
}

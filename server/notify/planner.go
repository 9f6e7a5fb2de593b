package notify

import "time"

// Policy is when messages go out.
type Policy struct {
	// ReminderLead is how long before an appointment its reminder is due;
	// 0 means 24 hours ("the day before").
	ReminderLead time.Duration
	// QuietFrom and QuietTo bound the quiet hours, in minutes after
	// midnight in Location: no push between them except urgent ones (the
	// queue calling). 0 and 0 mean 21:00 to 08:00.
	QuietFrom, QuietTo int
	// Location is the offices' time zone; nil means Europe/Brussels (or UTC
	// when the system has no zone data).
	Location *time.Location
}

// Planner turns changes into messages. It is pure: the store calls it
// inside the transaction that makes the change and writes what it returns.
type Planner struct {
	lead     time.Duration
	from, to int
	loc      *time.Location
}

// NewPlanner applies the defaults to p.
func NewPlanner(p Policy) *Planner {
	pl := &Planner{lead: p.ReminderLead, from: p.QuietFrom, to: p.QuietTo, loc: p.Location}
	if pl.lead <= 0 {
		pl.lead = 24 * time.Hour
	}
	if pl.from == 0 && pl.to == 0 {
		pl.from, pl.to = 21*60, 8*60
	}
	if pl.loc == nil {
		if loc, err := time.LoadLocation("Europe/Brussels"); err == nil {
			pl.loc = loc
		} else {
			pl.loc = time.UTC
		}
	}
	return pl
}

// Change is something that happened to a subject.
type Change struct {
	Subject Subject `json:"s"`
	Event   Event   `json:"ev"`
	// Key tells this change from the subject's others (a status event's
	// id, a booking's sequence): the same change planned twice gives the
	// same idempotency keys.
	Key string    `json:"k"`
	At  time.Time `json:"t"`
	// Data is what an e-mail's text needs; push messages never carry it.
	Data   map[string]string `json:"d,omitempty"`
	Urgent bool              `json:"u,omitempty"`
}

// Pending is a change as the transaction that makes it records it for the
// outbox: one small record, appended under the next sequence number, is
// all that transaction writes. The outbox worker's next claim fans the
// changes out in their order, in a transaction of its own: it subscribes
// the Contact, drops reminders, plans a message for each subscription of
// the subject and indexes them. The messages' idempotency keys come from
// the change, so a change recorded twice is queued once, and a crash
// before the fan-out loses nothing: the record is still there.
type Pending struct {
	Change Change `json:"c"`
	// Contact is an e-mail address given with the change (at booking): it
	// becomes the subject's subscription before the change is told.
	Contact *Contact `json:"a,omitempty"`
	// DropReminders drops the subject's queued reminders first (the
	// booking moved, was cancelled or its day closed).
	DropReminders bool `json:"r,omitempty"`
}

// Contact is an e-mail address in a language.
type Contact struct {
	Email string `json:"e"`
	Lang  string `json:"l"`
}

// Plan is the messages change sends to subs.
func (p *Planner) Plan(ch Change, subs []Subscription) []Message {
	out := make([]Message, 0, len(subs))
	for _, s := range subs {
		if s.Subject != ch.Subject {
			continue
		}
		out = append(out, p.message(ch, s, p.Due(s.Channel, ch.At, ch.Urgent), ch.At))
	}
	return out
}

// Lead is how long before an appointment its reminder is due.
func (p *Planner) Lead() time.Duration { return p.lead }

// Reminder is the reminder of an appointment at start, planned at now for
// subs: due ReminderLead before start, later if that falls in quiet hours.
// There is none for a booking made or moved after that time (its
// confirmation said it all), nor when the quiet hours push it to within an
// hour of the appointment. key tells the booking's versions apart (its
// sequence), so a moved booking gets a new reminder. A reminder planned
// late (the server was down) is due at once.
func (p *Planner) Reminder(subject Subject, key string, start, changed, now time.Time, data map[string]string, subs []Subscription) []Message {
	var out []Message
	at := start.Add(-p.lead)
	if changed.After(at) {
		return nil
	}
	ch := Change{Subject: subject, Event: EventReminder, Key: key, At: now, Data: data}
	for _, s := range subs {
		due := p.Due(s.Channel, at, false)
		if s.Subject != subject || due.After(start.Add(-time.Hour)) {
			continue
		}
		out = append(out, p.message(ch, s, due, now))
	}
	return out
}

func (p *Planner) message(ch Change, s Subscription, due, now time.Time) Message {
	m := Message{
		Key: messageKey(ch, s.ID), Subscription: s.ID, Channel: s.Channel, Subject: ch.Subject, Event: ch.Event,
		Lang: s.Lang, Urgent: ch.Urgent, Created: now.UTC(), Due: due.UTC(), State: StateQueued,
	}
	if s.Channel == ChannelEmail {
		m.Data = ch.Data
	}
	return m
}

// Due is when a message of channel planned for at may go: push waits for
// the end of the quiet hours unless urgent; e-mail does not ring.
func (p *Planner) Due(c Channel, at time.Time, urgent bool) time.Time {
	if c != ChannelPush || urgent {
		return at
	}
	local := at.In(p.loc)
	min := local.Hour()*60 + local.Minute()
	if !p.quiet(min) {
		return at
	}
	end := time.Date(local.Year(), local.Month(), local.Day(), p.to/60, p.to%60, 0, 0, p.loc)
	if !end.After(local) {
		end = time.Date(local.Year(), local.Month(), local.Day()+1, p.to/60, p.to%60, 0, 0, p.loc)
	}
	return end
}

// Quiet reports whether t falls in the quiet hours.
func (p *Planner) Quiet(t time.Time) bool {
	l := t.In(p.loc)
	return p.quiet(l.Hour()*60 + l.Minute())
}

func (p *Planner) quiet(min int) bool {
	if p.from > p.to { // across midnight
		return min >= p.from || min < p.to
	}
	return min >= p.from && min < p.to
}

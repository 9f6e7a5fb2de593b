// Package hooks is what every store does inside the transaction of a
// change to record the notifications that change causes (a status event, a
// booking made, moved or cancelled, a queue call, a helpdesk answer, an
// address notification's new status), so that a change and what it must
// tell are committed together or not at all, and what the outbox worker
// does with that record later (Apply). The stores (bbolt and PostgreSQL)
// give it their transactions as an Outbox; the rules live here once.
package hooks

import (
	"errors"
	"strconv"
	"time"

	"loket/server/address"
	"loket/server/bookings"
	"loket/server/dossiers"
	"loket/server/helpdesk"
	"loket/server/notify"
	"loket/server/queue"
)

// Outbox is a store's outbox inside one write transaction. A change's
// transaction only appends one record (Record, RecordFollowed), or
// subscribes an address given with a request (Contact); the worker's
// transaction fans the records out (Apply) with the other methods.
type Outbox interface {
	// Record appends p to the changes the worker fans out.
	Record(p notify.Pending) error
	// RecordFollowed is Record when p's subject has a subscription, and
	// nothing otherwise: one look (one statement on PostgreSQL, whether
	// followed or not).
	RecordFollowed(p notify.Pending) error
	// Subscriptions lists a subject's subscriptions.
	Subscriptions(subject notify.Subject) ([]notify.Subscription, error)
	// Subscribe stores sub; notify.ErrTooMany past notify.MaxPerSubject.
	Subscribe(sub notify.Subscription) error
	// Enqueue stores msgs as queued, skipping keys already stored.
	Enqueue(msgs []notify.Message) (int, error)
	// Drop moves the queued messages of subject that match to dropped.
	Drop(subject notify.Subject, match func(notify.Message) bool) error
}

// Rules plan with a Planner on a clock.
type Rules struct {
	Planner *notify.Planner
	Now     func() time.Time
}

// Change records ch when its subject is followed; an unfollowed change
// costs one read.
func (h Rules) Change(tx Outbox, ch notify.Change) error {
	if ch.At.IsZero() {
		ch.At = h.Now()
	}
	return tx.RecordFollowed(notify.Pending{Change: ch})
}

// Apply fans a recorded change out, in the worker's transaction: its
// contact subscribes (unless the subject has MaxPerSubject already), the
// subject's queued reminders are dropped when it says so, and every
// subscription of the subject gets its message.
func (h Rules) Apply(tx Outbox, p notify.Pending) error {
	subject := p.Change.Subject
	if p.DropReminders {
		if err := tx.Drop(subject, func(m notify.Message) bool { return m.Event == notify.EventReminder }); err != nil {
			return err
		}
	}
	if c := p.Contact; c != nil {
		sub := notify.Subscription{ID: notify.NewID(), Subject: subject, Channel: notify.ChannelEmail, Lang: c.Lang,
			Email: c.Email, Created: p.Change.At.UTC()}
		if err := tx.Subscribe(sub); err != nil && !errors.Is(err, notify.ErrTooMany) {
			return err
		}
	}
	subs, err := tx.Subscriptions(subject)
	if err != nil || len(subs) == 0 {
		return err
	}
	_, err = tx.Enqueue(h.Planner.Plan(p.Change, subs))
	return err
}

// BookingSubject is the subject of a booking.
func BookingSubject(ref bookings.Reference) notify.Subject { return notify.BookingSubject(ref) }

// HelpSubject is the subject of a help request.
func HelpSubject(ref helpdesk.Reference) notify.Subject {
	return notify.Subject{Kind: notify.KindHelp, ID: string(ref)}
}

// AddressSubject is the subject of an address notification.
func AddressSubject(ref address.Reference) notify.Subject {
	return notify.Subject{Kind: notify.KindAddress, ID: string(ref)}
}

// Booking records ev for booking b: an address given at booking becomes
// its subscription when the worker fans the confirmation out (a new
// booking has no other follower, so nothing is read); a move, a
// cancellation or the office closing the day drops a reminder already
// queued. The office's notice ignores the quiet hours: the day is near
// and the office will be shut. Reminders themselves are queued shortly
// before they are due (notify.Service.QueueReminders), which keeps a
// booking's transaction small.
func (h Rules) Booking(tx Outbox, b bookings.Booking, ev notify.Event) error {
	if ev == notify.EventBookingConfirmed {
		if p, ok := Confirmation(b); ok {
			return tx.Record(p)
		}
		return nil
	}
	p := bookingChange(b, ev)
	p.DropReminders = true
	if b.Email == "" {
		return tx.RecordFollowed(p)
	}
	return tx.Record(p)
}

// Confirmation is the record a new booking b makes: its confirmation to
// the address given with it; none without one. A store may write it with
// the booking's own statement instead of calling Booking.
func Confirmation(b bookings.Booking) (notify.Pending, bool) {
	if b.Email == "" {
		return notify.Pending{}, false
	}
	lang := b.Lang
	if lang == "" {
		lang = "en"
	}
	p := bookingChange(b, notify.EventBookingConfirmed)
	p.Contact = &notify.Contact{Email: b.Email, Lang: lang}
	return p, true
}

func bookingChange(b bookings.Booking, ev notify.Event) notify.Pending {
	return notify.Pending{Change: notify.Change{Subject: BookingSubject(b.Ref), Event: ev, Key: strconv.Itoa(b.Sequence),
		At: notify.BookingChanged(b), Data: notify.BookingData(b), Urgent: ev == notify.EventOfficeNotice}}
}

// Dossier queues a status message when d has an event old lacked.
func (h Rules) Dossier(tx Outbox, old, d *dossiers.Dossier) error {
	n := len(d.Events)
	if n == 0 || old == nil {
		return nil
	}
	last := d.Events[n-1]
	if m := len(old.Events); m > 0 && m == n && old.Events[m-1] == last {
		return nil
	}
	key := last.ID
	if key == "" {
		key = last.Code + "@" + last.Date + "#" + strconv.Itoa(n)
	}
	return h.Change(tx, notify.Change{Subject: notify.Subject{Kind: notify.KindDossier, ID: d.Number},
		Event: notify.EventStatus, Key: key, At: h.Now()})
}

// Call tells the called ticket, and the one the same desk would call
// next, that their turn has come or is near. Queue calls ignore the quiet
// hours.
func (h Rules) Call(tx Outbox, called queue.Ticket, next *queue.Ticket) error {
	at := called.CalledAt
	err := h.Change(tx, notify.Change{Subject: notify.Subject{Kind: notify.KindTicket, ID: called.ID},
		Event: notify.EventQueueCalled, Key: strconv.FormatInt(called.CalledAt.UnixNano(), 10), At: at, Urgent: true})
	if err != nil || next == nil {
		return err
	}
	return h.Change(tx, notify.Change{Subject: notify.Subject{Kind: notify.KindTicket, ID: next.ID},
		Event: notify.EventQueueNear, Key: "near", At: at, Urgent: true})
}

// Contact subscribes the e-mail address a person gave with a help request
// or an address notification, in the transaction that stores it.
func (h Rules) Contact(tx Outbox, subject notify.Subject, lang, email string, at time.Time) error {
	if email == "" {
		return nil
	}
	if lang == "" {
		lang = "en"
	}
	return tx.Subscribe(notify.Subscription{ID: notify.NewID(), Subject: subject, Channel: notify.ChannelEmail,
		Lang: lang, Email: email, Created: at.UTC()})
}

// Help queues "your question has an answer" for each new reply.
func (h Rules) Help(tx Outbox, old, e helpdesk.Escalation) error {
	if len(e.Replies) <= len(old.Replies) {
		return nil
	}
	return h.Change(tx, notify.Change{Subject: HelpSubject(e.Ref), Event: notify.EventHelpAnswered,
		Key: strconv.Itoa(len(e.Replies)), At: e.Replies[len(e.Replies)-1].At, Data: map[string]string{"ref": string(e.Ref)}})
}

// Address queues a message when the municipality's status changes.
func (h Rules) Address(tx Outbox, oldStatus string, n address.Notification) error {
	if n.Status == oldStatus {
		return nil
	}
	return h.Change(tx, notify.Change{Subject: AddressSubject(n.Ref), Event: notify.EventAddressStatus,
		Key: n.Status + "@" + strconv.FormatInt(n.StatusAt.UnixNano(), 10), At: n.StatusAt, Data: map[string]string{"ref": string(n.Ref), "status": n.Status}})
}

package store

import (
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/address"
	"loket/server/bookings"
	"loket/server/dossiers"
	"loket/server/helpdesk"
	"loket/server/notify"
	"loket/server/queue"
)

// The outbox hooks: each write method that changes a subject calls one of
// these inside its own transaction, so a change and its notifications are
// committed together or not at all.

func bookingsRef(id string) bookings.Reference { return bookings.Reference(id) }

func bookingSubject(b bookings.Booking) notify.Subject {
	return notify.Subject{Kind: notify.KindBooking, ID: string(b.Ref)}
}

// bookingData is what a booking e-mail needs: where, when, the reference
// and the calendar file's fields. No PIN, no dossier, no contact.
func bookingData(b bookings.Booking) map[string]string {
	return map[string]string{
		"ref": string(b.Ref), "office": b.OfficeID, "service": b.ServiceID,
		"start": b.Start.UTC().Format(time.RFC3339), "end": b.End.UTC().Format(time.RFC3339),
		"sequence": strconv.Itoa(b.Sequence), "status": string(b.Status),
		"updated": b.UpdatedAt.UTC().Format(time.RFC3339),
	}
}

// bookingReminder plans b's reminder as seen at now (the domain's clock).
func (s *Store) bookingReminder(b bookings.Booking, now time.Time, subs []notify.Subscription) []notify.Message {
	return s.planner.Reminder(bookingSubject(b), strconv.Itoa(b.Sequence), b.Start, now, bookingData(b), subs)
}

// bookingChanged is when the domain last changed b.
func bookingChanged(b bookings.Booking) time.Time {
	if b.UpdatedAt.IsZero() {
		return b.CreatedAt
	}
	return b.UpdatedAt
}

// notifyBooking queues ev for booking b: an address given at booking
// subscribes it when the booking is made; a move or cancellation drops the
// reminder still queued, and an active booking gets a new one.
func (s *Store) notifyBooking(tx *bolt.Tx, b bookings.Booking, ev notify.Event) error {
	subject, at := bookingSubject(b), bookingChanged(b)
	if ev == notify.EventBookingConfirmed && b.Email != "" {
		lang := b.Lang
		if lang == "" {
			lang = "en"
		}
		sub := notify.Subscription{ID: notify.NewID(), Subject: subject, Channel: notify.ChannelEmail, Lang: lang,
			Email: b.Email, Created: at.UTC()}
		if err := subscribeTx(tx, sub); err != nil {
			return err
		}
	}
	if ev != notify.EventBookingConfirmed {
		if err := s.dropTx(tx, subject, func(m notify.Message) bool { return m.Event == notify.EventReminder }); err != nil {
			return err
		}
	}
	subs, err := subscriptionsTx(tx, subject)
	if err != nil || len(subs) == 0 {
		return err
	}
	data := bookingData(b)
	msgs := s.planner.Plan(notify.Change{Subject: subject, Event: ev, Key: strconv.Itoa(b.Sequence), At: at, Data: data}, subs)
	if b.Active() {
		msgs = append(msgs, s.bookingReminder(b, at, subs)...)
	}
	_, err = s.enqueueTx(tx, msgs)
	return err
}

// notifyDossier queues a status message when d has an event old lacked.
func (s *Store) notifyDossier(tx *bolt.Tx, old, d *dossiers.Dossier) error {
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
	return s.notifyTx(tx, notify.Change{Subject: notify.Subject{Kind: notify.KindDossier, ID: d.Number},
		Event: notify.EventStatus, Key: key, At: s.now()})
}

// notifyCall tells the called ticket, and the one the same desk would
// call next, that their turn has come or is near. Queue calls ignore the
// quiet hours.
func (s *Store) notifyCall(tx *bolt.Tx, called queue.Ticket, next *queue.Ticket) error {
	at := called.CalledAt
	err := s.notifyTx(tx, notify.Change{Subject: notify.Subject{Kind: notify.KindTicket, ID: called.ID},
		Event: notify.EventQueueCalled, Key: strconv.FormatInt(called.CalledAt.UnixNano(), 10), At: at, Urgent: true})
	if err != nil || next == nil {
		return err
	}
	return s.notifyTx(tx, notify.Change{Subject: notify.Subject{Kind: notify.KindTicket, ID: next.ID},
		Event: notify.EventQueueNear, Key: "near", At: at, Urgent: true})
}

// subscribeContact subscribes the e-mail address a person gave with a
// help request or an address notification, in the transaction that stores
// it.
func (s *Store) subscribeContact(tx *bolt.Tx, subject notify.Subject, lang, email string, at time.Time) error {
	if email == "" {
		return nil
	}
	if lang == "" {
		lang = "en"
	}
	return subscribeTx(tx, notify.Subscription{ID: notify.NewID(), Subject: subject, Channel: notify.ChannelEmail,
		Lang: lang, Email: email, Created: at.UTC()})
}

func helpSubject(ref helpdesk.Reference) notify.Subject {
	return notify.Subject{Kind: notify.KindHelp, ID: string(ref)}
}

// notifyHelp queues "your question has an answer" for each new reply.
func (s *Store) notifyHelp(tx *bolt.Tx, old, e helpdesk.Escalation) error {
	if len(e.Replies) <= len(old.Replies) {
		return nil
	}
	return s.notifyTx(tx, notify.Change{Subject: helpSubject(e.Ref), Event: notify.EventHelpAnswered,
		Key: strconv.Itoa(len(e.Replies)), At: e.Replies[len(e.Replies)-1].At, Data: map[string]string{"ref": string(e.Ref)}})
}

func addressSubject(ref address.Reference) notify.Subject {
	return notify.Subject{Kind: notify.KindAddress, ID: string(ref)}
}

// notifyAddress queues a message when the municipality's status changes.
func (s *Store) notifyAddress(tx *bolt.Tx, oldStatus string, n address.Notification) error {
	if n.Status == oldStatus {
		return nil
	}
	return s.notifyTx(tx, notify.Change{Subject: addressSubject(n.Ref), Event: notify.EventAddressStatus,
		Key: n.Status + "@" + strconv.FormatInt(n.StatusAt.UnixNano(), 10), At: n.StatusAt, Data: map[string]string{"ref": string(n.Ref), "status": n.Status}})
}

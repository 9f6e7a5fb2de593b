// Package notify tells people when something they follow changes: a
// dossier's status, a booking, a queue ticket, a help request, an address
// notification. It is the domain of the durable outbox: the store writes a
// Message in the same transaction as the change that causes it (the
// Planner decides which), and a Worker delivers it later over Web Push or
// e-mail with retries, backoff and a dead-letter state.
//
// Subscriptions are tied to one subject (a dossier, a booking, a ticket, a
// request), never to a person. Messages carry what their text needs and
// nothing more: a push payload carries no personal data at all, an e-mail
// only what the person gave and the reference.
package notify

import (
	"strconv"
	"time"
)

// Channel is how a message travels.
type Channel string

// Channels.
const (
	ChannelPush  Channel = "push"
	ChannelEmail Channel = "email"
)

// Kind is what a subject is.
type Kind string

// Subject kinds.
const (
	KindDossier Kind = "dossier"
	KindBooking Kind = "booking"
	KindTicket  Kind = "ticket"
	KindHelp    Kind = "help"
	KindAddress Kind = "address"
	// KindLawyer is a lawyer account following its clients' dossiers by a
	// daily e-mail digest; only the signed-in lawyer subscribes it.
	KindLawyer Kind = "lawyer"
)

// Kinds lists the subject kinds pages hand out grants for.
var Kinds = []Kind{KindDossier, KindBooking, KindTicket, KindHelp, KindAddress}

// Subject is the one thing a subscription follows.
type Subject struct {
	Kind Kind   `json:"k"`
	ID   string `json:"i"`
}

// String is "kind:id", the form stores index subjects by.
func (s Subject) String() string { return string(s.Kind) + ":" + s.ID }

// Event is what happened, and picks the message's text.
type Event string

// Events.
const (
	EventStatus           Event = "status"            // a dossier's status changed
	EventBookingConfirmed Event = "booking_confirmed" // with the .ics by e-mail
	EventBookingMoved     Event = "booking_moved"
	EventBookingCancelled Event = "booking_cancelled"
	EventReminder         Event = "reminder" // the day before the appointment
	EventQueueNear        Event = "queue_near"
	EventQueueCalled      Event = "queue_called"
	EventHelpAnswered     Event = "help_answered"
	EventAddressStatus    Event = "address_status"
	EventOfficeNotice     Event = "office_notice" // the office closes a day
	EventDigest           Event = "digest"        // a lawyer's daily digest
)

// State is where a message is in its life.
type State string

// States. Queued messages wait for their due time (or their lease to end);
// the others are final.
const (
	StateQueued  State = "queued"
	StateSent    State = "sent"
	StateDead    State = "dead"    // failed for good: the dead letters
	StateDropped State = "dropped" // no longer wanted: booking cancelled, unsubscribed
)

// Subscription is one opt-in: a browser's push subscription or an e-mail
// address, for one subject, in one language.
type Subscription struct {
	// ID is random (128 bits) and is also the one-tap unsubscribe token.
	ID      string      `json:"id"`
	Subject Subject     `json:"s"`
	Channel Channel     `json:"c"`
	Lang    string      `json:"l"`
	Push    *PushTarget `json:"p,omitempty"`
	Email   string      `json:"e,omitempty"`
	Created time.Time   `json:"t"`
}

// PushTarget is a browser's push subscription (RFC 8030 endpoint and the
// RFC 8291 keys).
type PushTarget struct {
	Endpoint string `json:"u"`
	P256dh   []byte `json:"k"` // the browser's public key, 65 bytes uncompressed
	Auth     []byte `json:"a"` // the 16-byte authentication secret
}

// Message is one notification to one subscription.
type Message struct {
	ID uint64 `json:"id"` // the store's sequence number
	// Key is the idempotency key: unique, derived from the change and the
	// subscription, so writing the same change twice queues it once, and
	// sent again after a crash it lets the receiver drop the copy.
	Key          string  `json:"key"`
	Subscription string  `json:"sub"`
	Channel      Channel `json:"ch"`
	Subject      Subject `json:"s"`
	Event        Event   `json:"ev"`
	Lang         string  `json:"l"`
	// Data is what the text needs (office, appointment time, reference),
	// never a PIN, a birth date or a name.
	Data map[string]string `json:"d,omitempty"`
	// Urgent messages (queue calls) are delivered in quiet hours.
	Urgent    bool      `json:"u,omitempty"`
	Created   time.Time `json:"t"`
	Due       time.Time `json:"due"`
	State     State     `json:"st"`
	Attempts  int       `json:"n,omitempty"`
	LastError string    `json:"err,omitempty"`
	Done      time.Time `json:"done,omitzero"`
}

// Delivery is a claimed message with the subscription it goes to.
type Delivery struct {
	Message      Message
	Subscription Subscription
}

// Outcome is how one delivery attempt ended.
type Outcome int

// Outcomes.
const (
	OutcomeSent  Outcome = iota
	OutcomeRetry         // try again at Result.Next
	OutcomeDead          // give up: a permanent refusal or too many attempts
	OutcomeGone          // the subscription no longer exists (push 404/410): drop it
)

// Result is what the worker reports for one claimed message.
type Result struct {
	ID      uint64
	Outcome Outcome
	Error   string
	At      time.Time // when the attempt ended
	Next    time.Time // for OutcomeRetry
}

// Stats are the outbox's counts, for metrics and the supervisor: messages
// per state, delivery failures so far, subscriptions per subject kind and
// channel (never who).
type Stats struct {
	Messages      map[State]int
	Failures      int // failed attempts of messages still kept
	Subscriptions map[string]int
}

// SubscriptionCountKey is the Stats.Subscriptions key of a kind and channel.
func SubscriptionCountKey(k Kind, c Channel) string { return string(k) + "/" + string(c) }

// messageKey is the idempotency key of the message for change ch to sub.
// It starts with SubjectKeyPrefix, so a store may find a subject's
// messages by their keys.
func messageKey(ch Change, sub string) string {
	return SubjectKeyPrefix(ch.Subject) + string(ch.Event) + "/" + ch.Key + "/" + sub
}

// SubjectKeyPrefix begins the idempotency key of every message about s.
func SubjectKeyPrefix(s Subject) string { return s.String() + "/" }

// itoa is for building change keys from sequence numbers.
func itoa(n int) string { return strconv.Itoa(n) }

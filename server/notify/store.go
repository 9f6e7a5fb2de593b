package notify

import (
	"context"
	"time"
)

// MaxPerSubject bounds the subscriptions one subject may have: a few
// browsers and an address, not a flood.
const MaxPerSubject = 10

// Store is the outbox as the worker, the opt-in pages and the console need
// it. Besides these methods a store must write the messages the Planner
// plans in the same transaction as each change that causes them (a status
// event, a booking made, moved or cancelled, a queue call, a helpdesk
// answer, an address notification's new status): that is what makes the
// outbox durable, and the contract suite checks it through the domain
// services.
type Store interface {
	// Subscribe stores sub. It returns ErrUnknownSubject when the subject
	// does not exist (or is over: a cancelled booking, a finished ticket)
	// and ErrTooMany past MaxPerSubject.
	Subscribe(ctx context.Context, sub Subscription) error
	// Unsubscribe deletes subscription id and drops its queued messages;
	// it reports whether there was one.
	Unsubscribe(ctx context.Context, id string) (bool, error)
	// Subscription loads one; ErrNotFound if there is none.
	Subscription(ctx context.Context, id string) (Subscription, error)
	// Subscriptions lists those of one subject.
	Subscriptions(ctx context.Context, subject Subject) ([]Subscription, error)
	// SubscriptionsOfKind lists the subscriptions of every subject of kind
	// (the lawyers' digests), by subject.
	SubscriptionsOfKind(ctx context.Context, kind Kind) ([]Subscription, error)
	// Enqueue stores messages that no store change causes (an office-wide
	// notice, a digest), skipping keys already stored; it reports how many
	// it added.
	Enqueue(ctx context.Context, msgs []Message) (int, error)
	// ClaimDue leases up to limit queued messages due at now to the caller
	// for lease: until then nobody else gets them; if the caller dies they
	// come back when the lease ends (at-least-once delivery).
	ClaimDue(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Delivery, error)
	// Settle records the outcomes of claimed messages, all in one
	// transaction. Results for messages no longer queued are ignored.
	Settle(ctx context.Context, results []Result) error
	// OutboxMessages lists messages in state (all states when ""), newest
	// first, at most limit.
	OutboxMessages(ctx context.Context, state State, limit int) ([]Message, error)
	// OutboxStats counts messages per state, failures and subscriptions.
	OutboxStats(ctx context.Context) (Stats, error)
	// PurgeOutbox deletes at most limit finished messages (sent, dead,
	// dropped) that finished before before, and reports how many.
	PurgeOutbox(ctx context.Context, before time.Time, limit int) (int, error)
	// OutboxWakeup receives (coalesced) after a commit that queued
	// messages, so the worker need not poll often.
	OutboxWakeup() <-chan struct{}
}

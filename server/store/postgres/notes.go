package postgres

import (
	"context"
	"sync"
	"time"
)

// A NOTIFY inside a transaction makes its commit wait for every other
// committing transaction that notified: PostgreSQL takes one database-wide
// lock before such a commit and holds it until the commit is on disk, so
// that notifications are queued in commit order. Bookings all notified
// (a slot's count changed), so with synchronous_commit on they committed
// one WAL flush at a time and group commit could not share a flush between
// them (a few hundred a second on this machine's disk).
//
// So the notifications that only say "what you keep of this is out of
// date" (slot counts) are sent after the commit instead, outside the
// transaction: each commit hands them to notes, and one sender at a time
// sends all those waiting in one statement. Under load one NOTIFY
// transaction carries the news of many bookings, and the bookings
// themselves share WAL flushes again. An instance that dies between a
// commit and the sending loses that news: the other instances' listings
// of that office-service stay one booking behind until its next change
// there, or until a booking there is refused as full (which marks them
// out of date); the capacity itself is kept by the database, never by a
// listing. Notifications that must not be lost (a receipt revoked) stay
// in their transactions.

// note is one notification to send.
type note struct{ channel, payload string }

// notes are the notifications waiting to be sent, and their sender.
type notes struct {
	mu      sync.Mutex
	pending map[note]struct{}
	wake    chan struct{}
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
}

// startNotes starts the sender, sending through q.
func startNotes(q querier) *notes {
	n := &notes{pending: map[note]struct{}{}, wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go n.send(q)
	return n
}

// add queues a notification; alike ones waiting are sent once.
func (n *notes) add(channel, payload string) {
	n.mu.Lock()
	n.pending[note{channel, payload}] = struct{}{}
	n.mu.Unlock()
	n.signal()
}

// signal wakes the sender.
func (n *notes) signal() {
	select {
	case n.wake <- struct{}{}:
	default:
	}
}

// close sends what is waiting and stops the sender; it may be called
// again.
func (n *notes) close() {
	n.once.Do(func() { close(n.stop) })
	<-n.done
}

// send sends the waiting notifications whenever some are added, until
// stop; a failure keeps them for the next try, a pause later.
func (n *notes) send(q querier) {
	defer close(n.done)
	pause := 50 * time.Millisecond
	for {
		stopping := false
		select {
		case <-n.wake:
		case <-n.stop:
			stopping = true
		}
		n.mu.Lock()
		batch := n.pending
		n.pending = map[note]struct{}{}
		n.mu.Unlock()
		if err := sendNotes(q, batch); err != nil && !stopping {
			n.mu.Lock()
			for k := range batch {
				n.pending[k] = struct{}{}
			}
			n.mu.Unlock()
			select {
			case <-time.After(pause):
				pause = min(2*pause, 5*time.Second)
			case <-n.stop:
			}
			n.signal()
			continue
		}
		pause = 50 * time.Millisecond
		if stopping {
			return
		}
	}
}

// sendNotes sends batch in one statement (one transaction).
func sendNotes(q querier, batch map[note]struct{}) error {
	channels := make([]string, 0, len(batch))
	payloads := make([]string, 0, len(batch))
	for k := range batch {
		channels, payloads = append(channels, k.channel), append(payloads, k.payload)
	}
	if len(channels) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := q.Exec(ctx, "SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS n(c, p)", channels, payloads)
	return err
}

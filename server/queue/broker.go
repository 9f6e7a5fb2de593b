package queue

import (
	"sync"
	"time"
)

// Call is one announcement on the display: a number to a desk.
type Call struct {
	Number    string    `json:"number"`
	Desk      string    `json:"desk"`
	ServiceID string    `json:"service"`
	At        time.Time `json:"at"`
	Recall    bool      `json:"recall,omitempty"`
}

// Event is what subscribers of an office receive after every change: the
// new board, and the call when the change was one.
type Event struct {
	Board *Board
	Call  *Call
}

// subscriberBuffer is how many events a subscriber may fall behind before
// it is dropped: a slow client must not hold up the others.
const subscriberBuffer = 32

// Broker fans an office's events out to its subscribers (the call
// displays, the phones following a ticket). Publishing never blocks.
type Broker struct {
	mu     sync.Mutex
	subs   map[string]map[*Subscription]struct{}
	closed bool
}

// NewBroker makes an empty broker.
func NewBroker() *Broker {
	return &Broker{subs: map[string]map[*Subscription]struct{}{}}
}

// Subscription is one subscriber's feed. C is closed when the subscriber
// is dropped (too slow), unsubscribed, or the broker closes.
type Subscription struct {
	C      <-chan Event
	c      chan Event
	office string
	b      *Broker
}

// Subscribe opens a feed of office's events.
func (b *Broker) Subscribe(office string) *Subscription {
	s := &Subscription{c: make(chan Event, subscriberBuffer), office: office, b: b}
	s.C = s.c
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		close(s.c)
		return s
	}
	if b.subs[office] == nil {
		b.subs[office] = map[*Subscription]struct{}{}
	}
	b.subs[office][s] = struct{}{}
	return s
}

// Close ends the subscription; closing twice is harmless.
func (s *Subscription) Close() {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.drop(s)
}

// drop removes s and closes its channel; b.mu is held.
func (b *Broker) drop(s *Subscription) {
	set := b.subs[s.office]
	if _, ok := set[s]; !ok {
		return
	}
	delete(set, s)
	if len(set) == 0 {
		delete(b.subs, s.office)
	}
	close(s.c)
}

// Publish sends e to every subscriber of office; one whose buffer is full
// is dropped (its page reconnects and gets the current board).
func (b *Broker) Publish(office string, e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs[office] {
		select {
		case s.c <- e:
		default:
			b.drop(s)
		}
	}
}

// Subscribers counts office's subscribers.
func (b *Broker) Subscribers(office string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs[office])
}

// Close ends every subscription and refuses new ones, so that open event
// streams end at shutdown.
func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for _, set := range b.subs {
		for s := range set {
			b.drop(s)
		}
	}
}

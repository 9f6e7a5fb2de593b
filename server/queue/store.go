package queue

import "context"

// Store is what the queue needs from storage. Every method that writes is
// one transaction, so a choice made from the data (the next visitor, the
// next number) cannot race another writer.
type Store interface {
	// CreateTicket numbers t with the next number of its office, day and
	// service (rule.Number formats it) and stores it. It returns
	// ErrLimitReached when the service gave rule.Limit tickets that day.
	// With rule.ArrivalKey set, a ticket stored before under that key is
	// returned instead and created is false: a second scan adds nobody.
	CreateTicket(ctx context.Context, t Ticket, rule CreateRule) (got Ticket, created bool, err error)
	// Ticket loads one ticket; ErrNotFound if there is none.
	Ticket(ctx context.Context, id string) (Ticket, error)
	// TicketByToken finds a ticket by the hash of its phone token.
	TicketByToken(ctx context.Context, tokenHash []byte) (Ticket, error)
	// TicketByArrival finds the ticket of a checked-in booking; ErrNotFound
	// if it did not check in.
	TicketByArrival(ctx context.Context, arrivalKey string) (Ticket, error)
	// CallNext passes the waiting tickets of an office's day to pick, lets
	// call change the one at the index pick returns, and stores it, in one
	// write transaction: two desks calling at once never get the same
	// visitor. The waiting tickets carry only the fields that order them
	// (ID, ServiceID, Priority, Kind, Appointment, Issued, Seq, Status).
	// A negative index gives ErrNoneWaiting.
	CallNext(ctx context.Context, officeID, day string, pick func(waiting []Ticket) int, call func(*Ticket)) (Ticket, error)
	// UpdateTicket loads ticket id, lets change modify it and stores it, in
	// one transaction; an error from change stores nothing.
	UpdateTicket(ctx context.Context, id string, change func(*Ticket) error) (Ticket, error)
	// DayTickets lists every ticket of an office's day.
	DayTickets(ctx context.Context, officeID, day string) ([]Ticket, error)
	// PurgeTickets deletes at most limit tickets of days before day
	// ("2006-01-02"), with their indexes, arrivals and counters, and
	// reports how many it deleted.
	PurgeTickets(ctx context.Context, before string, limit int) (int, error)

	KioskStore
}

// CreateRule is what the store applies when it creates a ticket.
type CreateRule struct {
	Limit      int
	Number     func(seq int) string
	ArrivalKey string
}

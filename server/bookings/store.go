package bookings

import (
	"context"
	"time"
)

// Store is what the bookings package needs from storage. Each method that
// writes is one transaction, so the checks it does (capacity, one booking
// per dossier) cannot race another writer. Refusals come back as this
// package's sentinel errors.
type Store interface {
	// CreateBooking inserts b unless rule forbids it: it returns ErrSlotFull
	// when the slot holds rule.Capacity active bookings, ErrAlreadyBooked
	// when rule.OnePerDossier and b.Dossier has an active booking for the
	// service, and ErrRefTaken when b.Ref is in use by another booking.
	// When b.IdempotencyKey was seen before it returns that booking instead
	// (or ErrIdempotencyConflict if it is for another slot). Inserting a
	// booking whose ID is already stored returns the stored one.
	CreateBooking(ctx context.Context, b Booking, rule CreateRule) (Booking, error)
	// MoveBooking moves the active booking ref to rule.Start, releasing the
	// old slot only if the new one has room (ErrSlotFull otherwise).
	MoveBooking(ctx context.Context, ref Reference, rule MoveRule) (Booking, error)
	// CancelBooking cancels the booking ref and frees its slot at once.
	CancelBooking(ctx context.Context, ref Reference, c Cancellation) (Booking, error)
	// Authenticate loads booking ref and its PIN state, calls check, and
	// stores the state check leaves behind, even when check fails. It
	// returns ErrNotFound for an unknown reference.
	Authenticate(ctx context.Context, ref Reference, check func(Booking, *PINState) error) (Booking, error)
	// Booking loads one booking without authentication (staff only).
	Booking(ctx context.Context, ref Reference) (Booking, error)
	// SlotCounts appends, in start order, the number of active bookings of
	// every booked slot of office and service starting in [from, to).
	SlotCounts(ctx context.Context, officeID, serviceID string, from, to time.Time, dst []SlotCount) ([]SlotCount, error)
	// BookingsStarting lists the bookings of an office (active and
	// cancelled) whose appointment starts in [from, to), in start order.
	BookingsStarting(ctx context.Context, officeID string, from, to time.Time) ([]Booking, error)
	// BookingsCreated lists the bookings of an office made in [from, to), in
	// creation order.
	BookingsCreated(ctx context.Context, officeID string, from, to time.Time) ([]Booking, error)
	// CloseDay stores c.Offices (which close the day) and marks every
	// active booking of c.OfficeID starting in [c.From, c.To) with
	// Booking.CloseDay, queueing the office's notice to their followers,
	// in one transaction; it returns the bookings it marked.
	CloseDay(ctx context.Context, c DayClosing) ([]Booking, error)
	// SaveOffices stores every office, as staff changed one; a store
	// shared by several instances tells the others.
	SaveOffices(ctx context.Context, offices []Office) error
	// Offices loads the offices as last saved; ok is false when none were.
	Offices(ctx context.Context) (offices []Office, ok bool, err error)
	// PurgeBookings deletes at most limit bookings whose appointment
	// started before before, with everything kept about them (indexes,
	// idempotency key, PIN state), and reports how many it deleted.
	PurgeBookings(ctx context.Context, before time.Time, limit int) (int, error)
}

// SlotCount is the number of active bookings of one slot. Start is in Unix
// seconds: a slot listing compares hundreds of them, and a pointer-free
// slice costs the garbage collector nothing.
type SlotCount struct {
	Start  int64
	Booked int
}

// CreateRule is what the store checks when it inserts a booking.
type CreateRule struct {
	Capacity      int
	OnePerDossier bool
	// Now decides whether an existing booking of the dossier is still to come.
	Now time.Time
}

// MoveRule is where a booking moves to and what the store checks.
type MoveRule struct {
	Start, End time.Time
	Capacity   int
	// Now refuses to move an appointment that has started (ErrStarted).
	Now time.Time
}

// Cancellation says who cancels and when.
type Cancellation struct {
	At time.Time
	// By is "applicant" or "staff:<id>". Applicants cannot cancel an
	// appointment that has started (ErrStarted); staff can.
	By string
}

// PINState counts wrong PINs for one reference.
type PINState struct {
	Failures    []time.Time `json:"failures,omitempty"`
	LockedUntil time.Time   `json:"locked_until,omitzero"`
}

// DayClosing is an office closing a day, part of one or several days it
// had taken bookings for.
type DayClosing struct {
	// Offices is every office, the closing one with the closure added.
	Offices  []Office
	OfficeID string
	// From and To bound what closes, in the office's time zone.
	From, To time.Time
	// Since is where the store starts looking: From less the office's
	// longest service, so that a booking that starts before the closure
	// and runs into it is found too (Closes then decides).
	Since time.Time
	At    time.Time
}

// Closes reports whether booking b runs into the closed time: it starts
// before the closure ends and ends after it begins.
func (c DayClosing) Closes(b Booking) bool {
	return b.Start.Before(c.To) && b.End.After(c.From)
}

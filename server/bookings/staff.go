package bookings

import (
	"context"
	"time"
)

// DayBookings are an office's bookings for one day (cancelled ones too,
// marked), in start order, for the staff's day sheet. Group them by
// ServiceID for a per-desk view.
func (m *Manager) DayBookings(ctx context.Context, officeID string, day Date) ([]Booking, error) {
	o, ok := m.cat.Load().byID[officeID]
	if !ok {
		return nil, ErrUnknownOffice
	}
	return m.store.BookingsStarting(ctx, officeID, day.At(0, o.loc), day.AddDays(1).At(0, o.loc))
}

// BookingsCreated are an office's bookings made in [from, to), in creation
// order, with the hashed client fingerprint: bursts from one source stand out.
func (m *Manager) BookingsCreated(ctx context.Context, officeID string, from, to time.Time) ([]Booking, error) {
	if _, ok := m.cat.Load().byID[officeID]; !ok {
		return nil, ErrUnknownOffice
	}
	return m.store.BookingsCreated(ctx, officeID, from, to)
}

// StaffCancel cancels a booking without its PIN, for staff; staffID is
// recorded. Staff can cancel an appointment that has started.
func (m *Manager) StaffCancel(ctx context.Context, ref Reference, staffID string) (Booking, error) {
	return m.cancel(ctx, ref, "staff:"+staffID)
}

// Booking is the booking ref for staff, without PIN.
func (m *Manager) Booking(ctx context.Context, ref Reference) (Booking, error) {
	return m.store.Booking(ctx, ref)
}

// Purge deletes the bookings whose appointment started more than keep ago,
// with their PIN state and idempotency key: personal data is kept no
// longer than needed. It works in short transactions so bookings go on
// meanwhile; run it daily.
func (m *Manager) Purge(ctx context.Context, keep time.Duration) (int, error) {
	before := m.cfg.Now().Add(-keep)
	total := 0
	for {
		n, err := m.store.PurgeBookings(ctx, before, 500)
		total += n
		if err != nil || n < 500 {
			return total, err
		}
	}
}

package queue

import (
	"context"
	"time"

	"loket/server/refusal"
)

// Appointment is what check-in needs to know of a booking.
type Appointment struct {
	Ref       string
	OfficeID  string
	ServiceID string
	Start     time.Time
	Cancelled bool
}

// BookingLookup finds appointments. The bookings package provides one
// through a small adapter; its refusals (unknown reference, wrong PIN,
// locked) come back as they are, with their own translation keys.
type BookingLookup interface {
	// Appointment is the booking ref, for a caller that already proved
	// holding it (a signed receipt's QR code).
	Appointment(ctx context.Context, ref string) (Appointment, error)
	// AppointmentWithPIN checks the PIN first, counting failures.
	AppointmentWithPIN(ctx context.Context, ref, pin string) (Appointment, error)
	// AppointmentOfDossier checks the birth date (YYYY-MM-DD) against the
	// dossier first, counting the claim against the kiosk that asks and
	// wrong answers against the number (ErrNoMatch), then finds the dossier's appointment at the office on
	// now's day, the one nearest now if there are several
	// (ErrNoAppointment if none).
	AppointmentOfDossier(ctx context.Context, officeID, kioskID, dossier, birth string, now time.Time) (Appointment, error)
}

// CheckIn is one check-in at a kiosk of an office: a reference with its
// PIN, a reference read from a verified receipt (Verified), or a dossier
// number with the holder's birth date (Dossier, Birth as YYYY-MM-DD).
type CheckIn struct {
	OfficeID string
	KioskID  string
	Ref      string
	PIN      string
	Verified bool
	Dossier  string
	Birth    string
}

// CheckInRefusal carries the appointment time with a refusal, so the
// message can say when to come; Opens is when check-in opens (too early).
type CheckInRefusal struct {
	Err   *refusal.Error
	Start time.Time
	Opens time.Time
}

func (r *CheckInRefusal) Error() string { return r.Err.Error() }

// Unwrap lets errors.Is see the sentinel.
func (r *CheckInRefusal) Unwrap() error { return r.Err }

// CheckIn marks an appointment as arrived and gives its ticket: one
// transaction keyed by the booking reference, so a second scan finds the
// first ticket (Again) and adds no second place in the queue.
func (s *Service) CheckIn(ctx context.Context, in CheckIn) (Issued, error) {
	o, err := s.Office(in.OfficeID)
	if err != nil {
		return Issued{}, err
	}
	if s.cfg.Bookings == nil {
		return Issued{}, ErrUnknownService
	}
	var a Appointment
	switch {
	case in.Dossier != "":
		a, err = s.cfg.Bookings.AppointmentOfDossier(ctx, o.ID, in.KioskID, in.Dossier, in.Birth, s.cfg.Now())
	case in.Verified:
		a, err = s.cfg.Bookings.Appointment(ctx, in.Ref)
	default:
		a, err = s.cfg.Bookings.AppointmentWithPIN(ctx, in.Ref, in.PIN)
	}
	if err != nil {
		return Issued{}, err
	}
	key := arrivalKey(a)
	if t, err := s.store.TicketByArrival(ctx, key); err == nil {
		return Issued{Ticket: t, Again: true}, nil
	}
	if err := s.checkWindow(o, a); err != nil {
		return Issued{}, err
	}
	svc, ok := o.Service(a.ServiceID)
	if !ok {
		return Issued{}, ErrUnknownService
	}
	return s.create(ctx, o, svc, Ticket{Kind: KindAppointment, BookingRef: a.Ref, Appointment: a.Start.UTC(), ArrivalKey: key, KioskID: in.KioskID}, key)
}

// arrivalKey names an appointment's arrival: the reference and the start,
// so a booking moved to another day can check in again then.
func arrivalKey(a Appointment) string {
	return a.Ref + "@" + a.Start.UTC().Format(time.RFC3339)
}

// checkWindow applies the check-in rules: this office, not cancelled,
// today, within the window around the appointment time.
func (s *Service) checkWindow(o Office, a Appointment) error {
	now := s.cfg.Now()
	switch {
	case a.OfficeID != o.ID:
		return &CheckInRefusal{Err: ErrOtherOffice, Start: a.Start}
	case a.Cancelled:
		return &CheckInRefusal{Err: ErrCancelled, Start: a.Start}
	case a.Start.In(o.Location).Format(time.DateOnly) != now.In(o.Location).Format(time.DateOnly):
		return &CheckInRefusal{Err: ErrNotToday, Start: a.Start}
	case now.Before(a.Start.Add(-s.cfg.EarlyCheckIn)):
		return &CheckInRefusal{Err: ErrTooEarly, Start: a.Start, Opens: a.Start.Add(-s.cfg.EarlyCheckIn)}
	case now.After(a.Start.Add(s.cfg.LateCheckIn)):
		return &CheckInRefusal{Err: ErrTooLate, Start: a.Start}
	}
	return nil
}

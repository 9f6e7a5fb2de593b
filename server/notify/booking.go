package notify

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"loket/server/bookings"
)

// BookingSubject is the subject of a booking.
func BookingSubject(ref bookings.Reference) Subject {
	return Subject{Kind: KindBooking, ID: string(ref)}
}

// BookingData is what a booking e-mail needs: where, when, the reference
// and the calendar file's fields. No PIN, no dossier, no contact.
func BookingData(b bookings.Booking) map[string]string {
	return map[string]string{
		"ref": string(b.Ref), "office": b.OfficeID, "service": b.ServiceID,
		"start": b.Start.UTC().Format(time.RFC3339), "end": b.End.UTC().Format(time.RFC3339),
		"sequence": strconv.Itoa(b.Sequence), "status": string(b.Status),
		"updated": b.UpdatedAt.UTC().Format(time.RFC3339),
	}
}

// BookingChanged is when the domain last changed b.
func BookingChanged(b bookings.Booking) time.Time {
	if b.UpdatedAt.IsZero() {
		return b.CreatedAt
	}
	return b.UpdatedAt
}

// Upcoming lists offices and their bookings by day; *bookings.Manager is one.
type Upcoming interface {
	Offices() []bookings.Office
	DayBookings(ctx context.Context, officeID string, day bookings.Date) ([]bookings.Booking, error)
}

// QueueReminders queues the reminders of every active, followed booking
// whose reminder is due within the next two hours (or is overdue while its
// appointment is more than an hour away). Reminders are not written with
// the booking: most bookings are never followed past their confirmation,
// and a booking's transaction stays small. Run it more often than every
// two hours; keys make a second run add nothing. It reports how many it
// queued.
func (s *Service) QueueReminders(ctx context.Context, up Upcoming) (int, error) {
	now := s.cfg.Now()
	from, to := now.Add(time.Hour), now.Add(s.cfg.Planner.Lead()+2*time.Hour)
	var msgs []Message
	for _, o := range up.Offices() {
		loc, err := o.Location()
		if err != nil {
			loc = time.UTC
		}
		first, last := from.In(loc), to.In(loc)
		for d := time.Date(first.Year(), first.Month(), first.Day(), 12, 0, 0, 0, loc); !d.After(last.Add(12 * time.Hour)); d = d.AddDate(0, 0, 1) {
			bs, err := up.DayBookings(ctx, o.ID, bookings.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()})
			if err != nil {
				return 0, fmt.Errorf("notify: reminders of %s: %w", o.ID, err)
			}
			for _, b := range bs {
				if !b.Active() || b.DayClosed || !b.Start.After(from) || b.Start.After(to) {
					continue
				}
				subject := BookingSubject(b.Ref)
				subs, err := s.st.Subscriptions(ctx, subject)
				if err != nil {
					return 0, err
				}
				if len(subs) > 0 {
					msgs = append(msgs, s.cfg.Planner.Reminder(subject, strconv.Itoa(b.Sequence), b.Start, BookingChanged(b), now, BookingData(b), subs)...)
				}
			}
		}
	}
	if len(msgs) == 0 {
		return 0, nil
	}
	return s.st.Enqueue(ctx, msgs)
}

// RunReminders queues reminders every interval until ctx ends.
func (s *Service) RunReminders(ctx context.Context, up Upcoming, every time.Duration, report func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.QueueReminders(ctx, up); err != nil && report != nil && ctx.Err() == nil {
			report(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

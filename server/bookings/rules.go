package bookings

import "time"

// The rules below are what every store applies inside its transaction;
// they live here so that each store only keeps its own records in step.

// Replay is the answer to b sent again under the idempotency key of prev:
// prev itself, or ErrIdempotencyConflict when the key was used for
// another slot.
func (b Booking) Replay(prev Booking) (Booking, error) {
	if prev.OfficeID != b.OfficeID || prev.ServiceID != b.ServiceID || !prev.Start.Equal(b.Start) {
		return Booking{}, ErrIdempotencyConflict
	}
	return prev, nil
}

// Blocks reports whether b, the latest booking of a dossier for a service,
// keeps the dossier from booking that service again under rule.
func (b Booking) Blocks(rule CreateRule) bool {
	return rule.OnePerDossier && b.Active() && b.End.After(rule.Now)
}

// CheckMove says whether b may move as rule asks (ErrStarted once its
// appointment began) and whether it moves at all.
func (b Booking) CheckMove(rule MoveRule) (bool, error) {
	switch {
	case !b.Start.After(rule.Now):
		return false, ErrStarted
	case b.Start.Equal(rule.Start):
		return false, nil
	}
	return true, nil
}

// Move puts b in the slot of rule; the store has counted it there. A
// booking moved off a closed day is an ordinary one again.
func (b *Booking) Move(rule MoveRule) {
	b.Start, b.End = rule.Start, rule.End
	b.DayClosed = false
	b.Sequence++
	b.UpdatedAt = rule.Now
}

// CheckCancel refuses an applicant's cancellation of an appointment that
// has started; staff may cancel at any time.
func (b Booking) CheckCancel(c Cancellation) error {
	if c.By == "applicant" && !b.Start.After(c.At) {
		return ErrStarted
	}
	return nil
}

// Cancel marks b cancelled; the store frees its place.
func (b *Booking) Cancel(c Cancellation) {
	b.Status = StatusCancelled
	b.CancelledBy = c.By
	b.Sequence++
	b.UpdatedAt = c.At
}

// CloseDay marks b as on a day its office has closed since. It reports
// false for a booking that is not active or is marked already, so closing
// a day twice tells nobody twice.
func (b *Booking) CloseDay(at time.Time) bool {
	if !b.Active() || b.DayClosed {
		return false
	}
	b.DayClosed = true
	b.Sequence++
	b.UpdatedAt = at
	return true
}

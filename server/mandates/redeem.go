package mandates

import (
	"strconv"
	"time"
)

// Redeem marks c used at now, as every store does inside the transaction
// that adds the mandate: ErrCodeUsed or ErrCodeExpired when it cannot be.
func (c *Code) Redeem(now time.Time) error {
	switch {
	case !c.Used.IsZero():
		return ErrCodeUsed
	case !now.Before(c.Expires):
		return ErrCodeExpired
	}
	c.Used = now
	return nil
}

// End makes c, if still unused and valid, expire at at: revoking a
// mandate ends every code drawn for its dossier, so a second code drawn
// earlier cannot bring the access back. It reports whether c changed.
func (c *Code) End(at time.Time) bool {
	if !c.Used.IsZero() || !at.Before(c.Expires) {
		return false
	}
	c.Expires = at
	return true
}

// Pending reports whether c can still be redeemed at now.
func (c Code) Pending(now time.Time) bool { return c.Used.IsZero() && now.Before(c.Expires) }

// ID names c to the applicant who may cancel it: the moment it was drawn,
// which says nothing about the code itself (its hash would let anyone who
// sees the page search for the code offline).
func (c Code) ID() string { return strconv.FormatInt(c.Created.UnixNano(), 10) }

// codeCreated reads an ID back.
func codeCreated(id string) (time.Time, bool) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	return time.Unix(0, n).UTC(), true
}

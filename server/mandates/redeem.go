package mandates

import "time"

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

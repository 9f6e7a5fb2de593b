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

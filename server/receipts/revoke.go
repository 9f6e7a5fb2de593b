package receipts

import "time"

// Revoke marks r revoked at a time for a reason, as every store does
// inside its transaction; it reports false, changing nothing, when r was
// revoked already (the first time and reason stay).
func (r *Receipt) Revoke(reason string, at time.Time) bool {
	if r.Revoked {
		return false
	}
	r.Revoked, r.RevokedAt, r.RevokedReason = true, at.UTC(), reason
	return true
}

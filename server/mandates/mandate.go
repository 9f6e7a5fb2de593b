// Package mandates lets an applicant give a lawyer access to their dossier
// and take it back. The applicant draws a short-lived code on the status
// page; the lawyer, signed in, redeems it once; staff can register or
// revoke a mandate by hand. A lawyer sees a dossier only while a live
// mandate links them. It knows nothing of HTTP or bbolt.
package mandates

import (
	"strings"
	"time"

	"loket/server/dossiers"
)

// Sources of a mandate.
const (
	SourceCode  = "code"  // redeemed from an applicant's code
	SourceStaff = "staff" // registered by staff
)

// Mandate links one lawyer account to one dossier.
type Mandate struct {
	ID          string    `json:"id"`
	Dossier     string    `json:"dossier"`
	Lawyer      string    `json:"lawyer"`       // account id
	LawyerEmail string    `json:"lawyer_email"` // shown to the applicant as its domain
	Source      string    `json:"source"`
	By          string    `json:"by"` // account id that created it
	Created     time.Time `json:"created"`
	Revoked     time.Time `json:"revoked,omitzero"`
	RevokedBy   string    `json:"revoked_by,omitempty"`
	// Label is the lawyer's own reference for this client, kept on their
	// mandate alone: no other lawyer, staff page or applicant sees it, and
	// it goes when the mandate ends.
	Label string `json:"label,omitempty"`
}

// Live reports whether the mandate still gives access.
func (m Mandate) Live() bool { return m.Revoked.IsZero() }

// EmailDomain is the part of the lawyer's address the applicant sees: the
// firm, not the person.
func (m Mandate) EmailDomain() string {
	if i := strings.LastIndexByte(m.LawyerEmail, '@'); i >= 0 {
		return m.LawyerEmail[i+1:]
	}
	return m.LawyerEmail
}

// Code is a drawn, not yet redeemed code, as the store keeps it.
type Code struct {
	Hash    []byte    `json:"hash"`
	Dossier string    `json:"dossier"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
	Used    time.Time `json:"used,omitzero"`
}

// Client is one dossier a lawyer follows, read with its mandate.
type Client struct {
	Mandate Mandate
	Dossier dossiers.Dossier
}

// Lawyer is what is kept per lawyer account: how many events of each
// dossier they had seen at their previous visit, and the hash of their
// feed's secret.
type Lawyer struct {
	ID        string         `json:"id"`
	LastVisit time.Time      `json:"last_visit,omitzero"`
	Seen      map[string]int `json:"seen,omitempty"`
	FeedHash  []byte         `json:"feed_hash,omitempty"`
	// DigestDay is the day of the last daily e-mail digest ("2026-12-07"),
	// and DigestSeen how many events of each dossier it had counted.
	DigestDay  string         `json:"digest_day,omitempty"`
	DigestSeen map[string]int `json:"digest_seen,omitempty"`
}

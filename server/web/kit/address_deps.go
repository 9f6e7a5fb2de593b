package kit

import (
	"context"
)

// StaffIdentity is the signed-in staff member as the address views need
// it: who they are, for the audit trail, and the municipalities (codes)
// whose notifications they may see. The accounts session provides it.
type StaffIdentity interface {
	ID() string
	Municipalities() []string
}

// AuditLog appends one entry to the audit trail: every staff view of
// personal data is recorded.
type AuditLog interface {
	Append(ctx context.Context, actor, action, object string) error
}

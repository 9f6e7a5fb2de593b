package public

import (
	"fmt"

	"loket/forms"
)

// formIDs are the form definitions the public pages draw. Init looks each
// up once, so a missing definition stops start-up instead of answering
// one visitor with a 404, a 500 or a panic.
var formIDs = []string{"address_change", "address_notification", "address_status", "booking", "booking_dossier", "checkin_dossier",
	"booking_manage", "escalation", "help_status", formReceiptVerify, "status_letter", "status_lookup"}

// lookUpForms fills h.forms from h.Forms.
func (h *Handler) lookUpForms() error {
	h.forms = make(map[string]*forms.Form, len(formIDs))
	for _, id := range formIDs {
		f, ok := h.Forms.Get(id)
		if !ok {
			return fmt.Errorf("public: form %q: %w", id, forms.ErrDefinition)
		}
		h.forms[id] = f
	}
	return nil
}

// form is the definition of a form that Init found.
func (h *Handler) form(id string) *forms.Form { return h.forms[id] }

package web

import (
	"loket/server/mandates"
)

// lawyerAccess is the status result's "give my lawyer access" section: a
// grant for the forms and the dossier's live mandates.
type lawyerAccess struct {
	Grant    string
	Mandates []mandateRow
}

// mandateRow is a mandate as the applicant sees it: the firm's domain and
// the date, not the lawyer's whole address.
type mandateRow struct {
	ID     string
	Domain string
	Since  string
}

// LawyerAccess builds the section for a status result page; nil (no
// section) on a kiosk, without mandates, or when the list cannot be read.
func (v *view) LawyerAccess() *lawyerAccess {
	sv, ok := v.Data.(*statusView)
	h := v.h
	if !ok || h.Mandates == nil || v.Kiosk() {
		return nil
	}
	ms, err := h.Mandates.ForDossier(sv.Dossier)
	if err != nil {
		h.Log.Error("mandates not read", "err", err)
		return nil
	}
	return &lawyerAccess{Grant: h.mandateGrant(sv.Dossier), Mandates: mandateRows(v, ms)}
}

func mandateRows(v *view, ms []mandates.Mandate) []mandateRow {
	rows := make([]mandateRow, 0, len(ms))
	for _, m := range ms {
		rows = append(rows, mandateRow{ID: m.ID, Domain: m.EmailDomain(), Since: v.Date(m.Created.In(v.h.office))})
	}
	return rows
}

package public

import (
	"loket/server/receipts"
)

// AddressReceiptDocument is the text of an address notification receipt:
// in the reader's language and, for municipal staff, in the
// municipality's language (Dutch, French or German; in Brussels the
// reader's own when it is Dutch or French). The receipts PDF route uses it
// for receipts of kind address_notification; ok is false for other kinds
// or when the service is not configured.
func (h *Handler) AddressReceiptDocument(lang string, r receipts.Receipt) (receipts.Document, bool) {
	if h.Address == nil || r.Kind != receipts.KindAddressNotification {
		return receipts.Document{}, false
	}
	m, ok := h.Address.Municipality(r.Fields["municipality"])
	if !ok {
		return receipts.Document{}, false
	}
	reader := h.Catalogs.Printer(lang)
	office := h.Catalogs.Printer(m.OfficeLang(reader.Lang()))
	labels := func(p interface{ T(string, ...any) string }) map[string]string {
		return map[string]string{"initial": p.T("receipt.field.initial"), "municipality": p.T("receipt.field.municipality")}
	}
	return receipts.Document{
		Lang: reader.Lang(), RTL: reader.Dir() == "rtl",
		OfficeName:     reader.T("address.receipt.office", "municipality", m.Name(reader.Lang())),
		Title:          reader.T("receipt.title.address_notification"),
		ReferenceLabel: reader.T("receipt.reference"), TimeLabel: reader.T("receipt.time"),
		FieldLabels: labels(reader), FieldValues: map[string]string{"municipality": m.Name(reader.Lang())},
		Lines:      []string{reader.T("address.receipt.keep")},
		VerifyHint: reader.T("receipt.verify_hint"),
		Office: receipts.OfficeText{
			Lang: office.Lang(), Title: office.T("receipt.title.address_notification"),
			ReferenceLabel: office.T("receipt.reference"), TimeLabel: office.T("receipt.time"),
			FieldLabels: labels(office), FieldValues: map[string]string{"municipality": m.Name(office.Lang())},
			Lines: []string{office.T("address.receipt.keep")}, VerifyHint: office.T("receipt.verify_hint"),
		},
	}, true
}

package public

import (
	"context"
	"errors"
	"time"

	"loket/server/bookings"
	"loket/server/locale"
	"loket/server/receipts"
)

// Reasons a token is not genuine, as the JSON API names them.
const (
	ReasonMalformed    = "malformed"
	ReasonBadSignature = "bad_signature"
	ReasonUnknownKey   = "unknown_key"
	reasonExpired      = "expired"
	// ReasonUnknownReceipt: the signature holds but the store has no such
	// receipt (a token from another installation's key, or lost data).
	ReasonUnknownReceipt = "unknown_receipt"
)

// RevokeReasons are the revocation reasons with a text of their own; the
// flows that revoke pass one of them, anything else reads as "other".
var RevokeReasons = map[string]bool{"booking_cancelled": true, "booking_moved": true, "reissued": true, "other": true}

// receiptState is what a token says about its receipt: the one answer the
// page, the JSON API and the PDF guard share.
type receiptState struct {
	Genuine bool
	// Reason is why it is not genuine (one of the reason* codes).
	Reason  string
	Receipt receipts.Receipt
}

// checkReceipt verifies a token and loads its receipt. A broken token is
// an answer, not an error; only a failing store is an error.
func (h *Handler) checkReceipt(ctx context.Context, token string) (receiptState, error) {
	st, err := h.Receipts.Check(ctx, token)
	switch {
	case errors.Is(err, receipts.ErrNotFound):
		return receiptState{Reason: ReasonUnknownReceipt}, nil
	case errors.Is(err, receipts.ErrMalformed):
		return receiptState{Reason: ReasonMalformed}, nil
	case errors.Is(err, receipts.ErrBadSignature):
		return receiptState{Reason: ReasonBadSignature}, nil
	case errors.Is(err, receipts.ErrUnknownKey):
		return receiptState{Reason: ReasonUnknownKey}, nil
	case errors.Is(err, receipts.ErrExpired):
		return receiptState{Reason: reasonExpired}, nil
	case err != nil:
		return receiptState{}, err
	}
	return receiptState{Genuine: true, Receipt: h.bookingRevocation(ctx, st.Receipt)}, nil
}

// bookingRevocation marks a booking receipt revoked when its booking was
// cancelled or moved since: the booking itself is the record, so no flow
// has to remember which receipts it printed.
func (h *Handler) bookingRevocation(ctx context.Context, r receipts.Receipt) receipts.Receipt {
	if r.Revoked || h.Bookings == nil || (r.Kind != receipts.KindBookingConfirmed && r.Kind != receipts.KindBookingMoved) {
		return r
	}
	ref, err := bookings.ParseReference(r.Reference)
	if err != nil {
		return r
	}
	b, err := h.Bookings.Booking(ctx, ref)
	switch {
	case err != nil:
		return r
	case b.Status == bookings.StatusCancelled:
		r.Revoked, r.RevokedReason, r.RevokedAt = true, "booking_cancelled", b.UpdatedAt
	case !b.Start.Truncate(time.Minute).Equal(r.At.Truncate(time.Minute)):
		r.Revoked, r.RevokedReason, r.RevokedAt = true, "booking_moved", b.UpdatedAt
	}
	return r
}

// revokeReason is the stored reason as one of the known codes.
func revokeReason(r receipts.Receipt) string {
	if RevokeReasons[r.RevokedReason] {
		return r.RevokedReason
	}
	return "other"
}

// message is the one-sentence verdict in the printer's language.
func (st receiptState) message(p *locale.Printer, loc *time.Location) string {
	switch {
	case st.Genuine && st.Receipt.Revoked:
		return p.T("receipt.verify.revoked", "date", p.Date(st.Receipt.RevokedAt.In(loc)))
	case st.Genuine:
		return p.T("receipt.verify.genuine")
	case st.Reason == reasonExpired:
		return p.T("receipt.verify.expired")
	}
	return p.T("receipt.verify.invalid")
}

// when writes a time out in the printer's language, in office time.
func when(p *locale.Printer, t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return p.Date(t) + " " + t.Format("15:04")
}

// Package public serves the applicants: the phone app's and the kiosk's
// pages (one registration each: the kiosk is a shell, like the language
// prefix), the call display in the hall, and the public JSON API
// (appointments, status lookup, receipts), which shares their views and
// refusals.
package public

import (
	"sync"
	"sync/atomic"

	"loket/forms"
	"loket/server/address"
	"loket/server/announce"
	"loket/server/bookings"
	"loket/server/cache"
	"loket/server/connlimit"
	"loket/server/content"
	"loket/server/dossiers"
	"loket/server/helpdesk"
	"loket/server/mandates"
	"loket/server/notify"
	"loket/server/receipts"
	"loket/server/web/kit"
)

// Handler serves the public pages and API. Set the exported fields (nil
// services leave their routes out of the site map), then call Init.
type Handler struct {
	*kit.Kit
	Forms    *forms.Set
	Content  *content.Library
	Bookings *bookings.Manager
	// Administration is who runs the offices and how to reach its
	// helpdesk, for the contact, privacy and accessibility pages.
	Administration bookings.Administration
	Receipts       *receipts.Service
	// Announcer speaks the call display's calls (nil: silent displays).
	Announcer *announce.Announcer
	Address   *address.Service
	Dossiers  *dossiers.Service
	Mandates  *mandates.Service
	Helpdesk  *helpdesk.Service
	// Notify takes the opt-ins ("tell me when this changes") and the
	// one-tap unsubscribe; nil leaves them out. VAPIDKey is the push key
	// pages subscribe with ("" when push is off).
	Notify   *notify.Service
	VAPIDKey string
	// Proofs records the proofs of work used, shared by every instance on
	// one database; nil: this instance's memory alone stops a replay.
	Proofs ProofLedger

	forms map[string]*forms.Form // see form
	book  *bookingState
	// receiptGuards may each let a request download a receipt's PDF.
	receiptGuards []receiptGuard
	// streams caps the queue event streams open at once.
	streams *connlimit.Gate
	// writes budgets the anonymous writes: see admitWrite.
	writes *writeGate
	// printed keeps sentences that lookups print again and again.
	printed *kit.Memo
	// receiptPages keeps rendered verification pages: see ReceiptShow.
	receiptPages *cache.Recent[[]byte]
	// displayMemos share rendered call-display events: office id -> *displayMemo.
	displayMemos sync.Map
	// times keeps the processing times' JSON and CSV of the snapshot.
	times atomic.Pointer[timesFiles]
}

// Init sets up the handler's own state; it fails when a form it draws
// has no definition.
func (h *Handler) Init() error {
	h.book = newBookingState(h.Config, h.Now)
	h.streams = newStreamGate(h.Config)
	h.writes = newWriteGate(h.Config, h.Secret, h.Now)
	h.printed = &kit.Memo{Max: 200000}
	h.receiptPages = cache.New[[]byte](receiptPagesKept)
	h.receiptGuards = []receiptGuard{h.receiptTokenGuard}
	return h.lookUpForms()
}

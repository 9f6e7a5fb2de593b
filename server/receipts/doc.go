// Package receipts issues, records, signs, verifies and prints Loket's
// receipts: booking confirmations, queue tickets, status printouts and the
// other kinds every flow hands out, as an A4 page or an 80 mm kiosk roll.
//
// Each receipt carries a QR code with a short signed token, so staff and
// visitors can check it offline with the published public keys, and online
// with the revocation state from the store. The caller passes already
// translated strings; this package does layout, shaping, QR and signing.
//
// PDFs are written with github.com/go-pdf/fpdf rather than jung-kurt/gofpdf:
// gofpdf is archived upstream, while go-pdf/fpdf is its API-compatible fork with fixes.
package receipts

// Package receipts issues, records, signs, verifies and prints Loket's
// receipts: booking confirmations, queue tickets, status printouts and the
// other kinds every flow hands out, as an A4 page or an 80 mm kiosk roll.
//
// Each receipt carries a QR code with a short signed token, so staff and
// visitors can check it offline with the published public keys, and online
// with the revocation state from the store. The caller passes already
// translated strings; this package does layout, shaping, QR and signing.
//
// Wiring: OpenKeyring on the store (the first start makes a key pair),
// New with the keyring and Config, then Issue, Get, Revoke, Check and PDF;
// Keyring.PublicKeys is the set for /.well-known/loket-receipt-keys.json
// and NewVerifier checks tokens with that set alone.
//
// PDFs are written with codeberg.org/go-pdf/fpdf, the maintained successor
// of jung-kurt/gofpdf (archived) and github.com/go-pdf/fpdf (archived in
// 2025, its later releases published on Codeberg): the same API.
package receipts

package receipts

import "github.com/skip2/go-qrcode"

// QRPNG draws text as a QR code PNG of size×size pixels (medium error
// correction). The staff console uses it for TOTP enrolment; it lives here
// because this package is the only one that imports the QR library.
func QRPNG(text string, size int) ([]byte, error) {
	return qrcode.Encode(text, qrcode.Medium, size)
}

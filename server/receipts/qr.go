package receipts

import (
	"fmt"
	"strings"

	"github.com/skip2/go-qrcode"
)

// The QR helpers live here because this package is the only one that
// imports the QR library.

// QRPNG draws text as a QR code PNG of size×size pixels (medium error
// correction). The staff console uses it for TOTP enrolment.
func QRPNG(text string, size int) ([]byte, error) {
	return qrcode.Encode(text, qrcode.Medium, size)
}

// QRSVG draws text as an inline SVG QR code: one path, crisp at any size
// and on a thermal printer. The HTML queue ticket uses it.
func QRSVG(text string) (string, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("receipts: qr: %w", err)
	}
	bits := q.Bitmap()
	n := len(bits)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" aria-hidden="true" focusable="false"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n, n, n)
	for y, row := range bits {
		for x, on := range row {
			if on {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}

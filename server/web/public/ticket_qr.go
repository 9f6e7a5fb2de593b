package public

import (
	"html/template"

	"loket/server/receipts"
)

// qrSVG is the HTML ticket's QR code (the printed PDF gets its own from
// the receipts service).
func qrSVG(text string) (template.HTML, error) {
	svg, err := receipts.QRSVG(text)
	return template.HTML(svg), err // drawn from bits only: nothing of text reaches the markup
}

package receipts

import (
	"bytes"
	"embed"
	"fmt"

	"github.com/go-text/typesetting/font"
)

// fontFiles are Noto Sans, Noto Sans Arabic and Noto Sans Ethiopic from
// Debian's fonts-noto-core (OFL-1.1, see fonts/OFL.txt).
//
//go:embed fonts/*.ttf
var fontFiles embed.FS

// faceID picks one of the embedded fonts. Regular and bold alternate, so
// regular+1 is the bold cut of the same family.
type faceID uint8

const (
	faceLatin faceID = iota
	faceLatinBold
	faceArabic
	faceArabicBold
	faceEthiopic
	faceEthiopicBold
	faceCount
)

var faceFiles = [faceCount]string{
	"fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf",
	"fonts/NotoSansArabic-Regular.ttf", "fonts/NotoSansArabic-Bold.ttf",
	"fonts/NotoSansEthiopic-Regular.ttf", "fonts/NotoSansEthiopic-Bold.ttf",
}

// parseFonts reads every embedded font; a Renderer does it once.
func parseFonts() ([faceCount]*font.Font, error) {
	var fonts [faceCount]*font.Font
	for i, name := range faceFiles {
		b, err := fontFiles.ReadFile(name)
		if err != nil {
			return fonts, fmt.Errorf("receipts: font %s: %w", name, err)
		}
		face, err := font.ParseTTF(bytes.NewReader(b))
		if err != nil {
			return fonts, fmt.Errorf("receipts: font %s: %w", name, err)
		}
		fonts[i] = face.Font
	}
	return fonts, nil
}

// isArabicScript covers the Arabic blocks used by Arabic, Persian and
// Pashto, presentation forms included.
func isArabicScript(r rune) bool {
	return r >= 0x0600 && r <= 0x06FF || r >= 0x0750 && r <= 0x077F || r >= 0x08A0 && r <= 0x08FF ||
		r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF
}

// isEthiopic covers the Ethiopic blocks (Tigrinya, Amharic).
func isEthiopic(r rune) bool {
	return r >= 0x1200 && r <= 0x139F || r >= 0x2D80 && r <= 0x2DDF || r >= 0xAB00 && r <= 0xAB2F
}

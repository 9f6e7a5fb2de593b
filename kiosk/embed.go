// Package kiosk holds the touchscreen front end: its layout, kiosk-only
// pages, styles and script. Kiosk pages that also exist on the phone reuse
// the PWA's page templates inside the kiosk layout.
package kiosk

import "embed"

// FS holds templates/ and static/.
//
//go:embed templates static
var FS embed.FS

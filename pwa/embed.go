// Package pwa holds the phone front end: page templates, styles, script,
// icons and the service worker, embedded into the binary.
package pwa

import "embed"

// FS holds templates/ and static/.
//
//go:embed templates static
var FS embed.FS

// Package translations embeds Loket's message catalogs (one JSON file per
// language) and its content files: information pages (info/) and dossier
// status texts (status/). Staff edit these files; no Go changes needed.
package translations

import "embed"

// FS holds every catalog and content file.
//
//go:embed *.json info status
var FS embed.FS

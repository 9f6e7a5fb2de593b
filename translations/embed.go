// Package translations embeds Loket's message catalogs (one JSON file per
// language) and its content files: information pages (info/) and dossier
// status texts (status/). Staff edit these files; no Go changes needed.
package translations

import "embed"

// FS holds every catalog and content file.
//
//go:embed *.json info status
var FS embed.FS

// Languages are the languages Loket must speak, in the order the language
// picker lists them: the official languages and English first, then by how
// many applicants read them. Every catalog and content file exists in each.
var Languages = []string{"nl", "fr", "de", "en", "ar", "fa", "ps", "ti", "so", "tr", "uk", "ru", "es"}

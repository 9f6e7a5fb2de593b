// Package dossiers is the dossier domain: procedures, statuses, lookups and
// the back-office feed.
package dossiers

// Procedures are the procedure keys of DOMAIN.md, in the order the office
// lists them.
var Procedures = []string{
	"asylum", "family", "study", "work", "short_stay",
	"regularisation", "statelessness", "return", "eu_citizen",
	"temporary_protection",
}

// IsProcedure reports whether key is a known procedure.
func IsProcedure(key string) bool {
	for _, p := range Procedures {
		if p == key {
			return true
		}
	}
	return false
}

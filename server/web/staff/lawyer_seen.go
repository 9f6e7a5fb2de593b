package staff

import "loket/server/mandates"

// allSeen is a visit state in which nothing is new, for exports.
func allSeen(clients []mandates.Client) mandates.Lawyer {
	l := mandates.Lawyer{Seen: make(map[string]int, len(clients))}
	for _, c := range clients {
		l.Seen[c.Dossier.Number] = len(c.Dossier.Events)
	}
	return l
}

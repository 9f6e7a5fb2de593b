package mandates

// DigestChanges lists the clients of lawyer whose dossier has events the
// previous daily digest did not count (a client the digest never counted
// is new, so it is listed), with the day of that digest.
func (s *Service) DigestChanges(lawyer string) ([]Client, string, error) {
	l, err := s.st.LawyerState(lawyer)
	if err != nil {
		return nil, "", err
	}
	cs, err := s.st.LawyerClients(lawyer)
	if err != nil {
		return nil, "", err
	}
	var out []Client
	for _, c := range cs {
		if n, ok := l.DigestSeen[c.Dossier.Number]; !ok || len(c.Dossier.Events) > n {
			out = append(out, c)
		}
	}
	return out, l.DigestDay, nil
}

// DigestSent counts every client's events as told, on day: the next digest
// lists what changes after now. With day "" it only counts (the lawyer
// just asked for the digest: it starts from what they see now).
func (s *Service) DigestSent(lawyer, day string) error {
	cs, err := s.st.LawyerClients(lawyer)
	if err != nil {
		return err
	}
	return s.st.UpdateLawyerState(lawyer, func(l *Lawyer) error {
		if day != "" {
			l.DigestDay = day
		}
		l.DigestSeen = make(map[string]int, len(cs))
		for _, c := range cs {
			l.DigestSeen[c.Dossier.Number] = len(c.Dossier.Events)
		}
		return nil
	})
}

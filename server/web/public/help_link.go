package public

// HelpStatus is the status code a result page shows, for the help link.
func (s *statusView) HelpStatus() string { return s.Status.Code }

package web

import "net/url"

// HelpURL is the "I need help" link of the page being drawn: it names the
// page (so the form opens on its subject) and, on a status result, the
// status shown, so staff never have to ask.
func (v *view) HelpURL() string {
	q := url.Values{"from": {v.Page}}
	if s, ok := v.Data.(interface{ HelpStatus() string }); ok && s.HelpStatus() != "" {
		q.Set("status", s.HelpStatus())
	}
	return v.URL("/help") + "?" + q.Encode()
}

// HelpStatus is the status code a result page shows, for the help link.
func (s *statusView) HelpStatus() string { return s.Status.Code }

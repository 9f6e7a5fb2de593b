package kit

import (
	"net/url"

	"loket/server/bookings"
)

type TimelineStep struct {
	Code     string `json:"code"`
	Title    string `json:"title"`
	Lang     string `json:"lang"`
	Date     string `json:"date"`
	DateText string `json:"date_text"`
	Note     string `json:"note,omitempty"`
	Current  bool   `json:"current,omitempty"`
}

// Contains reports whether list holds s, for checked boxes.
func (v *View) Contains(list []string, s string) bool { return containsString(list, s) }

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// HelpURL is the "I need help" link of the page being drawn: it names the
// page (so the form opens on its subject) and, on a status result, the
// status shown, so staff never have to ask.
func (v *View) HelpURL() string {
	q := url.Values{"from": {v.Page}}
	if s, ok := v.Data.(interface{ HelpStatus() string }); ok && s.HelpStatus() != "" {
		q.Set("status", s.HelpStatus())
	}
	return v.URL("/help") + "?" + q.Encode()
}

// TA is T with the arguments in a slice, for messages whose arguments a
// handler collected (a refusal's time and date).
func (v *View) TA(key string, args []any) string { return v.T(key, args...) }

// ServiceName is the name of a service of an office's queue in the page's
// language, as staff named it.
func (v *View) ServiceName(officeID, serviceID string) string {
	return v.h.ServiceName(v.Printer, officeID, serviceID)
}

// ServiceName is the name of a service of an office's queue in p's
// language, as staff named it (bookings.Service.NameIn).
func (h *Kit) ServiceName(p bookings.Translator, officeID, serviceID string) string {
	var names map[string]string
	if h.Queue != nil {
		if o, err := h.Queue.Office(officeID); err == nil {
			if l, ok := o.Service(serviceID); ok {
				names = l.Names
			}
		}
	}
	return bookings.Service{ID: serviceID, Names: names}.NameIn(p)
}

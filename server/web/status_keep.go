package web

import "strconv"

// keptStatus is what "keep this status on this phone" stores: the status
// texts exactly as the result page shows them, in their own language,
// with ISO dates that the page showing them later writes out in its own
// language. It goes to the script as JSON in a script element, never
// through an attribute, so no text is ever mangled as a URL.
type keptStatus struct {
	Title     string `json:"title"`
	Meaning   string `json:"meaning"`
	Todo      string `json:"todo"`
	Next      string `json:"next"`
	Procedure string `json:"procedure"`
	Since     string `json:"since"`
	Updated   string `json:"updated"`
	Lang      string `json:"lang"`
	Dir       string `json:"dir"`
}

// Kept is the record the result page offers to keep.
func (s *statusView) Kept() keptStatus {
	dir := "ltr"
	if s.Status.Lang == "ar" || s.Status.Lang == "fa" || s.Status.Lang == "ps" {
		dir = "rtl"
	}
	return keptStatus{Title: s.Status.Title, Meaning: s.Status.Meaning, Todo: s.Status.Action, Next: s.Status.Next,
		Procedure: s.ProcedureName, Since: s.Status.Since, Updated: s.Updated, Lang: s.Status.Lang, Dir: dir}
}

// keptLabels are the words around a kept status, in the language of the
// page that shows it (the lookup page or the offline page), and what the
// script needs to write its dates as the server does.
type keptLabels struct {
	Lang      string   `json:"lang"`
	Dir       string   `json:"dir"`
	Heading   string   `json:"heading"`
	Notice    string   `json:"notice"` // holds {date}
	Since     string   `json:"since"`  // holds {date}
	TodoLabel string   `json:"todo_label"`
	Forget    string   `json:"forget"`
	Forgotten string   `json:"forgotten"`
	Date      string   `json:"date"` // "{day} {month} {year}" in the sentence form
	Months    []string `json:"months"`
	Digits    string   `json:"digits"` // the language's 0 to 9
}

// KeptLabels are the labels of a kept status in the page's language.
func (v *view) KeptLabels() keptLabels {
	l := keptLabels{Lang: v.Lang(), Dir: v.Dir(), Heading: v.T("status.saved.heading"),
		Notice: v.T("status.saved.notice", "date", "{date}"), Since: v.T("status.result.since", "date", "{date}"),
		TodoLabel: v.T("status.result.action"), Forget: v.T("status.saved.forget"), Forgotten: v.T("status.saved.forgotten"),
		Date: v.T("date.inline", "day", "{day}", "month", "{month}", "year", "{year}"), Digits: v.Digits("0123456789")}
	for m := 1; m <= 12; m++ {
		l.Months = append(l.Months, v.T("date.month."+strconv.Itoa(m)))
	}
	return l
}

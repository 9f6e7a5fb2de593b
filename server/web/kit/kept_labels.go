package kit

import "strconv"

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
func (v *View) KeptLabels() keptLabels {
	l := keptLabels{Lang: v.Lang(), Dir: v.Dir(), Heading: v.T("status.saved.heading"),
		Notice: v.T("status.saved.notice", "date", "{date}"), Since: v.T("status.result.since", "date", "{date}"),
		TodoLabel: v.T("status.result.action"), Forget: v.T("status.saved.forget"), Forgotten: v.T("status.saved.forgotten"),
		Date: v.T("date.inline", "day", "{day}", "month", "{month}", "year", "{year}"), Digits: v.Digits("0123456789")}
	for m := 1; m <= 12; m++ {
		l.Months = append(l.Months, v.T("date.month."+strconv.Itoa(m)))
	}
	return l
}

package public

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

package kit

import (
	"loket/server/locale"
	"time"
)

// LanguageNames maps language codes to their names in p's language,
// followed by their own name: staff read "Arabisch (العربية)".
func (h *Kit) LanguageNames(p *locale.Printer) map[string]string {
	out := map[string]string{}
	for _, m := range h.Catalogs.Languages() {
		out[m.Code] = m.Name
		if name := p.LanguageName(m.Code); name != m.Name && m.Code != p.Lang() {
			out[m.Code] = name + " (" + m.Name + ")"
		}
	}
	return out
}

// helpTime is a moment in the offices' time zone, with ASCII digits.
func (h *Kit) OfficeTime(t time.Time) string {
	return t.In(h.Office).Format("2006-01-02 15:04")
}

// dateText writes a civil date out in the printer's language.
func (h *Kit) DateText(p *locale.Printer, day string) string {
	return h.dates.Get(p.Lang(), day, func() string {
		t, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return day
		}
		return p.Date(t)
	})
}

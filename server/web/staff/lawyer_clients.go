package staff

import (
	"cmp"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/mandates"
)

// clientRow is one dossier on a lawyer's dashboard, in their language.
type clientRow struct {
	Number string
	// Initial is the applicant's first-name initial the dossier keeps;
	// Label the lawyer's own reference for the client (their mandate's).
	Initial, Label string
	Procedure      string
	Status         string
	StatusLang     string
	Since          string // YYYY-MM-DD, for sorting and CSV
	SinceText      string
	Changed        bool
	Documents      []clientDoc
	NextDue        string // earliest open document deadline, "" without
	Appointment    string
	ApptAt         time.Time
}

type clientDoc struct {
	Name, Due, Text string
}

// clientSorts are the dashboard's sort orders (query parameter "sort").
var clientSorts = map[string]func(a, b clientRow) int{
	"changed": func(a, b clientRow) int {
		return cmp.Or(-cmp.Compare(boolInt(a.Changed), boolInt(b.Changed)), cmp.Compare(b.Since, a.Since), cmp.Compare(a.Number, b.Number))
	},
	"number": func(a, b clientRow) int { return cmp.Compare(a.Number, b.Number) },
	"status": func(a, b clientRow) int {
		return cmp.Or(cmp.Compare(a.Status, b.Status), cmp.Compare(a.Number, b.Number))
	},
	"since": func(a, b clientRow) int {
		return cmp.Or(cmp.Compare(b.Since, a.Since), cmp.Compare(a.Number, b.Number))
	},
	"deadline": func(a, b clientRow) int {
		return cmp.Or(cmp.Compare(boolInt(a.NextDue == ""), boolInt(b.NextDue == "")), cmp.Compare(a.NextDue, b.NextDue), cmp.Compare(a.Number, b.Number))
	},
}

// sortNames lists the sort orders in the order the dashboard offers them.
var sortNames = []string{"changed", "number", "status", "since", "deadline"}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// clientRows translates a lawyer's clients for the request's language;
// prev is the state of the lawyer's previous visit (changes are against it).
func (h *Handler) clientRows(c *fiber.Ctx, clients []mandates.Client, prev mandates.Lawyer, sortBy string) []clientRow {
	p := h.Printer(c)
	chain := h.Catalogs.Chain(p.Lang())
	cat := h.Dossiers.Catalog()
	now := h.Now()
	today := now.In(h.Office).Format(time.DateOnly)
	names := map[string]string{}
	rows := make([]clientRow, 0, len(clients))
	for _, cl := range clients {
		d := &cl.Dossier
		name, ok := names[d.Procedure]
		if !ok {
			if page, found := h.Content.Page(chain, d.Procedure); found {
				name = page.Title
			}
			names[d.Procedure] = name
		}
		t := cat.Text(chain, d.Procedure, d.Status)
		since := d.Entered()
		r := clientRow{Number: d.Number, Initial: d.Initial, Label: cl.Mandate.Label, Procedure: name, Status: t.Title, StatusLang: t.Lang, Since: since,
			SinceText: h.DateText(p, since), Changed: prev.Changed(cl)}
		for _, doc := range d.Documents {
			if doc.Due < today {
				continue
			}
			r.Documents = append(r.Documents, clientDoc{Name: p.T("status.document." + doc.Kind), Due: doc.Due,
				Text: h.DateText(p, doc.Due)})
			if r.NextDue == "" || doc.Due < r.NextDue {
				r.NextDue = doc.Due
			}
		}
		if ap := d.Appointment; ap != nil && ap.At.After(now) {
			local := ap.At.In(h.Office)
			r.ApptAt = ap.At
			r.Appointment = p.T("status.appointment.when", "date", h.DateText(p, local.Format(time.DateOnly)), "time", local.Format("15:04"))
		}
		rows = append(rows, r)
	}
	order, ok := clientSorts[sortBy]
	if !ok {
		order = clientSorts["changed"]
	}
	slices.SortFunc(rows, order)
	return rows
}

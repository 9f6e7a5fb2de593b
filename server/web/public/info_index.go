package public

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/content"
)

// infoList is what info_index.html and info_search.html print: the index
// lists the procedures and the other topics; the search page the pages
// that hold every word of the query.
type infoList struct {
	Intro              *content.Page
	Procedures, Topics []*content.Page
	Query              string
	Hits               []content.Hit
}

// PartsReviewed tells the layout whether the page texts the list shows
// (the intro, titles and summaries, search snippets) were checked by a
// translator; its messages must be too (kit.View.Reviewed).
func (d infoList) PartsReviewed() bool {
	if d.Intro != nil && !d.Intro.Reviewed {
		return false
	}
	for _, list := range [][]*content.Page{d.Procedures, d.Topics} {
		for _, p := range list {
			if !p.Reviewed {
				return false
			}
		}
	}
	for _, h := range d.Hits {
		if !h.Page.Reviewed {
			return false
		}
	}
	return true
}

// maxQuery bounds the search words a person can send, in bytes.
const maxQuery = 200

// infoIndex lists the information pages: the procedures, then the topics
// (reception, unaccompanied minors, ...), with the search form.
func (h *Handler) InfoIndex(c *fiber.Ctx) error {
	chain := h.Catalogs.Chain(h.Printer(c).Lang())
	d := infoList{}
	d.Intro, _ = h.Content.Page(chain, "index")
	for _, p := range h.Content.Index(chain) {
		if p.Meta.Procedure {
			d.Procedures = append(d.Procedures, p)
		} else {
			d.Topics = append(d.Topics, p)
		}
	}
	return h.RenderStatic(c, "info_index", "info.title", d)
}

// infoSearch searches the information pages in the person's language
// (then its fallback chain), without JavaScript: a GET form.
func (h *Handler) InfoSearch(c *fiber.Ctx) error {
	q := c.Query("q")
	if len(q) > maxQuery {
		q = strings.ToValidUTF8(q[:maxQuery], "") // a cut rune is dropped
	}
	d := infoList{Query: strings.Clone(q)} // Fiber reuses the buffer behind q
	if q != "" {
		d.Hits = h.Content.Search(h.Catalogs.Chain(h.Printer(c).Lang()), d.Query)
	}
	return h.Render(c, "info_search", "search.title", d)
}

package staff

import (
	"encoding/xml"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
)

// atomFeed is the lawyer's private feed: dossier numbers and status titles
// only, so a leaked URL leaks as little as possible.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID      string `xml:"id"`
	Title   string `xml:"title"`
	Updated string `xml:"updated"`
	Summary string `xml:"summary"`
}

// feedEntries is how many of the latest changes the feed carries.
const feedEntries = 200

// lawyerFeed is GET /feeds/lawyer/{secret}.atom: every status change of
// the lawyer's live clients, newest first. A wrong or revoked secret is 404.
func (h *Handler) LawyerFeed(c *fiber.Ctx) error {
	lawyer, ok, err := h.Mandates.FeedLawyer(c.Params("secret"))
	if err != nil {
		return err
	}
	if !ok {
		return fiber.ErrNotFound
	}
	clients, err := h.Mandates.Clients(lawyer)
	if err != nil {
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: lawyer, Action: "lawyer.feed_read", Channel: audit.ChannelLawyer,
		Detail: strconv.Itoa(len(clients)) + " dossiers"}); err != nil {
		return err
	}
	p := h.Printer(c)
	chain := h.Catalogs.Chain(p.Lang())
	cat := h.Dossiers.Catalog()
	f := atomFeed{Lang: p.Lang(), ID: "urn:loket:lawyer-feed:" + lawyer, Title: p.T("lawyer.feed.title"),
		Author: atomAuthor{Name: p.T("staff.name")}, Updated: "1970-01-01T00:00:00Z"}
	for _, cl := range clients {
		d := cl.Dossier
		for i, e := range d.Events {
			day, err := time.Parse(time.DateOnly, e.Date)
			if err != nil {
				continue
			}
			if day.Before(cl.Mandate.Created.Truncate(24*time.Hour).AddDate(0, 0, -30)) {
				continue // changes from long before the mandate are history, not news
			}
			t := cat.Text(chain, d.Procedure, e.Code)
			f.Entries = append(f.Entries, atomEntry{ID: "urn:loket:dossier:" + d.Number + ":" + strconv.Itoa(i),
				Title: d.Number + ": " + t.Title, Updated: day.UTC().Format(time.RFC3339), Summary: t.Title})
		}
	}
	slices.SortFunc(f.Entries, func(a, b atomEntry) int {
		if a.Updated != b.Updated {
			if a.Updated > b.Updated {
				return -1
			}
			return 1
		}
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	if len(f.Entries) > feedEntries {
		f.Entries = f.Entries[:feedEntries]
	}
	if len(f.Entries) > 0 {
		f.Updated = f.Entries[0].Updated
	}
	out, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/atom+xml; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	c.Set("X-Robots-Tag", "noindex")
	return c.Send(append([]byte(xml.Header), out...))
}

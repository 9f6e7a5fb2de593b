package staff

import (
	"encoding/xml"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
)

// atomFeed is the lawyer's private feed (RFC 4287): dossier numbers and
// status titles only, so a leaked URL leaks as little as possible. The
// feed links to itself (rel="self") and to the lawyer's dashboard; each
// entry to the dossier's page in the console (rel="alternate", 4.1.2),
// with the change as its content in the lawyer's language.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Link    atomLink    `xml:"link"`
	Content atomContent `xml:"content"`
}

// atomContent is text in the language it is really in (a status text may
// come from the language's fallback).
type atomContent struct {
	Type string `xml:"type,attr"`
	Lang string `xml:"xml:lang,attr"`
	Text string `xml:",chardata"`
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
	site := h.Config.BaseURL + "/" + p.Lang()
	f := atomFeed{Lang: p.Lang(), ID: "urn:loket:lawyer-feed:" + lawyer, Title: p.T("lawyer.feed.title"),
		Author: atomAuthor{Name: p.T("staff.name")}, Updated: "1970-01-01T00:00:00Z",
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: site + "/feeds/lawyer/" + c.Params("secret") + ".atom"},
			{Rel: "alternate", Type: "text/html", Href: site + "/staff/lawyer"},
		}}
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
			lang := t.Lang
			if lang == "" {
				lang = p.Lang()
			}
			f.Entries = append(f.Entries, atomEntry{ID: "urn:loket:dossier:" + d.Number + ":" + strconv.Itoa(i),
				Title: d.Number + ": " + t.Title, Updated: day.UTC().Format(time.RFC3339),
				Link:    atomLink{Rel: "alternate", Type: "text/html", Href: site + "/staff/lawyer/dossiers/" + d.Number},
				Content: atomContent{Type: "text", Lang: lang, Text: t.Title}})
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

package backoffice

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/address"
	"loket/server/locale"
	"loket/server/refusal"
	"loket/server/web/kit"
)

// exportItem is one notification in the back-office export.
type exportItem struct {
	Reference         string          `json:"reference"`
	Created           time.Time       `json:"created"`
	Municipality      string          `json:"municipality"`
	Status            string          `json:"status"`
	BackofficeStatus  string          `json:"backoffice_status,omitempty"`
	Surname           string          `json:"surname"`
	GivenNames        string          `json:"given_names,omitempty"`
	BirthDate         string          `json:"birth_date"`
	Nationality       string          `json:"nationality"`
	NationalityAlpha2 string          `json:"nationality_alpha2"`
	Document          exportDocument  `json:"document"`
	EntryDate         string          `json:"entry_date"`
	Address           exportAddress   `json:"address"`
	DepartureDate     string          `json:"departure_date"`
	Phone             string          `json:"phone,omitempty"`
	Email             string          `json:"email,omitempty"`
	PreviousReference string          `json:"previous_reference,omitempty"`
	ReplacedBy        string          `json:"replaced_by,omitempty"`
	Receipt           exportReceiptID `json:"receipt"`
}

type exportDocument struct {
	Type   string `json:"type"`
	Number string `json:"number"`
}

type exportAddress struct {
	Street   string `json:"street"`
	Number   string `json:"number"`
	Box      string `json:"box,omitempty"`
	Postcode string `json:"postcode"`
}

type exportReceiptID struct {
	ID string `json:"id"`
}

type exportPage struct {
	Items      []exportItem `json:"items"`
	NextCursor string       `json:"next_cursor,omitempty"`
}

func (h *Handler) exportItem(n address.Notification) exportItem {
	k, _ := h.Address.Countries().Get(n.Nationality)
	return exportItem{
		Reference: n.Ref.String(), Created: n.Created, Municipality: n.Municipality, Status: n.Status,
		BackofficeStatus: n.Backoffice, Surname: n.Surname, GivenNames: n.GivenNames, BirthDate: n.BirthDate,
		Nationality: k.Alpha3, NationalityAlpha2: n.Nationality,
		Document: exportDocument{n.DocType, n.DocNumber}, EntryDate: n.EntryDate,
		Address:       exportAddress{n.Street, n.Number, n.Box, n.Postcode},
		DepartureDate: n.DepartureDate, Phone: n.Phone, Email: n.Email,
		PreviousReference: n.Previous.String(), ReplacedBy: n.SupersededBy.String(),
		Receipt: exportReceiptID{n.ReceiptID},
	}
}

// backofficeAddressExport pages through the notifications made since a
// time: ?since=2026-05-01 or RFC 3339, &cursor= from the previous page,
// &limit= up to 500. Each notification comes exactly once.
func (h *Handler) BackofficeAddressExport(c *fiber.Ctx) error {
	var (
		since time.Time
		err   error
	)
	if s := c.Query("since"); s != "" {
		if since, err = time.Parse(time.RFC3339, s); err != nil {
			d, derr := time.ParseInLocation(time.DateOnly, s, h.Office)
			if derr != nil {
				return h.APIFail(c, fiber.StatusBadRequest, "bad_request", locale.NewError("error.bad_request.text"),
					refusal.Field{Field: "since", Code: "date_format", Key: "form.error.date_format"})
			}
			since = d
		}
	}
	limit := 0
	if l := c.Query("limit"); l != "" {
		if limit, err = strconv.Atoi(l); err != nil || limit < 1 {
			return fiber.ErrBadRequest
		}
	}
	page, err := h.Address.Export(c.UserContext(), since, c.Query("cursor"), limit)
	if errors.Is(err, address.ErrBadCursor) {
		return fiber.ErrBadRequest
	}
	if err != nil {
		return err
	}
	if err := h.RecordView(c, actor(c), "address.export", "count="+strconv.Itoa(len(page.Items))); err != nil {
		return err
	}
	out := exportPage{Items: make([]exportItem, 0, len(page.Items)), NextCursor: page.Next}
	for _, n := range page.Items {
		out.Items = append(out.Items, h.exportItem(n))
	}
	return kit.SendJSON(c, out)
}

// backofficeAddressStatus sets the back office's status of one
// notification: {"status": "matched" | "to_check"}.
func (h *Handler) BackofficeAddressStatus(c *fiber.Ctx) error {
	var body struct {
		Status string `json:"status"`
	}
	if ok, err := h.DecodeJSON(c, &body); !ok {
		return err
	}
	n, err := h.Address.SetBackoffice(c.UserContext(), c.Params("ref"), body.Status)
	switch {
	case errors.Is(err, address.ErrNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, address.ErrBadStatus):
		return h.APIFail(c, fiber.StatusUnprocessableEntity, "invalid", locale.NewError("error.invalid.text"),
			refusal.Field{Field: "status", Code: "option", Key: "form.error.option"})
	case err != nil:
		return err
	}
	if err := h.RecordView(c, actor(c), "address.backoffice."+body.Status, string(n.Ref)); err != nil {
		return err
	}
	return kit.SendJSON(c, h.exportItem(n))
}

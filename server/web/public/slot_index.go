package public

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/bookings"
	"loket/server/locale"
)

// slotRangeMax is the most days one slot listing covers.
const slotRangeMax = 120

// slotsJSON is the API's slot listing: every day in [from, to), also the
// days without a free slot, with the reason as a key and as text.
type slotsJSON struct {
	Office  string    `json:"office"`
	Service string    `json:"service"`
	From    string    `json:"from"`
	To      string    `json:"to"`
	Days    []dayJSON `json:"days"`
}

type dayJSON struct {
	Date       string     `json:"date"`
	Label      string     `json:"label"`
	Reason     string     `json:"reason,omitempty"`
	ReasonText string     `json:"reason_text,omitempty"`
	Holiday    string     `json:"holiday,omitempty"`
	Slots      []slotJSON `json:"slots"`
}

// slotJSON is one slot: its instant in UTC (the value to book with) and
// its wall-clock time at the office; the day gives the date.
type slotJSON struct {
	Start     time.Time `json:"start"`
	Time      string    `json:"time"`
	Remaining int       `json:"remaining"`
}

// IsoDate writes d as 2006-01-02 without fmt: it is part of every slot
// listing's cache key.
func IsoDate(d bookings.Date) string {
	b := make([]byte, 0, 10)
	b = strconv.AppendInt(b, int64(d.Year), 10)
	b = append(b, '-', byte('0'+d.Month/10), byte('0'+d.Month%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
	return string(b)
}

// daysBetween counts the calendar days from a to b.
func daysBetween(a, b bookings.Date) int {
	return int(b.At(12*60, time.UTC).Sub(a.At(12*60, time.UTC)).Hours() / 24)
}

// slotIndexAPI lists the slots of one office-service. The rendered JSON is
// cached until a booking of that office-service changes or the minute
// turns, so a listing read by many costs one store read.
func (h *Handler) SlotIndexAPI(c *fiber.Ctx) error {
	officeID, serviceID := c.Query("office"), c.Query("service")
	o, err := h.Bookings.Office(officeID)
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	if _, ok := o.Service(serviceID); !ok {
		return h.bookingAPIFail(c, bookings.ErrUnknownService)
	}
	loc, err := o.Location()
	if err != nil {
		return err
	}
	now := h.Now()
	p := h.Printer(c)
	from, to := bookings.DateOf(now, loc), bookings.Date{}
	if s := c.Query("from"); s != "" {
		if from, err = bookings.ParseDate(s); err != nil {
			return h.FieldFail(c, "from", "date_format", locale.NewError("form.error.date_format"))
		}
	}
	to = from.AddDays(7)
	if s := c.Query("to"); s != "" {
		if to, err = bookings.ParseDate(s); err != nil {
			return h.FieldFail(c, "to", "date_format", locale.NewError("form.error.date_format"))
		}
	}
	n := daysBetween(from, to)
	if n < 1 || n > slotRangeMax {
		return h.FieldFail(c, "to", "range", locale.NewError("booking.error.range", "max", slotRangeMax))
	}
	// The change count is read before the store, so a booking made while
	// the listing is built leaves a stale entry that is never served.
	key := slotKey{office: o.ID, service: serviceID, from: IsoDate(from), to: IsoDate(to), lang: p.Lang()}
	changes, minute := h.Bookings.Changes(o.ID, serviceID), now.Unix()/60
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	if e, ok := h.book.slots.Get(key, changes, minute); ok {
		return sendSlots(c, e)
	}
	days, err := h.Bookings.Days(c.UserContext(), o.ID, serviceID, from, n)
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	out := slotsJSON{Office: o.ID, Service: serviceID, From: key.from, To: key.to, Days: make([]dayJSON, 0, len(days))}
	for _, d := range days {
		dj := dayJSON{Date: d.Date.String(), Label: p.Date(d.Date.At(12*60, loc)), Slots: make([]slotJSON, 0, len(d.Slots))}
		if d.Reason != "" {
			dj.Reason, dj.ReasonText = strings.TrimPrefix(d.Reason, "booking.day."), p.T(d.Reason)
		}
		if d.Holiday != "" {
			dj.Holiday = p.T(d.Holiday)
		}
		for _, s := range d.Slots {
			dj.Slots = append(dj.Slots, slotJSON{Start: s.Start, Time: s.Local.Format("15:04"), Remaining: s.Remaining})
		}
		out.Days = append(out.Days, dj)
	}
	body, err := json.Marshal(out)
	if err != nil {
		return err
	}
	e := slotEntry{changes: changes, minute: minute, body: body, gzipped: gzipBytes(body)}
	h.book.slots.put(key, e)
	return sendSlots(c, e)
}

// sendSlots sends a listing, compressed once and kept so when the client
// takes gzip (phones on prepaid data do): eight weeks shrink about tenfold.
func sendSlots(c *fiber.Ctx, e slotEntry) error {
	c.Vary(fiber.HeaderAcceptEncoding)
	if e.gzipped != nil && c.Request().Header.HasAcceptEncoding("gzip") {
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return c.Send(e.gzipped)
	}
	return c.Send(e.body)
}

// gzipBytes compresses b; nil if it cannot (then the plain body is sent).
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil
	}
	if err := zw.Close(); err != nil {
		return nil
	}
	return buf.Bytes()
}

// slotLink is one free slot on a page.
type slotLink struct {
	Date, Time string
	Start      string // RFC 3339, UTC: the value a booking posts
	Remaining  int
	Path       string // the booking form for this slot
}

type dayLinks struct {
	Label, Reason, Holiday string
	Slots                  []slotLink
}

// newDayLinks is a day's heading and why it is closed, if it is; the
// caller adds the slots it offers.
func newDayLinks(p *locale.Printer, d bookings.Day, loc *time.Location) dayLinks {
	dl := dayLinks{Label: p.Date(d.Date.At(12*60, loc))}
	if d.Reason != "" {
		dl.Reason = p.T(d.Reason)
	}
	if d.Holiday != "" {
		dl.Holiday = p.T(d.Holiday)
	}
	return dl
}

// slotsPage is what the slot page and the booking form show.
type slotsPage struct {
	Office   officeView
	Service  serviceView
	Next     []slotLink
	Days     []dayLinks
	Prev     string
	NextWeek string
}

func newSlotLink(o bookings.Office, serviceID string, s bookings.Slot, p *locale.Printer) slotLink {
	start := s.Start.UTC().Format(time.RFC3339)
	return slotLink{Date: p.Date(s.Local), Time: s.Local.Format("15:04"), Start: start, Remaining: s.Remaining,
		Path: fmt.Sprintf("/appointments/%s/%s/book?start=%s", o.ID, serviceID, url.QueryEscape(start))}
}

// NextFreeCount is how many next free times pages offer.
const NextFreeCount = 5

// nextFree is the next free slots from now, as links.
func (h *Handler) nextFree(c *fiber.Ctx, o bookings.Office, serviceID string, p *locale.Printer) ([]slotLink, error) {
	slots, err := h.Bookings.NextFree(c.UserContext(), o.ID, serviceID, h.Now(), NextFreeCount)
	if err != nil {
		return nil, err
	}
	var out []slotLink
	for _, s := range slots {
		out = append(out, newSlotLink(o, serviceID, s, p))
	}
	return out, nil
}

// officeService finds the office and service named in the path.
func (h *Handler) officeService(c *fiber.Ctx) (bookings.Office, bookings.Service, bool) {
	o, err := h.Bookings.Office(c.Params("office"))
	if err != nil {
		return o, bookings.Service{}, false
	}
	s, ok := o.Service(c.Params("service"))
	return o, s, ok
}

// slotIndex is the slot page: the next free times first, then one week,
// Monday to Sunday, with every day shown and the reason a day has none.
func (h *Handler) SlotIndex(c *fiber.Ctx) error {
	o, s, ok := h.officeService(c)
	if !ok {
		return fiber.ErrNotFound
	}
	loc, err := o.Location()
	if err != nil {
		return err
	}
	p := h.Printer(c)
	today := bookings.DateOf(h.Now(), loc)
	monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
	last := today.AddDays(s.HorizonDays)
	week := monday
	if w, err := bookings.ParseDate(c.Query("week")); err == nil && !w.Before(monday) && !last.Before(w) {
		week = w.AddDays(-((int(w.Weekday()) + 6) % 7))
	}
	data := slotsPage{Office: newOfficeView(o, p), Service: newServiceView(s, p)}
	if data.Next, err = h.nextFree(c, o, s.ID, p); err != nil {
		return err
	}
	days, err := h.Bookings.Days(c.UserContext(), o.ID, s.ID, week, 7)
	if err != nil {
		return err
	}
	for _, d := range days {
		dl := newDayLinks(p, d, loc)
		for _, sl := range d.Slots {
			if sl.Remaining > 0 {
				dl.Slots = append(dl.Slots, newSlotLink(o, s.ID, sl, p))
			}
		}
		data.Days = append(data.Days, dl)
	}
	base := fmt.Sprintf("/appointments/%s/%s?week=", o.ID, s.ID)
	if monday.Before(week) {
		data.Prev = base + week.AddDays(-7).String()
	}
	if week.AddDays(7).Before(last) {
		data.NextWeek = base + week.AddDays(7).String()
	}
	return h.Render(c, "slots", "booking.slots.title", data)
}

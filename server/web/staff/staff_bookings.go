package staff

import (
	"net/url"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/bookings"
	"loket/server/web/kit"
)

// burstSize and burstWindow define a burst: more than burstSize bookings
// from one client fingerprint within burstWindow.
const (
	burstSize   = 5
	burstWindow = 10 * time.Minute
)

// Bursts finds the fingerprints that made a burst of bookings.
func Bursts(bs []bookings.Booking) map[string]bool {
	byClient := map[string][]time.Time{}
	for _, b := range bs {
		if b.Client != "" {
			byClient[b.Client] = append(byClient[b.Client], b.CreatedAt)
		}
	}
	out := map[string]bool{}
	for client, ts := range byClient {
		slices.SortFunc(ts, time.Time.Compare)
		for i := range ts {
			if i+burstSize < len(ts) && ts[i+burstSize].Sub(ts[i]) <= burstWindow {
				out[client] = true
				break
			}
		}
	}
	return out
}

type staffRow struct {
	Ref, Time, Created, Client, Status string
	Burst, Active                      bool
}

type staffService struct {
	Name string
	Rows []staffRow
}

// staffBookings is the day sheet of one office: bookings per service with
// their creation time and client fingerprint, Bursts flagged. Only staff
// of the office see it; without ?office= it is the first office they serve.
func (h *Handler) StaffBookings(c *fiber.Ctx) error {
	offices := h.Bookings.Offices()
	officeID := c.Query("office")
	for _, of := range offices {
		if officeID == "" && h.officeStaff(c, of.ID) {
			officeID = of.ID
		}
	}
	o, err := h.Bookings.Office(officeID)
	if err != nil {
		return fiber.ErrNotFound
	}
	if !h.officeStaff(c, o.ID) {
		return fiber.ErrForbidden
	}
	loc, err := o.Location()
	if err != nil {
		return err
	}
	day := bookings.DateOf(h.Now(), loc)
	if d, err := bookings.ParseDate(c.Query("date")); err == nil {
		day = d
	}
	list, err := h.Bookings.DayBookings(c.UserContext(), o.ID, day)
	if err != nil {
		return err
	}
	made, err := h.Bookings.BookingsCreated(c.UserContext(), o.ID, day.At(0, loc), day.AddDays(1).At(0, loc))
	if err != nil {
		return err
	}
	flagged := Bursts(append(slices.Clone(list), made...))
	p := h.Printer(c)
	var services []staffService
	for _, s := range o.Services {
		ss := staffService{Name: s.NameIn(p)}
		for _, b := range list {
			if b.ServiceID != s.ID {
				continue
			}
			ss.Rows = append(ss.Rows, staffRow{Ref: b.Ref.String(), Time: b.Start.In(loc).Format("15:04"),
				Created: b.CreatedAt.In(loc).Format("2006-01-02 15:04:05"), Client: b.Client, Status: string(b.Status),
				Burst: flagged[b.Client], Active: b.Active()})
		}
		services = append(services, ss)
	}
	var officeList []kit.OfficeBrief
	for _, of := range offices {
		if h.officeStaff(c, of.ID) {
			officeList = append(officeList, kit.OfficeBrief{ID: of.ID, Name: of.Name})
		}
	}
	return h.Render(c, "booking_staff", "booking.staff.heading", daySheetPage{
		staffPage: h.newStaffPage(c).withSwitch("/staff/bookings", o.ID, officeList, map[string]string{"date": day.String()}),
		Office:    o.ID, OfficeName: o.Name, Date: day.String(),
		DateLabel: p.Date(day.At(12*60, loc)), Services: services, BurstSize: burstSize,
	})
}

// daySheetPage is what booking_staff.html prints.
type daySheetPage struct {
	staffPage
	Office, OfficeName, Date, DateLabel string
	Services                            []staffService
	BurstSize                           int
}

// staffBookingCancel cancels a booking from the day sheet, in the name of
// the signed-in account, then shows the sheet again. Staff cancel only
// their own offices' bookings.
func (h *Handler) StaffBookingCancel(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	ref, err := bookings.ParseReference(posted.Get("reference"))
	if err != nil {
		return fiber.ErrBadRequest
	}
	me, _ := h.Account(c)
	b, err := h.Bookings.Booking(c.UserContext(), ref)
	if err == nil {
		if !h.officeStaff(c, b.OfficeID) {
			return fiber.ErrForbidden
		}
		_, err = h.Bookings.StaffCancel(c.UserContext(), ref, me.ID)
	}
	if err == nil {
		err = h.Record(c, audit.Entry{Actor: me.ID, Action: audit.ActionBookingCancel, Object: ref.String(), Detail: b.OfficeID})
	}
	if err != nil {
		return err
	}
	q := url.Values{"office": {posted.Get("office")}, "date": {posted.Get("date")}}
	return c.Redirect("/staff/bookings?"+q.Encode(), fiber.StatusSeeOther)
}

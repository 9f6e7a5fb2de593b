package staff

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/bookings"
	"loket/server/queue"
	"loket/server/web/kit"
)

// lateArrival is how long after its time an appointment that has not
// checked in still counts as to come.
const lateArrival = 30 * time.Minute

// officeLive is the part of the desk and overview pages that follows the
// office's event stream: the queues, the desks, the appointments to come.
type officeLive struct {
	// Events is the office's event stream; the page fetches itself again
	// after each event and swaps this part.
	Events       string
	Lines        []lineView
	Desks        []deskRow
	Appointments []appointmentRow
	// Bookings is false when the office takes no appointments here.
	Bookings bool
}

// lineView is one service's queue.
type lineView struct {
	ID, Letter, Longest, AverageWait string
	Served                           int
	Rows                             []waitingRow
}

// waitingRow is one waiting ticket; Kind is "priority", "appointment"
// (with its time) or "walk_in".
type waitingRow struct {
	Number, Since, Kind, Appointment string
}

// deskRow is one desk that called someone today.
type deskRow struct {
	Name string
	// Staff is the e-mail address of the account that made the latest
	// call; shown on the supervisor's overview only.
	Staff    string
	Serving  []servingRow
	Served   int
	LastCall string
}

// servingRow is a ticket a desk is serving.
type servingRow struct {
	Number, ServiceID, Since string
}

// appointmentRow is one appointment still to come today.
type appointmentRow struct {
	Time, ServiceID, Ref string
}

// officeLiveOf builds the live part for office o.
func (h *Handler) officeLiveOf(c *fiber.Ctx, o queue.Office) (officeLive, error) {
	ctx := c.UserContext()
	ov, err := h.Queue.Overview(ctx, o.ID)
	if err != nil {
		return officeLive{}, err
	}
	now := ov.At
	live := officeLive{Events: "/display/" + o.ID + "/events"}
	for _, s := range ov.Services {
		lv := lineView{ID: s.ID, Letter: s.Letter, Served: s.Served}
		if s.WaitKnown {
			lv.AverageWait = h.durationText(c, s.AverageWait)
		}
		var longest time.Duration
		for _, t := range s.Waiting {
			r := waitingRow{Number: t.Number, Since: h.durationText(c, now.Sub(t.Issued)), Kind: "walk_in"}
			switch {
			case t.Priority:
				r.Kind = "priority"
			case t.Kind == queue.KindAppointment:
				r.Kind, r.Appointment = "appointment", t.Appointment.In(o.Location).Format("15:04")
			}
			longest = max(longest, now.Sub(t.Issued))
			lv.Rows = append(lv.Rows, r)
		}
		if len(lv.Rows) > 0 {
			lv.Longest = h.durationText(c, longest)
		}
		live.Lines = append(live.Lines, lv)
	}
	staffName := h.staffNames(c)
	for _, d := range ov.Desks {
		name, err := staffName(d.Staff)
		if err != nil {
			return officeLive{}, err
		}
		dr := deskRow{Name: d.Name, Staff: name, Served: d.Served, LastCall: d.LastCall.In(o.Location).Format("15:04")}
		for _, t := range d.Serving {
			dr.Serving = append(dr.Serving, servingRow{Number: t.Number, ServiceID: t.ServiceID, Since: h.durationText(c, now.Sub(t.CalledAt))})
		}
		live.Desks = append(live.Desks, dr)
	}
	if h.Bookings == nil {
		return live, nil
	}
	if _, err := h.Bookings.Office(o.ID); err != nil {
		return live, nil
	}
	live.Bookings = true
	list, err := h.Bookings.DayBookings(ctx, o.ID, bookings.DateOf(now, o.Location))
	if err != nil {
		return officeLive{}, err
	}
	for _, b := range list {
		if !b.Active() || ov.Arrived[string(b.Ref)] || b.Start.Before(now.Add(-lateArrival)) {
			continue
		}
		live.Appointments = append(live.Appointments, appointmentRow{Time: b.Start.In(o.Location).Format("15:04"),
			ServiceID: b.ServiceID, Ref: b.Ref.String()})
	}
	return live, nil
}

// deskOverviewPage is what desk_overview.html prints: every desk of an
// office for its supervisor.
type deskOverviewPage struct {
	staffPage
	Office queue.Office
	Live   officeLive
}

// DeskOverview is the supervisor's live view of an office: who serves
// whom at which desk, the queue of each service with its waits, and the
// appointments still to come. Without ?office= it is the first office the
// account serves.
func (h *Handler) DeskOverview(c *fiber.Ctx) error {
	var briefs []kit.OfficeBrief
	id := c.Query("office")
	for _, o := range h.Queue.Offices() {
		if h.officeStaff(c, o.ID) {
			briefs = append(briefs, kit.OfficeBrief{ID: o.ID, Name: o.Name})
			if id == "" {
				id = o.ID
			}
		}
	}
	o, err := h.Queue.Office(id)
	if err != nil {
		return fiber.ErrNotFound
	}
	if !h.officeStaff(c, o.ID) {
		return fiber.ErrForbidden
	}
	live, err := h.officeLiveOf(c, o)
	if err != nil {
		return err
	}
	return h.Render(c, "desk_overview", "queue.overview.title", deskOverviewPage{
		staffPage: h.newStaffPage(c).withSwitch("/staff/desk/overview", o.ID, briefs, nil), Office: o, Live: live})
}

package staff

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/web/kit"
)

// staffPage is what every staff console page gets in its Data: who is
// signed in (nil before sign-in) for the menu, the offices' time, and an
// already translated error or notice.
type staffPage struct {
	Account *accounts.Account
	Error   string
	Notice  string
	// Clock is the time at the offices when the page was made ("14:05"),
	// Zone its zone ("CET, Europe/Brussels") and ClockISO the same instant
	// for the time element.
	Clock, Zone, ClockISO string
	// Switch is the office switcher of a page that shows one office; nil
	// on the others.
	Switch *officeSwitch
	// LawyerHelp: the lawyer's menu offers the help channel (the helpdesk
	// and mandates are on).
	LawyerHelp bool
}

// officeSwitch is the header's office picker: the page again, for another
// of the account's offices, keeping the page's other parameters.
type officeSwitch struct {
	Action  string
	Current string
	Offices []kit.OfficeBrief
	Keep    map[string]string
}

// Admin reports whether the menu shows the administration pages.
func (p staffPage) Admin() bool { return p.Account != nil && p.Account.Role == accounts.RoleAdmin }

// Has reports whether the signed-in account has one of the roles (the
// menu's guard: "helpdesk supervisor admin").
func (p staffPage) Has(roles ...string) bool {
	if p.Account == nil {
		return false
	}
	for _, r := range roles {
		if string(p.Account.Role) == r {
			return true
		}
	}
	return false
}

// newStaffPage fills staffPage for a request.
func (h *Handler) newStaffPage(c *fiber.Ctx) staffPage {
	now := h.Now().In(h.Office)
	p := staffPage{Clock: now.Format("15:04"), Zone: now.Format("MST") + ", " + h.Office.String(), ClockISO: now.Format("2006-01-02T15:04-07:00")}
	if a, ok := h.Account(c); ok {
		p.Account = &a
		p.LawyerHelp = a.Role == accounts.RoleLawyer && h.Helpdesk != nil && h.Mandates != nil
	}
	return p
}

// withSwitch adds the office switcher for a page at path showing office,
// listing the offices the account serves.
func (p staffPage) withSwitch(path, current string, offices []kit.OfficeBrief, keep map[string]string) staffPage {
	p.Switch = &officeSwitch{Action: path, Current: current, Offices: offices, Keep: keep}
	return p
}

// tr translates a key in the request's language, for messages made in Go.
func (h *Handler) tr(c *fiber.Ctx, key string, args ...any) string {
	return h.Printer(c).T(key, args...)
}

// MinPassword is the shortest password accepted, for hints.
func (p staffPage) MinPassword() int { return accounts.MinPassword }

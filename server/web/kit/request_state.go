package kit

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"loket/server/mandates"
	"loket/server/queue"
)

// The shells a page is drawn in.
const (
	ShellPWA   = "pwa"
	ShellKiosk = "kiosk"
	// ShellDisplay is the call display's full-screen layout.
	ShellDisplay = "display"
)

// localState is the one key of Fiber's Locals that Loket uses.
const localState = "loket"

// State is what the middleware learns about a request, set once and read
// through StateOf: no handler reads Fiber's Locals itself.
type State struct {
	// RequestID names the request in logs and on error pages.
	RequestID string
	// Lang is the request's language; Shell its layout (ShellPWA,
	// ShellKiosk, ShellDisplay); Path the path without shell and language
	// prefix.
	Lang, Shell, Path string
	// CSRF is the form token of the request's pages.
	CSRF string
	// API is set for /api/ requests: errors answer in JSON.
	API bool
	// Bearer names the back-office token that authenticated the request.
	Bearer string
	// LawyerToken is the lawyer API token that authenticated the request
	// (RequireLawyerToken).
	LawyerToken mandates.APIToken
	// account caches the staff session of the request (see Session).
	account *AccountLocal
	// kiosk is the registered kiosk that sent the request (RequireKiosk).
	kiosk *queue.Kiosk
	// form is the posted form, parsed once (PostedForm).
	form url.Values
	// switchForm is the id of the form whose typed values the language
	// picker posts again (KeepOnLanguageSwitch), or "".
	switchForm string
}

// StateOf is the request's state; it is made on first use, so errors
// raised before the middleware ran still find one.
func StateOf(c *fiber.Ctx) *State {
	if s, ok := c.Locals(localState).(*State); ok {
		return s
	}
	s := &State{Shell: ShellPWA}
	c.Locals(localState, s)
	return s
}

// Kiosk reports whether the request came through the kiosk shell.
func (s *State) Kiosk() bool { return s.Shell == ShellKiosk }

// RegisteredKiosk is the kiosk RequireKiosk admitted, if any.
func (s *State) RegisteredKiosk() (queue.Kiosk, bool) {
	if s.kiosk == nil {
		return queue.Kiosk{}, false
	}
	return *s.kiosk, true
}

// SetKiosk records the registered kiosk of the request.
func (s *State) SetKiosk(k queue.Kiosk) { s.kiosk = &k }

// ForgetAccount drops the cached session after it changed (second factor
// passed), so that the next read sees the new one.
func (s *State) ForgetAccount() { s.account = nil }

package kit

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// CookieLang remembers the language a person chose.
const CookieLang = "loket_lang"

// recoverPanics turns a panic into a 500 page and logs the stack (never
// sent to the client). Handlers should not panic; this is the last guard.
func (h *Kit) RecoverPanics(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			h.Log.Error("panic", "rid", StateOf(c).RequestID, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fiber.ErrInternalServerError
		}
	}()
	return c.Next()
}

func (h *Kit) RequestID(c *fiber.Ctx) error {
	var b [8]byte
	_, _ = rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	StateOf(c).RequestID = id
	c.Set("X-Request-Id", id)
	return c.Next()
}

// contentSecurityPolicy allows only Loket's own scripts, styles, images and
// connections; no inline script, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"connect-src 'self'; font-src 'self'; media-src 'self' blob:; manifest-src 'self'; worker-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func (h *Kit) SecurityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Set("Cross-Origin-Resource-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), payment=(), usb=()")
	if strings.HasPrefix(h.Config.BaseURL, "https://") {
		c.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
	return c.Next()
}

// accessLog logs the route pattern, not the path, so that nothing a person
// typed (a reference, a token) reaches the log; and no client address.
func (h *Kit) AccessLog(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		if fe, ok := err.(*fiber.Error); ok {
			status = fe.Code
		} else {
			status = fiber.StatusInternalServerError
		}
	}
	level := slog.LevelDebug
	if status >= 500 {
		level = slog.LevelError
	}
	if !h.Log.Enabled(c.UserContext(), level) {
		return err // the usual case: no debug log, so no boxing of fields
	}
	h.Log.Log(c.UserContext(), level, "request", "rid", StateOf(c).RequestID, "method", c.Method(),
		"route", c.Route().Path, "status", status, "ms", time.Since(start).Milliseconds())
	return err
}

// locate works out the shell (phone or kiosk) and the language of a
// request, and strips the /kiosk prefix and an explicit /{lang} segment
// from the path, so that the route table needs each page once: "/info",
// "/fr/info", "/kiosk/info" and "/kiosk/fr/info" all reach the route
// "/info", the shell and language in the request state. An explicit
// language is remembered in a cookie; otherwise the cookie, then
// Accept-Language, then the office default decide.
func (h *Kit) Locate(c *fiber.Ctx) error {
	// Fiber's strings point into a buffer that c.Path(override) rewrites:
	// work on a copy.
	p := strings.Clone(c.Path())
	shell, rewrite := ShellPWA, false
	if p == "/kiosk" || strings.HasPrefix(p, "/kiosk/") {
		shell, rewrite = ShellKiosk, true
		p = strings.TrimPrefix(p, "/kiosk")
	}
	lang := ""
	if seg, rest, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/"); h.Catalogs.Has(seg) {
		lang, p, rewrite = seg, "/"+rest, true
		// Only a page the person opens is their choice; the service
		// worker's background fetches of every language's offline page are not.
		if mode := c.Get("Sec-Fetch-Mode"); mode == "" || mode == "navigate" {
			h.rememberLang(c, lang)
		}
	}
	if rewrite {
		p = strings.TrimSuffix(p, "/")
		if p == "" {
			p = "/"
		}
		c.Path(p)
	}
	if lang == "" {
		lang = h.Negotiate(c)
	}
	StateOf(c).Lang = lang
	StateOf(c).Shell = shell
	StateOf(c).Path = p
	c.Vary("Accept-Language", "Cookie")
	return c.Next()
}

// PhoneOnly lets only requests of the phone's shell through: a route the
// site map registers for the phone alone is not found under /kiosk.
func PhoneOnly(c *fiber.Ctx) error {
	if StateOf(c).Kiosk() {
		return fiber.ErrNotFound
	}
	return c.Next()
}

// KioskOnly lets only requests under /kiosk through (the kiosk's own
// pages: registration, tickets, check-in).
func KioskOnly(c *fiber.Ctx) error {
	if !StateOf(c).Kiosk() {
		return fiber.ErrNotFound
	}
	return c.Next()
}

// negotiate picks the language from the cookie, Accept-Language or the
// default.
func (h *Kit) Negotiate(c *fiber.Ctx) string {
	if v := c.Cookies(CookieLang); h.Catalogs.Has(v) {
		return v
	}
	return h.Catalogs.Match(c.Get(fiber.HeaderAcceptLanguage))
}

func (h *Kit) rememberLang(c *fiber.Ctx, lang string) {
	if c.Cookies(CookieLang) == lang {
		return
	}
	c.Cookie(&fiber.Cookie{Name: CookieLang, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		SameSite: "Lax", Secure: strings.HasPrefix(h.Config.BaseURL, "https://")})
}

// requireJSON refuses API writes whose body is not JSON. Browsers cannot
// send JSON across sites without a preflight, so this also keeps the API
// out of reach of cross-site forms.
func (h *Kit) RequireJSON(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodPost, fiber.MethodPut, fiber.MethodPatch:
		ct := strings.ToLower(c.Get(fiber.HeaderContentType))
		if !strings.HasPrefix(ct, fiber.MIMEApplicationJSON) {
			return fiber.ErrUnsupportedMediaType
		}
	}
	Private(c)
	return c.Next()
}

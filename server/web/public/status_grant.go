package public

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/dossiers"
	"loket/server/web/kit"
)

// GrantTTL is how long a status lookup lets its browser see the result
// again, print it and give or take back a lawyer's access without
// answering the lookup secret again.
const GrantTTL = 15 * time.Minute

// cookieStatus holds the status grant: "number.expiry.mac". It is
// HttpOnly and SameSite=Strict, so neither a script nor another site's
// page can use it, and it never appears in a URL.
const cookieStatus = "loket_status"

// browserID is the random id of this browser (the CSRF cookie's), which
// a grant is bound to: a grant copied to another browser does not match
// that browser's id. "" when the browser has none yet.
func browserID(c *fiber.Ctx) string {
	id := c.Cookies(kit.CookieCSRF)
	if len(id) < 20 {
		return ""
	}
	return id
}

// grantStatus lets this browser see dossier number's result for GrantTTL:
// the lookup has just proved the secret. One dossier at a time: a new
// lookup replaces the grant.
func (h *Handler) grantStatus(c *fiber.Ctx, number string) {
	exp := h.Now().Add(GrantTTL)
	unix := strconv.FormatInt(exp.Unix(), 10)
	c.Cookie(&fiber.Cookie{Name: cookieStatus, Value: number + "." + unix + "." + h.grantMAC(number, unix, browserID(c)),
		Path: "/", Expires: exp, HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode,
		Secure: strings.HasPrefix(h.Config.BaseURL, "https://")})
}

// endStatusGrant drops the grant: "finish", or a kiosk's next visitor.
func (h *Handler) endStatusGrant(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: cookieStatus, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0),
		HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode, Secure: strings.HasPrefix(h.Config.BaseURL, "https://")})
}

func (h *Handler) grantMAC(number, exp, browser string) string {
	m := hmac.New(sha256.New, h.Secret)
	m.Write([]byte("status-grant:" + number + "|" + exp + "|" + browser))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// statusGranted returns the dossier number of this browser's valid,
// unexpired grant.
func (h *Handler) statusGranted(c *fiber.Ctx) (string, bool) {
	browser := browserID(c)
	parts := strings.Split(c.Cookies(cookieStatus), ".")
	if browser == "" || len(parts) != 3 || !dossiers.ValidNumber(parts[0]) {
		return "", false
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || h.Now().Unix() >= exp {
		return "", false
	}
	if !hmac.Equal([]byte(parts[2]), []byte(h.grantMAC(parts[0], parts[1], browser))) {
		return "", false
	}
	return parts[0], true
}

package public

import (
	"crypto/hmac"
	"crypto/sha256"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/config"
	"loket/server/pow"
	"loket/server/ratelimit"
	"loket/server/web/kit"
)

// Anonymous writes (issue 14 item 5): help requests, address
// notifications, status printouts and lawyer codes. Each kind has a budget
// per client address (-write-limit per -write-window) that needs nothing
// more, so a browser without JavaScript works as before; past it, a write
// needs a solved proof of work (docs/proof-of-work.md, from
// /api/v1/challenge, which pow.js fetches and solves before the form
// leaves; the forms carry the box for it only once the budget is spent),
// so a burst costs the sender work instead of hitting a wall.
// Challenges are limited per address too (-write-pow-limit), and each is
// accepted once.
const (
	writeHelp       = "help"
	writeAddress    = "address"
	writePrintout   = "printout"
	writeLawyerCode = "lawyer_code"
)

// writeGate holds the budgets and the proof-of-work guard of the
// anonymous writes.
type writeGate struct {
	free       map[string]*ratelimit.Limiter // per kind: writes without proof per address
	challenges *ratelimit.Limiter            // challenges per address
	pow        *pow.Guard
	// noBudget: -write-limit 0, every anonymous write needs a proof.
	noBudget bool
}

// writePoWLabel keeps these challenges apart from the bookings': one
// cannot be spent on the other.
const writePoWLabel = "write-pow"

func newWriteGate(cfg config.Config, secret []byte, now func() time.Time) *writeGate {
	g := &writeGate{free: map[string]*ratelimit.Limiter{}, noBudget: cfg.WriteLimit == 0,
		challenges: ratelimit.New(cfg.WritePoWLimit, cfg.WriteWindow, ratelimit.MaxKeys, now)}
	for _, kind := range []string{writeHelp, writeAddress, writePrintout, writeLawyerCode} {
		g.free[kind] = ratelimit.New(cfg.WriteLimit, cfg.WriteWindow, ratelimit.MaxKeys, now)
	}
	// The guard's key is derived from the handler's secret, not the secret
	// itself, which signs other things.
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(writePoWLabel))
	g.pow = pow.New(pow.Config{Secret: m.Sum(nil), Label: writePoWLabel, Now: now})
	return g
}

// admitWrite lets an anonymous write of kind through: with a solved
// challenge, or within the address's budget for kind. Otherwise it is 429
// with Retry-After (the page says when, and offers the help form and the
// contact page); nothing was written.
func (h *Handler) admitWrite(c *fiber.Ctx, kind, powToken, powSolution string) error {
	if powToken != "" && h.writes.pow.Verify(powToken, powSolution) == nil {
		return nil
	}
	ip := h.ClientIP(c)
	l := h.writes.free[kind]
	if l.Allow(ip) {
		return nil
	}
	return kit.TooMany(c, l, ip)
}

// needsProof says the next write of kind from this address needs a proof
// of work: its budget is spent. Forms then carry the proof-of-work box, so
// pow.js solves a challenge only when it is needed.
func (h *Handler) needsProof(c *fiber.Ctx, kind string) bool {
	return h.writes.noBudget || h.writes.free[kind].Wait(h.ClientIP(c)) > 0
}

// WriteChallenge is GET /api/v1/challenge: a proof-of-work challenge for
// one anonymous write past the address's budget.
func (h *Handler) WriteChallenge(c *fiber.Ctx) error {
	if ip := h.ClientIP(c); !h.writes.challenges.Allow(ip) {
		return kit.TooMany(c, h.writes.challenges, ip)
	}
	return kit.SendJSON(c, h.writes.pow.NewChallenge())
}

// withPoWFields adds the empty proof-of-work fields pow.js fills to a
// form's hidden fields.
func withPoWFields(hidden map[string]string) map[string]string {
	out := map[string]string{"pow_token": "", "pow_solution": ""}
	for k, v := range hidden {
		out[k] = v
	}
	return out
}

package staff

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/dossiers"
	"loket/server/locale"
	"loket/server/mandates"
	"loket/server/web/kit"
)

// RequireLawyerToken admits lawyer API calls that carry a live lawyer
// API token (Authorization: Bearer loket_lt_…). The token is never logged.
func (h *Handler) RequireLawyerToken(c *fiber.Ctx) error {
	plain, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	if ok && h.LawyerTokens != nil {
		t, found, err := h.LawyerTokens.Check(strings.TrimSpace(plain))
		if err != nil {
			return err
		}
		if found {
			kit.StateOf(c).LawyerToken = t
			return c.Next()
		}
	}
	c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="loket-lawyer"`)
	return h.APIFail(c, fiber.StatusUnauthorized, "unauthorized", locale.NewError("error.unauthorized.text"))
}

// tokenOf is the token RequireLawyerToken admitted.
func tokenOf(c *fiber.Ctx) mandates.APIToken { return kit.StateOf(c).LawyerToken }

// statusText gives a status's words in the reader's language chain.
func (h *Handler) statusText(c *fiber.Ctx) mandates.TextFunc {
	chain := h.Catalogs.Chain(h.Printer(c).Lang())
	cat := h.Dossiers.Catalog()
	return func(procedure, code string) dossiers.Text { return cat.Text(chain, procedure, code) }
}

// LawyerAPIDossiers is GET /api/v1/lawyer/dossiers[?changed_since=day]:
// the dossiers the token's lawyer holds a live mandate for. Audited.
func (h *Handler) LawyerAPIDossiers(c *fiber.Ctx) error {
	t := tokenOf(c)
	since := c.Query("changed_since")
	if since != "" {
		if _, err := time.Parse(time.DateOnly, since); err != nil {
			return h.APIFail(c, fiber.StatusBadRequest, "bad_request", locale.NewError("error.bad_request.text"))
		}
	}
	clients, err := h.Mandates.ChangedSince(t.Lawyer, since)
	if err != nil {
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: t.Lawyer, Action: "lawyer.api_list", Channel: audit.ChannelAPI,
		Detail: "token " + t.ID + ", " + strconv.Itoa(len(clients)) + " dossiers"}); err != nil {
		return err
	}
	text := h.statusText(c)
	out := struct {
		Dossiers     []mandates.DossierSummary `json:"dossiers"`
		ChangedSince string                    `json:"changed_since,omitempty"`
	}{Dossiers: make([]mandates.DossierSummary, 0, len(clients)), ChangedSince: since}
	for _, cl := range clients {
		out.Dossiers = append(out.Dossiers, mandates.Summary(cl, text))
	}
	return kit.SendJSON(c, out)
}

// LawyerAPIDossier is GET /api/v1/lawyer/dossiers/{number}: one dossier
// with a live mandate; any other number is 404, as one that does not
// exist. Audited, refusals too.
func (h *Handler) LawyerAPIDossier(c *fiber.Ctx) error {
	t := tokenOf(c)
	number := c.Params("number")
	cl, ok := mandates.Client{}, false
	if dossiers.ValidNumber(number) {
		var err error
		if cl, ok, err = h.Mandates.Allowed(t.Lawyer, number); err != nil {
			return err
		}
	}
	if !ok {
		if err := h.Record(c, audit.Entry{Actor: t.Lawyer, Action: "dossier.view_refused", Channel: audit.ChannelAPI,
			Object: trimObject(number), Detail: "token " + t.ID}); err != nil {
			return err
		}
		return h.APIFail(c, fiber.StatusNotFound, "not_found", locale.NewError("error.not_found.text"))
	}
	if err := h.Record(c, audit.Entry{Actor: t.Lawyer, Action: audit.ActionDossierView, Channel: audit.ChannelAPI,
		Object: number, Detail: "token " + t.ID + ", " + cl.Mandate.ID}); err != nil {
		return err
	}
	return kit.SendJSON(c, mandates.Detail(cl, h.statusText(c)))
}

// LawyerTokenPost makes ("create", with a name) or revokes ("revoke",
// with an id) one of the signed-in lawyer's API tokens; a new token is
// shown once on the dashboard.
func (h *Handler) LawyerTokenPost(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	switch posted.Get("action") {
	case "create":
		plain, t, err := h.LawyerTokens.Create(me.ID, posted.Get("name"))
		switch {
		case errors.Is(err, mandates.ErrTokenName):
			return h.renderLawyerPage(c, lawyerExtras{TokenError: "lawyer.api.error.name"})
		case errors.Is(err, mandates.ErrTooManyTokens):
			return h.renderLawyerPage(c, lawyerExtras{TokenError: "lawyer.api.error.too_many"})
		case err != nil:
			return err
		}
		if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "lawyer.token_new", Object: t.ID}); err != nil {
			return err
		}
		return h.renderLawyerPage(c, lawyerExtras{NewToken: plain})
	case "revoke":
		t, err := h.LawyerTokens.Revoke(me.ID, posted.Get("id"))
		if errors.Is(err, mandates.ErrTokenNotFound) {
			return fiber.ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "lawyer.token_revoke", Object: t.ID}); err != nil {
			return err
		}
		return h.renderLawyerPage(c, lawyerExtras{Notice: h.tr(c, "lawyer.api.revoked")})
	}
	return fiber.ErrBadRequest
}

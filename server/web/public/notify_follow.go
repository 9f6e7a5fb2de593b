package public

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/locale"
	"loket/server/notify"
	"loket/server/refusal"
	"loket/server/web/kit"
)

// followView is the "tell me when this changes" section of a page that has
// just shown a subject to the person who proved its secret: a grant for
// that one subject, the channels that are on, and the push key.
type followView struct {
	Grant string
	Key   string
	Push  bool
	Email bool
}

// follow builds the section; nil (none) on a kiosk, where nobody stays,
// and when no channel is configured.
func (h *Handler) follow(c *fiber.Ctx, subject notify.Subject) *followView {
	if h.Notify == nil || kit.StateOf(c).Kiosk() {
		return nil
	}
	push, email := h.Notify.Channels()
	if !push && !email {
		return nil
	}
	return &followView{Grant: h.Notify.Grant(subject), Key: h.VAPIDKey, Push: push && h.VAPIDKey != "", Email: email}
}

// notifyPage is the answer page of the opt-in and unsubscribe forms.
type notifyPage struct {
	Title, Text string
	// StopID is set on the unsubscribe page before the person confirms.
	StopID string
	Failed bool
}

// NotifyKey serves the VAPID public key pages subscribe with.
func (h *Handler) NotifyKey(c *fiber.Ctx) error {
	if h.VAPIDKey == "" {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return kit.SendJSON(c, map[string]string{"public_key": h.VAPIDKey})
}

// pushBody is what notify.js posts: the grant and the browser's
// PushSubscription as its toJSON() gives it.
type pushBody struct {
	Grant    string `json:"grant"`
	Endpoint string `json:"endpoint"`
	Keys     struct {
		P256dh string `json:"p256dh"`
		Auth   string `json:"auth"`
	} `json:"keys"`
}

// NotifyPushAPI stores a browser's push subscription for the grant's
// subject.
func (h *Handler) NotifyPushAPI(c *fiber.Ctx) error {
	if h.Notify == nil {
		return fiber.ErrNotFound
	}
	var b pushBody
	if ok, err := h.DecodeJSON(c, &b); !ok {
		return err
	}
	p := h.Printer(c)
	sub, err := h.Notify.SubscribePush(c.UserContext(), b.Grant, p.Lang(), notify.PushRequest{Endpoint: b.Endpoint, P256dh: b.Keys.P256dh, Auth: b.Keys.Auth})
	if err != nil {
		return h.notifyRefused(c, err)
	}
	kit.Private(c)
	return kit.SendJSON(c.Status(fiber.StatusCreated), map[string]string{"stop": kit.LocalURL(kit.ShellPWA, p.Lang(), "/notify/stop/"+sub.ID),
		"message": p.T("notify.follow.push_done")})
}

// notifyRefused answers a refused subscription in the person's language.
func (h *Handler) notifyRefused(c *fiber.Ctx, err error) error {
	r, ok := refusal.As(err)
	if !ok {
		return err
	}
	return h.APIFail(c, fiber.StatusUnprocessableEntity, "refused", locale.NewError(r.Key))
}

// NotifyEmail subscribes an e-mail address for the grant's subject.
func (h *Handler) NotifyEmail(c *fiber.Ctx) error {
	if h.Notify == nil {
		return fiber.ErrNotFound
	}
	form, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	kit.Private(c)
	p := h.Printer(c)
	_, err = h.Notify.SubscribeEmail(c.UserContext(), form.Get("grant"), p.Lang(), form.Get("email"))
	r, refused := refusal.As(err)
	switch {
	case refused:
		c.Status(fiber.StatusUnprocessableEntity)
		return h.Render(c, "notify_done", "notify.follow.title", notifyPage{Title: p.T("notify.follow.failed"), Text: p.T(r.Key), Failed: true})
	case err != nil:
		return err
	}
	return h.Render(c, "notify_done", "notify.follow.title", notifyPage{Title: p.T("notify.follow.email_done"), Text: p.T("notify.follow.email_done_text")})
}

// NotifyStopShow asks to confirm the one-tap unsubscribe (a GET never
// changes anything: mail scanners follow links).
func (h *Handler) NotifyStopShow(c *fiber.Ctx) error {
	kit.Private(c)
	p := h.Printer(c)
	return h.Render(c, "notify_done", "notify.stop.title", notifyPage{Title: p.T("notify.stop.title"), Text: p.T("notify.stop.text"), StopID: c.Params("id")})
}

// NotifyStop unsubscribes: from the page's button, or as RFC 8058's
// one-click POST from a mail program (which has no form token: the id in
// the URL is the capability).
func (h *Handler) NotifyStop(c *fiber.Ctx) error {
	if h.Notify == nil {
		return fiber.ErrNotFound
	}
	kit.Private(c)
	p := h.Printer(c)
	err := h.Notify.Stop(c.UserContext(), c.Params("id"))
	switch {
	case errors.Is(err, notify.ErrNotFound):
		c.Status(fiber.StatusNotFound)
		return h.Render(c, "notify_done", "notify.stop.title", notifyPage{Title: p.T("notify.stop.title"), Text: p.T("notify.error.not_found"), Failed: true})
	case err != nil:
		return err
	}
	return h.Render(c, "notify_done", "notify.stop.title", notifyPage{Title: p.T("notify.stop.done"), Text: p.T("notify.stop.done_text")})
}

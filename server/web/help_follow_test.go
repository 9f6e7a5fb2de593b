package web

import (
	"context"
	"html"
	"net/url"
	"strings"
	"testing"

	"loket/server/helpdesk"
	"loket/server/notify"
	"loket/translations"
)

// TestFollowHelpByEmail: the help request's receipt page offers "tell me
// when you answer" by e-mail; the address given there follows that one
// request, in the page's language, and the helpdesk's answer queues an
// e-mail to it. A bad address is refused in the asker's language and
// stores nothing.
func TestFollowHelpByEmail(t *testing.T) {
	e := newHelpEnv(t)
	svc, err := notify.NewService(e.store, notify.ServiceConfig{Rules: notify.SubscriptionRules{Langs: translations.Languages},
		GrantKey: []byte(testSecret), Email: true, Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	e.app = e.variant(t, func(d *Deps) { d.Notify = svc })
	b := e.browser(t)
	res, page := b.post("/uk/help", "/uk/help", validHelpForm())
	ref, grant := helpRef.FindStringSubmatch(page), followGrant.FindStringSubmatch(page)
	if res.StatusCode != 200 || ref == nil || grant == nil || !strings.Contains(page, html.EscapeString(e.deps.Catalogs.Printer("uk").T("notify.follow.title"))) {
		t.Fatalf("receipt page: %d, reference %v, follow form %v", res.StatusCode, ref, grant)
	}
	res, page = b.post("/uk/notify/email", "/uk/help", url.Values{"grant": {grant[1]}, "email": {"not an address"}})
	if res.StatusCode != 422 || !strings.Contains(page, html.EscapeString(e.deps.Catalogs.Printer("uk").T("notify.error.bad_email"))) {
		t.Fatalf("a bad address: %d", res.StatusCode)
	}
	if st, _ := e.store.OutboxStats(context.Background()); len(st.Subscriptions) != 0 {
		t.Fatalf("a refused address was stored: %v", st.Subscriptions)
	}
	res, page = b.post("/uk/notify/email", "/uk/help", url.Values{"grant": {grant[1]}, "email": {"olena@example.org"}})
	if res.StatusCode != 200 || !strings.Contains(page, html.EscapeString(e.deps.Catalogs.Printer("uk").T("notify.follow.email_done"))) {
		t.Fatalf("following by e-mail: %d", res.StatusCode)
	}
	ctx := context.Background()
	if _, err := e.desk.Reply(ctx, helpdesk.Viewer{ID: "a1", All: true}, ref[1], "Ваша картка готова.", "uk"); err != nil {
		t.Fatal(err)
	}
	ms, err := e.store.OutboxMessages(ctx, notify.StateQueued, 10)
	if err != nil || len(ms) != 1 || ms[0].Event != notify.EventHelpAnswered || ms[0].Channel != notify.ChannelEmail ||
		ms[0].Lang != "uk" || ms[0].Subject.Kind != notify.KindHelp {
		t.Fatalf("queued after the answer: %+v %v", ms, err)
	}
	sub, err := e.store.Subscription(ctx, ms[0].Subscription)
	if err != nil || sub.Email != "olena@example.org" {
		t.Fatalf("the answer goes to %+v (%v)", sub, err)
	}
}

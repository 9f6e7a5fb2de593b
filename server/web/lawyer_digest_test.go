package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"loket/server/accounts"
	"loket/server/mandates"
	"loket/server/notify"
	"loket/translations"
)

// TestLawyerDigestOptIn: a lawyer turns the daily e-mail digest on from
// the dashboard (to their account's address, in the page's language,
// counting from what they see now) and off again; the next digest lists
// only what changed after the opt-in.
func TestLawyerDigestOptIn(t *testing.T) {
	e := newLawyerEnv(t, nil, "")
	svc, err := notify.NewService(e.store, notify.ServiceConfig{Rules: notify.SubscriptionRules{Langs: translations.Languages},
		GrantKey: []byte(testSecret), Email: true, Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	e.app = e.variant(t, func(d *Deps) { d.Notify = svc })
	lawyer := e.addUser(t, "anna@firm.be", accounts.RoleLawyer)
	m := mandates.New(e.store, mandates.Options{Now: e.clock.Now})
	e.putDossier(t, "10000001", "1990-01-01", "received")
	if _, err := m.Register("10000001", lawyer.ID, lawyer.Email, "a0"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	anna := e.browser(t)
	anna.signIn("anna@firm.be", nil)
	if _, page := anna.Get("/fr/staff/lawyer"); !strings.Contains(page, e.t("fr", "lawyer.digest.start")) {
		t.Fatal("the dashboard offers no daily e-mail")
	}
	res, page := anna.post("/fr/staff/lawyer/digest", "/fr/staff/lawyer", url.Values{"action": {"on"}})
	if res.StatusCode != 200 || !strings.Contains(page, e.t("fr", "lawyer.digest.started")) || !strings.Contains(page, e.t("fr", "lawyer.digest.stop")) {
		t.Fatalf("turning it on: %d", res.StatusCode)
	}
	subs, err := e.store.Subscriptions(ctx, notify.LawyerSubject(lawyer.ID))
	if err != nil || len(subs) != 1 || subs[0].Email != "anna@firm.be" || subs[0].Lang != "fr" || subs[0].Channel != notify.ChannelEmail {
		t.Fatalf("subscription: %+v %v", subs, err)
	}
	// The first digest starts from the opt-in: nothing yet, then the event.
	if changed, _, err := m.DigestChanges(lawyer.ID); err != nil || len(changed) != 0 {
		t.Fatalf("right after the opt-in: %d changed, %v", len(changed), err)
	}
	if _, err := e.dos.AppendEvent("10000001", map[string]any{"id": "n1", "code": "interview", "date": dayOffset(0)}); err != nil {
		t.Fatal(err)
	}
	if changed, _, err := m.DigestChanges(lawyer.ID); err != nil || len(changed) != 1 || changed[0].Dossier.Number != "10000001" {
		t.Fatalf("after an event: %+v, %v", changed, err)
	}
	res, page = anna.post("/fr/staff/lawyer/digest", "/fr/staff/lawyer", url.Values{"action": {"off"}})
	if res.StatusCode != 200 || !strings.Contains(page, e.t("fr", "lawyer.digest.stopped")) {
		t.Fatalf("turning it off: %d", res.StatusCode)
	}
	if subs, _ := e.store.Subscriptions(ctx, notify.LawyerSubject(lawyer.ID)); len(subs) != 0 {
		t.Fatalf("still subscribed: %+v", subs)
	}
}

package delivery

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loket/server/dossiers"
	"loket/server/locale"
	"loket/server/metrics"
	"loket/server/notify"
	"loket/server/store"
	"loket/translations"
)

// TestStatusEventReachesAPushService: a browser follows a dossier through
// the service (with a grant), the back office appends an event, and the
// running outbox posts an encrypted, VAPID-signed message to its push
// service.
func TestStatusEventReachesAPushService(t *testing.T) {
	got := make(chan http.Header, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Clone()
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	st, err := store.Open(filepath.Join(t.TempDir(), "loket.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d := dossiers.Dossier{Number: "12345678", Procedure: "asylum", Status: "registered", Received: "2026-01-05",
		Events: []dossiers.Event{{ID: "e0", Code: "registered", Date: "2026-01-05"}}, BirthHash: []byte{1}}
	if err := st.PutDossiers([]dossiers.Dossier{d}); err != nil {
		t.Fatal(err)
	}
	cats, err := locale.Load(translations.FS, locale.Options{Default: "en", Order: translations.Languages})
	if err != nil {
		t.Fatal(err)
	}
	rt, err := New(Config{Base: "https://loket.example", Push: true, Subject: "mailto:ops@loket.example", AllowPrivate: true,
		Langs: translations.Languages}, st, cats, nil)
	if err != nil {
		t.Fatal(err)
	}
	if k, _ := base64.RawURLEncoding.DecodeString(rt.VAPIDKey); len(k) != 65 {
		t.Fatalf("VAPID key %q", rt.VAPIDKey)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go rt.Run(ctx)
	ua, _ := ecdh.P256().GenerateKey(rand.Reader)
	grant := rt.Service.Grant(notify.Subject{Kind: notify.KindDossier, ID: d.Number})
	if _, err := rt.Service.SubscribePush(ctx, grant, "ti", notify.PushRequest{Endpoint: srv.URL + "/push/1",
		P256dh: base64.RawURLEncoding.EncodeToString(ua.PublicKey().Bytes()), Auth: "AAECAwQFBgcICQoLDA0ODw"}); err != nil {
		t.Fatal(err)
	}
	if push, mail := rt.Service.Channels(); !push || mail {
		t.Fatalf("channels: push %v, e-mail %v", push, mail)
	}
	if _, err := st.UpdateDossier(d.Number, func(d *dossiers.Dossier) error {
		d.Events = append(d.Events, dossiers.Event{ID: "e1", Code: "interview", Date: "2026-06-10"})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	select {
	case h := <-got:
		if h.Get("Content-Encoding") != "aes128gcm" || !strings.HasPrefix(h.Get("Authorization"), "vapid t=") ||
			!strings.HasSuffix(h.Get("Authorization"), "k="+rt.VAPIDKey) {
			t.Fatalf("headers: %v", h)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no push within 30 s")
	}
	// /metrics reads the outbox: one message, queued until its outcome is
	// written, then sent.
	reg, err := metrics.New(rt.Metrics())
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := reg.Write(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), `loket_notify_messages{state="dead"} 0`) || !strings.Contains(text.String(), "loket_notify_deliveries_total{outcome=") {
		t.Fatalf("metrics:\n%s", text.String())
	}
}

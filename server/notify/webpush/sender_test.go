package webpush

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"loket/server/notify"
)

// pushService is a local RFC 8030 push service: it checks each request
// the way a real one does, decrypts the payload as the browser would and
// answers with the next scripted status.
type pushService struct {
	t      *testing.T
	ua     *ecdh.PrivateKey
	auth   []byte
	mu     sync.Mutex
	status []int
	got    []string
	hdr    []http.Header
}

func (p *pushService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	if r.Method != http.MethodPost || r.Header.Get("Content-Encoding") != "aes128gcm" || r.Header.Get("TTL") == "" {
		p.t.Errorf("request: %s %v", r.Method, r.Header)
	}
	claims, _, err := verifyVAPID(r.Header.Get("Authorization"))
	if err != nil || claims["aud"] != "http://"+r.Host {
		p.t.Errorf("VAPID: %v %v", claims, err)
	}
	plain, err := decrypt(body, p.ua, p.auth)
	if err != nil {
		p.t.Errorf("decrypt: %v", err)
	}
	p.got = append(p.got, string(plain))
	p.hdr = append(p.hdr, r.Header.Clone())
	code := http.StatusCreated
	if len(p.status) > 0 {
		code, p.status = p.status[0], p.status[1:]
	}
	w.WriteHeader(code)
}

func TestSenderDeliversToAPushService(t *testing.T) {
	ua, _ := ecdh.P256().GenerateKey(rand.Reader)
	auth := make([]byte, 16)
	rand.Read(auth)
	ps := &pushService{t: t, ua: ua, auth: auth, status: []int{201, 500, 429, 400, 410, 404}}
	srv := httptest.NewServer(ps)
	defer srv.Close()
	s, err := New(Config{Keys: testKeys(t), Subject: "mailto:ops@loket.example", AllowPrivate: true,
		Payload: func(m notify.Message) ([]byte, error) { return []byte(`{"event":"` + string(m.Event) + `"}`), nil }})
	if err != nil {
		t.Fatal(err)
	}
	d := notify.Delivery{
		Message:      notify.Message{Key: "dossier:12345678/status/e1/s", Event: notify.EventStatus},
		Subscription: notify.Subscription{ID: "s", Push: &notify.PushTarget{Endpoint: srv.URL + "/push/abc", P256dh: ua.PublicKey().Bytes(), Auth: auth}},
	}
	ctx := context.Background()
	if err := s.Send(ctx, d); err != nil {
		t.Fatalf("201: %v", err)
	}
	if ps.got[0] != `{"event":"status"}` || ps.hdr[0].Get("Urgency") != "normal" || ps.hdr[0].Get("TTL") != "86400" ||
		len(ps.hdr[0].Get("Topic")) != 32 {
		t.Fatalf("delivered %q with %v", ps.got[0], ps.hdr[0])
	}
	for _, want := range []struct {
		code      int
		gone, per bool
	}{{500, false, false}, {429, false, false}, {400, false, true}, {410, true, false}, {404, true, false}} {
		err := s.Send(ctx, d)
		if err == nil || errors.Is(err, notify.ErrGone) != want.gone || errors.Is(err, notify.ErrPermanent) != want.per {
			t.Errorf("%d: %v", want.code, err)
		}
	}
	d.Message.Urgent = true
	ps.status = nil
	if err := s.Send(ctx, d); err != nil || ps.hdr[len(ps.hdr)-1].Get("Urgency") != "high" || ps.hdr[len(ps.hdr)-1].Get("TTL") != "900" {
		t.Fatalf("urgent: %v %v", err, ps.hdr[len(ps.hdr)-1])
	}
}

// In production the sender refuses endpoints that are not public https,
// and its dialler refuses private addresses a public name resolves to.
func TestSenderRefusesPrivateAddresses(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("a private address was reached")
	}))
	defer srv.Close()
	s, err := New(Config{Keys: testKeys(t), Subject: "mailto:ops@loket.example", Payload: func(notify.Message) ([]byte, error) { return []byte("x"), nil }})
	if err != nil {
		t.Fatal(err)
	}
	ua, _ := ecdh.P256().GenerateKey(rand.Reader)
	d := notify.Delivery{Subscription: notify.Subscription{Push: &notify.PushTarget{Endpoint: srv.URL, P256dh: ua.PublicKey().Bytes(), Auth: make([]byte, 16)}}}
	if err := s.Send(context.Background(), d); !errors.Is(err, notify.ErrGone) {
		t.Fatalf("loopback endpoint: %v", err)
	}
	_, err = s.client.Get(srv.URL)
	if err == nil || !strings.Contains(err.Error(), errPrivate.Error()) {
		t.Fatalf("dialling loopback: %v", err)
	}
}

func TestNewNeedsASubject(t *testing.T) {
	if _, err := New(Config{Keys: testKeys(t), Payload: func(notify.Message) ([]byte, error) { return nil, nil }}); err == nil {
		t.Fatal("no VAPID subject accepted")
	}
	if _, err := KeysFromSecret(make([]byte, 32)); err == nil {
		t.Fatal("a zero private key accepted")
	}
}

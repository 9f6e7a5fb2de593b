package web

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"loket/server/notify"
	"loket/server/notify/webpush"
)

// BenchmarkEventToPushOverHTTP is the "2 s" figure end to end: a
// back-office status event posted over HTTP to a listening server, its
// message written with it, the worker woken by the commit, the payload
// encrypted and VAPID-signed, and a local push service receiving it. Each
// event waits for its delivery; it reports the median and the worst.
func BenchmarkEventToPushOverHTTP(b *testing.B) {
	if notify.NewPlanner(notify.Policy{}).Quiet(time.Now()) {
		b.Skip("quiet hours in Brussels: a status push waits until 08:00")
	}
	sa := newStatusApp(b, nil)
	arrived := make(chan struct{}, 16)
	push := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
		arrived <- struct{}{}
	}))
	b.Cleanup(push.Close)
	secret := make([]byte, 32)
	rand.Read(secret)
	keys, err := webpush.KeysFromSecret(secret)
	if err != nil {
		b.Fatal(err)
	}
	sender, err := webpush.New(webpush.Config{Keys: keys, Subject: "mailto:ops@loket.test", AllowPrivate: true,
		Payload: func(m notify.Message) ([]byte, error) { return notify.PushPayload(sa.deps.Catalogs, m) }})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	go notify.NewWorker(sa.store, notify.WorkerConfig{Senders: map[notify.Channel]notify.Sender{notify.ChannelPush: sender}}).Run(ctx)
	ua, _ := ecdh.P256().GenerateKey(rand.Reader)
	// A dossier keeps at most 100 events: each 90 go to a new one, made and
	// followed off the clock.
	follow := func(number string) {
		b.Helper()
		if res, body := sa.api(b, http.MethodPut, "/api/v1/backoffice/dossiers/"+number, sa.token, demoDossier()); res.StatusCode >= 300 {
			b.Fatalf("dossier %s: %d %s", number, res.StatusCode, body)
		}
		if err := sa.store.Subscribe(ctx, notify.Subscription{ID: notify.NewID(), Subject: notify.Subject{Kind: notify.KindDossier, ID: number},
			Channel: notify.ChannelPush, Lang: "ar", Created: time.Now(),
			Push: &notify.PushTarget{Endpoint: push.URL + "/push/1", P256dh: ua.PublicKey().Bytes(), Auth: make([]byte, 16)}}); err != nil {
			b.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go sa.app.Listener(ln)
	b.Cleanup(func() { sa.app.Shutdown() })
	base := "http://" + ln.Addr().String() + "/api/v1/backoffice/dossiers/"
	took := make([]time.Duration, 0, b.N)
	var url string
	b.ResetTimer()
	for i := range b.N {
		if i%90 == 0 {
			b.StopTimer()
			number := fmt.Sprint(20000000 + i/90)
			follow(number)
			url = base + number + "/events"
			b.StartTimer()
		}
		start := time.Now()
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(fmt.Sprintf(`{"id":"bench-%d","code":"interview","date":%q}`, i, dayOffset(0))))
		req.Header.Set("Authorization", "Bearer "+sa.token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode >= 300 {
			b.Fatalf("event %d: %d", i, res.StatusCode)
		}
		<-arrived
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "worst-ms")
}

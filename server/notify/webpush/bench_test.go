package webpush

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"loket/server/dossiers"
	"loket/server/locale"
	"loket/server/notify"
	"loket/server/store"
	"loket/translations"
)

// benchSetup is a store with fsync on, one dossier followed by one browser
// whose push service is local, and a worker that sends real Web Push
// requests (encrypted, VAPID-signed) to it.
func benchSetup(b *testing.B, got *atomic.Int64, arrived chan struct{}) (*store.Store, *notify.Worker, notify.Subscription) {
	b.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		w.WriteHeader(http.StatusCreated)
		if arrived != nil {
			arrived <- struct{}{}
		}
	}))
	b.Cleanup(srv.Close)
	st, err := store.Open(filepath.Join(b.TempDir(), "loket.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	d := dossiers.Dossier{Number: "12345678", Procedure: "asylum", Status: "registered", Received: "2026-01-05",
		Events: []dossiers.Event{{ID: "e0", Code: "registered", Date: "2026-01-05"}}, BirthHash: []byte{1}}
	if err := st.PutDossiers([]dossiers.Dossier{d}); err != nil {
		b.Fatal(err)
	}
	ua, _ := ecdh.P256().GenerateKey(rand.Reader)
	sub := notify.Subscription{ID: notify.NewID(), Subject: notify.Subject{Kind: notify.KindDossier, ID: d.Number}, Channel: notify.ChannelPush,
		Lang: "ar", Created: time.Now(), Push: &notify.PushTarget{Endpoint: srv.URL + "/push/1", P256dh: ua.PublicKey().Bytes(), Auth: make([]byte, 16)}}
	if err := st.Subscribe(context.Background(), sub); err != nil {
		b.Fatal(err)
	}
	cats, err := locale.Load(translations.FS, locale.Options{Default: "en", Order: translations.Languages})
	if err != nil {
		b.Fatal(err)
	}
	secret := make([]byte, 32)
	rand.Read(secret)
	keys, err := KeysFromSecret(secret)
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(Config{Keys: keys, Subject: "mailto:ops@loket.example", AllowPrivate: true,
		Payload: func(m notify.Message) ([]byte, error) { return notify.PushPayload(cats, m) }})
	if err != nil {
		b.Fatal(err)
	}
	w := notify.NewWorker(st, notify.WorkerConfig{Senders: map[notify.Channel]notify.Sender{notify.ChannelPush: s}, Batch: 500, Concurrency: 64,
		Poll: time.Hour})
	return st, w, sub
}

// BenchmarkDrain10k queues 10,000 push messages and drains them to a
// local push service: each one encrypted, signed and posted; claims and
// outcomes written in batches with fsync. It reports messages per second.
func BenchmarkDrain10k(b *testing.B) {
	var got atomic.Int64
	st, w, sub := benchSetup(b, &got, nil)
	ctx := context.Background()
	const n = 10_000
	b.ResetTimer()
	var elapsed time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		msgs := make([]notify.Message, 0, n)
		for j := 0; j < n; j++ {
			msgs = append(msgs, notify.Message{Key: fmt.Sprintf("%s/status/b%d-%d/%s", sub.Subject, i, j, sub.ID), Subscription: sub.ID,
				Channel: notify.ChannelPush, Subject: sub.Subject, Event: notify.EventStatus, Lang: "ar", Created: time.Now(), Due: time.Now()})
		}
		for j := 0; j < n; j += 1000 {
			if _, err := st.Enqueue(ctx, msgs[j:j+1000]); err != nil {
				b.Fatal(err)
			}
		}
		before := got.Load()
		b.StartTimer()
		start := time.Now()
		for {
			k, err := w.Drain(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if k == 0 {
				break
			}
		}
		elapsed += time.Since(start)
		if d := got.Load() - before; d != n {
			b.Fatalf("the push service got %d of %d", d, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "msgs/s")
}

// BenchmarkStatusToPush appends a status event to a followed dossier and
// waits until the local push service has its message: the running
// worker wakes on the commit. It reports the time per event.
func BenchmarkStatusToPush(b *testing.B) {
	var got atomic.Int64
	arrived := make(chan struct{}, 16)
	st, w, _ := benchSetup(b, &got, arrived)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)
	b.ResetTimer()
	var worst time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := st.UpdateDossier("12345678", func(d *dossiers.Dossier) error {
			d.Events = append(d.Events[:1], dossiers.Event{ID: fmt.Sprint("e", i+1), Code: "interview", Date: "2026-06-10"})
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		<-arrived
		worst = max(worst, time.Since(start))
	}
	b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
}

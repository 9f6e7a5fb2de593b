package resilience

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"loket/server/bookings"
	"loket/server/store"
)

// demoSlots finds a demo service that needs no dossier and its next slots.
func demoSlots(t *testing.T, p *proc) (office, service string, capacity int, starts []time.Time) {
	t.Helper()
	var list struct {
		Offices []struct {
			ID       string `json:"id"`
			Services []struct {
				ID              string `json:"id"`
				DossierRequired bool   `json:"dossier_required"`
			} `json:"services"`
		} `json:"offices"`
	}
	if getJSON(t, p.URL+"/api/v1/offices", &list) != 200 || len(list.Offices) == 0 {
		t.Fatal("no demo offices")
	}
	for _, o := range list.Offices {
		for _, s := range o.Services {
			if !s.DossierRequired && office == "" {
				office, service = o.ID, s.ID
			}
		}
	}
	from := time.Now().Format("2006-01-02")
	to := time.Now().AddDate(0, 0, 21).Format("2006-01-02")
	var listing struct {
		Days []struct {
			Slots []struct {
				Start     time.Time `json:"start"`
				Remaining int       `json:"remaining"`
			} `json:"slots"`
		} `json:"days"`
	}
	getJSON(t, fmt.Sprintf("%s/api/v1/slots?office=%s&service=%s&from=%s&to=%s", p.URL, office, service, from, to), &listing)
	for _, d := range listing.Days {
		for _, s := range d.Slots {
			starts = append(starts, s.Start)
			capacity = max(capacity, s.Remaining)
		}
	}
	if len(starts) < 10 {
		t.Fatalf("only %d free slots for %s/%s", len(starts), office, service)
	}
	return office, service, capacity, starts
}

// confirmed is a booking whose 201 reached the client.
type confirmed struct {
	ref, pin string
	start    time.Time
}

// TestCrashKeepsEveryConfirmedBooking fires bookings from many clients,
// kills the server with SIGKILL at a random moment, restarts it, and checks
// that every confirmed booking is there, that no slot holds more than its
// capacity, and that the store opens cleanly. It repeats for several kill
// points (more with LOKET_LONG=1).
func TestCrashKeepsEveryConfirmedBooking(t *testing.T) {
	rounds := 2
	if long() {
		rounds = 8
	}
	data := filepath.Join(t.TempDir(), "loket.db")
	p := run(t, data, append([]string{"-demo"}, benchFlags...)...)
	office, service, capacity, starts := demoSlots(t, p)
	p.stop()
	var all []confirmed
	for round := 0; round < rounds; round++ {
		p := run(t, data, benchFlags...)
		var mu sync.Mutex
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for c := 0; c < 32; c++ {
			wg.Add(1)
			go func(c int) {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					start := starts[rand.IntN(min(len(starts), 40))]
					var res struct {
						Reference string `json:"reference"`
						PIN       string `json:"pin"`
					}
					code, err := postJSON(p.URL+"/api/v1/bookings", map[string]any{"office": office, "service": service,
						"start": start.Format(time.RFC3339), "idempotency_key": fmt.Sprintf("r%d-c%d-%d", round, c, i)}, &res)
					if err != nil {
						return // the server is gone
					}
					if code == 201 {
						mu.Lock()
						all = append(all, confirmed{res.Reference, res.PIN, start})
						mu.Unlock()
					}
				}
			}(c)
		}
		time.Sleep(time.Duration(200+rand.IntN(1200)) * time.Millisecond)
		p.kill()
		close(stop)
		wg.Wait()
	}
	if len(all) == 0 {
		t.Fatal("no booking was confirmed before the kills")
	}
	// The store opens cleanly and every confirmed booking is in it.
	p = run(t, data, benchFlags...)
	for _, b := range all {
		var got struct {
			Booking struct {
				Start time.Time `json:"start"`
			} `json:"booking"`
		}
		code := getBooking(t, p.URL, b.ref, b.pin, &got)
		if code != 200 || !got.Booking.Start.Equal(b.start) {
			t.Errorf("confirmed booking %s: status %d, start %v (want %v)", b.ref, code, got.Booking.Start, b.start)
		}
	}
	p.stop()
	s, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatalf("store after the crashes: %v", err)
	}
	defer s.Close()
	per := map[time.Time]int{}
	list, err := s.BookingsStarting(context.Background(), office, starts[0].Add(-time.Hour), starts[len(starts)-1].Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range list {
		if b.ServiceID == service && b.Status == bookings.StatusBooked {
			per[b.Start.UTC()]++
		}
	}
	for start, n := range per {
		if n > capacity {
			t.Errorf("slot %v holds %d bookings, capacity %d", start, n, capacity)
		}
	}
	t.Logf("%d rounds, %d confirmed bookings, all present after SIGKILL", rounds, len(all))
}

package resilience

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSoakMixedFlowsWithoutErrors drives every public flow at once (pages,
// status lookups right and wrong, slot listings, bookings, receipt checks)
// and expects no 5xx answer and memory that levels off. Short: 64 clients
// for 5 s; LOKET_LONG=1: 256 clients for 60 s.
func TestSoakMixedFlowsWithoutErrors(t *testing.T) {
	clients, d := 64, 5*time.Second
	if long() {
		clients, d = 256, 60*time.Second
	}
	data := filepath.Join(t.TempDir(), "loket.db")
	p := run(t, data, append([]string{"-demo"}, benchFlags...)...)
	office, service, _, starts := demoSlots(t, p)
	from := time.Now().Format("2006-01-02")
	to := time.Now().AddDate(0, 0, 56).Format("2006-01-02")
	flows := []func(c *http.Client, i int) (*http.Response, error){
		func(c *http.Client, i int) (*http.Response, error) { return c.Get(p.URL + "/en/") },
		func(c *http.Client, i int) (*http.Response, error) { return c.Get(p.URL + "/ar/info/asylum") },
		func(c *http.Client, i int) (*http.Response, error) { return c.Get(p.URL + "/kiosk/ti/home") },
		func(c *http.Client, i int) (*http.Response, error) {
			return c.Get(fmt.Sprintf("%s/api/v1/slots?office=%s&service=%s&from=%s&to=%s", p.URL, office, service, from, to))
		},
		func(c *http.Client, i int) (*http.Response, error) {
			body := `{"dossier":"10000001","birth_date":"1990-01-01"}`
			return post(c, p.URL+"/api/v1/status/lookup", body)
		},
		func(c *http.Client, i int) (*http.Response, error) {
			body := fmt.Sprintf(`{"dossier":"%08d","birth_date":"1990-01-0%d"}`, 30000000+rand.IntN(1000000), 1+i%9)
			return post(c, p.URL+"/api/v1/status/lookup", body)
		},
		func(c *http.Client, i int) (*http.Response, error) {
			body := fmt.Sprintf(`{"office":%q,"service":%q,"start":%q,"idempotency_key":"soak-%d"}`,
				office, service, starts[rand.IntN(len(starts))].Format(time.RFC3339), i)
			return post(c, p.URL+"/api/v1/bookings", body)
		},
		func(c *http.Client, i int) (*http.Response, error) {
			return c.Get(p.URL + "/api/v1/receipts/verify/AAAA" + strings.Repeat("x", i%40))
		},
	}
	var total, fivexx atomic.Int64
	var mu sync.Mutex
	first5xx := ""
	deadline := time.Now().Add(d)
	var warm int64
	var wg sync.WaitGroup
	for w := 0; w < clients; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			c := &http.Client{Timeout: 10 * time.Second}
			for i := w * 1_000_000; time.Now().Before(deadline); i++ {
				res, err := flows[i%len(flows)](c, i)
				if err != nil {
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				total.Add(1)
				if res.StatusCode >= 500 {
					fivexx.Add(1)
					mu.Lock()
					if first5xx == "" {
						first5xx = fmt.Sprintf("flow %d: %d", i%len(flows), res.StatusCode)
					}
					mu.Unlock()
				}
			}
		}(w)
	}
	time.Sleep(d / 5)
	warm = p.rss()
	wg.Wait()
	end := p.rss()
	t.Logf("%d requests in %s from %d clients; RSS %d MiB after warm-up, %d MiB at the end", total.Load(), d, clients, warm>>20, end>>20)
	if fivexx.Load() > 0 {
		t.Errorf("%d answers were 5xx (first: %s)", fivexx.Load(), first5xx)
	}
	if total.Load() == 0 {
		t.Fatal("no request got an answer")
	}
	if warm > 0 && end > warm*2+64<<20 {
		t.Errorf("memory keeps growing: %d MiB after warm-up, %d MiB at the end", warm>>20, end>>20)
	}
}

func post(c *http.Client, url, body string) (*http.Response, error) {
	return c.Post(url, "application/json", strings.NewReader(body))
}

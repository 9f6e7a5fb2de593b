package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"loket/server/compose"
	"loket/server/receipts"
	"loket/server/store"
)

// benchOffices is how many offices the store gets, each open every day,
// all day, with one service of many desks: bookings never run out of room
// during a run, so every answer measures the write path.
const benchOffices = 20

// fixture is what prepare made, for the scenarios to aim at.
type fixture struct {
	offices      string // the offices file
	receiptToken string // a genuine receipt's token
	receiptID    string
	slots        []time.Time // bookable slot starts of bench-01
	importTime   time.Duration
}

// birthDate is the birth date the bench gives dossier number 50000000+i;
// the Lua script computes the same from i.
func birthDate(i int) string {
	return fmt.Sprintf("%04d-%02d-%02d", 1950+i%50, 1+i%12, 1+i%28)
}

// prepare builds t's store: o.dossiers dossiers through `loket import`,
// 20 offices from a file, and one receipt to verify.
func prepare(o options, t *target, stderr io.Writer) (fixture, error) {
	var f fixture
	f.offices = filepath.Join(o.dir, "offices.json")
	if err := writeOffices(f.offices); err != nil {
		return f, err
	}
	if o.dossiers > 0 {
		jsonl := filepath.Join(o.dir, "dossiers.jsonl")
		if err := writeDossiers(jsonl, o.dossiers); err != nil {
			return f, err
		}
		start := time.Now()
		cmd := exec.Command(o.binary, append(append([]string{"import"}, t.storeArgs()...), jsonl)...)
		cmd.Stdout, cmd.Stderr = stderr, stderr
		if err := cmd.Run(); err != nil {
			return f, fmt.Errorf("import: %w", err)
		}
		f.importTime = time.Since(start)
		os.Remove(jsonl)
	}
	// A first start loads the offices and builds the
	// receipt keys; then the bench issues one receipt to verify.
	s, err := startLoket(o.binary, t.storeArgs(), "-offices", f.offices)
	if err != nil {
		return f, fmt.Errorf("first start: %w", err)
	}
	f.slots, err = slots(s.url)
	s.stop()
	if err != nil {
		return f, err
	}
	f.receiptID, f.receiptToken, err = issueReceipt(t.database, t.data)
	return f, err
}

func writeOffices(path string) error {
	allDay := `[{"from":"08:00","to":"18:00"}]`
	hours := fmt.Sprintf(`{"mon":%[1]s,"tue":%[1]s,"wed":%[1]s,"thu":%[1]s,"fri":%[1]s,"sat":%[1]s,"sun":%[1]s}`, allDay)
	var list []string
	for i := 1; i <= benchOffices; i++ {
		list = append(list, fmt.Sprintf(`{"id":"bench-%02d","name":"Bench office %d","address":"Benchstraat %d, 1000 Brussel","languages":["nl"],"hours":%s,`+
			`"services":[{"id":"information_interview","duration_minutes":10,"capacity":50,"horizon_days":56,"lead_minutes":0}]}`, i, i, i, hours))
	}
	return os.WriteFile(path, []byte(`{"offices":[`+strings.Join(list, ",")+`]}`), 0o600)
}

// writeDossiers writes n dossiers as JSON Lines, numbers from 50000000.
func writeDossiers(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	procs := []string{"asylum", "family", "study", "work", "regularisation", "statelessness"}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		rec := base.AddDate(0, 0, i%600)
		exam := rec.AddDate(0, 0, 10+i%30)
		events := fmt.Sprintf(`[{"id":"e1","code":"received","date":"%s"},{"id":"e2","code":"examination","date":"%s"}`, rec.Format(time.DateOnly), exam.Format(time.DateOnly))
		if i%2 == 0 {
			events += fmt.Sprintf(`,{"id":"e3","code":"granted","date":"%s"}`, exam.AddDate(0, 0, 30+i%200).Format(time.DateOnly))
		}
		fmt.Fprintf(w, `{"dossier":"%08d","procedure":"%s","received":"%s","birth_date":"%s","first_name":"Test","office":"bench-01","language":"en","events":%s]}`+"\n",
			50000000+i, procs[i%len(procs)], rec.Format(time.DateOnly), birthDate(i), events)
	}
	return w.Flush()
}

// slots lists the next free slots of bench-01 over 8 weeks.
func slots(base string) ([]time.Time, error) {
	from := time.Now().Format(time.DateOnly)
	to := time.Now().AddDate(0, 0, 56).Format(time.DateOnly)
	res, err := http.Get(fmt.Sprintf("%s/api/v1/slots?office=bench-01&service=information_interview&from=%s&to=%s", base, from, to))
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var listing struct {
		Days []struct {
			Slots []struct {
				Start time.Time `json:"start"`
			} `json:"slots"`
		} `json:"days"`
	}
	if err := json.NewDecoder(res.Body).Decode(&listing); err != nil {
		return nil, fmt.Errorf("slots: %w", err)
	}
	var out []time.Time
	for _, d := range listing.Days {
		for _, s := range d.Slots {
			out = append(out, s.Start)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no free slots at bench-01")
	}
	return out, nil
}

// issueReceipt records one queue ticket receipt in the stopped store.
func issueReceipt(database, data string) (string, string, error) {
	s, closer, err := compose.OpenStore(context.Background(), database, data, store.Options{})
	if err != nil {
		return "", "", err
	}
	defer closer.Close()
	ctx := context.Background()
	keys, err := receipts.OpenKeyring(ctx, s, nil)
	if err != nil {
		return "", "", err
	}
	svc, err := receipts.New(s, keys, receipts.Config{BaseURL: "http://127.0.0.1"})
	if err != nil {
		return "", "", err
	}
	r, token, err := svc.Issue(ctx, receipts.Input{Kind: receipts.KindQueueTicket, Reference: "A001", At: time.Now(), OfficeID: "bench-01"})
	return r.ID, token, err
}

// scenarios lists what is measured, the bare Fiber ceiling first.
func scenarios(o options, f fixture) []scenario {
	var slots []string
	// Slots of the next hour would pass while the scenarios before the
	// bookings run, and booking them would be refused as in the past.
	soon := time.Now().Add(time.Hour)
	for _, s := range f.slots {
		if s.After(soon) {
			slots = append(slots, `"`+s.Format(time.RFC3339)+`"`)
		}
	}
	n := max(o.dossiers, 1)
	// Each wrk thread draws its random dossiers once, at start, and cycles
	// through them: formatting bodies in Lua per request would take a good
	// part of the two cores the server shares with wrk, which the bare
	// Fiber ceiling (no script) does not pay.
	lookup := fmt.Sprintf(`
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept-Language"] = "en"
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
local reqs, n = {}, 0
init = function(args)
  math.randomseed(os.time() * 100 + id)
  for k = 1, 20000 do
    local i = math.random(0, %d - 1)
    local body = string.format('{"dossier":"%%08d","birth_date":"%%04d-%%02d-%%02d"}', 50000000 + i, 1950 + i %% 50, 1 + i %% 12, 1 + i %% 28)
    reqs[k] = wrk.format(nil, "/api/v1/status/lookup", nil, body)
  end
end
request = function()
  n = n %% #reqs + 1
  return reqs[n]
end`, n)
	booking := fmt.Sprintf(`
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local slots = {%s}
local offices = %d
local counter = 0
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
-- Each thread seeds its own sequence: with one seed for all, every
-- thread would send the same idempotency keys and half the "bookings"
-- would be replays that write nothing.
init = function(args)
  math.randomseed(os.time() * 100 + id)
end
request = function()
  counter = counter + 1
  local body = string.format('{"office":"bench-%%02d","service":"information_interview","start":"%%s","idempotency_key":"%%d-%%d"}',
    math.random(1, offices), slots[math.random(1, #slots)], math.random(1, 1000000000), counter)
  return wrk.format(nil, "/api/v1/bookings", nil, body)
end`, strings.Join(slots, ","), benchOffices)
	from := time.Now().Format(time.DateOnly)
	to := time.Now().AddDate(0, 0, 56).Format(time.DateOnly)
	list := []scenario{
		{name: "ceiling: bare Fiber handler", path: "/", ceiling: true},
		{name: "home page", path: "/en/"},
		{name: "information page", path: "/ar/info/asylum"},
		{name: "slot listing, 8 weeks", path: fmt.Sprintf("/api/v1/slots?office=bench-01&service=information_interview&from=%s&to=%s", from, to)},
		{name: "slot listing, 8 weeks, gzip", path: fmt.Sprintf("/api/v1/slots?office=bench-01&service=information_interview&from=%s&to=%s", from, to),
			headers: []string{"Accept-Encoding: gzip"}},
		{name: "receipt verification page", path: "/en/r/" + f.receiptToken},
		{name: "receipt PDF, 80 mm (cached)", path: "/api/v1/receipts/" + f.receiptID + ".pdf?format=80mm&token=" + f.receiptToken},
		{name: "booking (fsync on)", script: booking},
	}
	if o.dossiers > 0 {
		list = append(list, scenario{name: "status lookup", script: lookup})
	}
	return list
}

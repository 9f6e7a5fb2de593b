package dossiers

import (
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Histogram counts decisions by the days they took from entering a status.
type Histogram map[int]int

// Add merges other into h (negative counts subtract), dropping empty days.
func (h Histogram) Add(other Histogram) {
	for days, n := range other {
		if h[days] += n; h[days] <= 0 {
			delete(h, days)
		}
	}
}

// StatKey names the histogram of a procedure's status.
func StatKey(procedure, status string) string { return procedure + "/" + status }

// SampleDeltas are the histogram changes of replacing old with new (either
// may be nil), by StatKey.
func SampleDeltas(old, new *Dossier, into map[string]Histogram) {
	for sign, d := range map[int]*Dossier{-1: old, 1: new} {
		if d == nil {
			continue
		}
		for _, s := range d.Samples() {
			k := StatKey(s.Procedure, s.Status)
			if into[k] == nil {
				into[k] = Histogram{}
			}
			into[k][s.Days] += sign
		}
	}
}

// Estimate is how long comparable dossiers took from a status to a
// decision: the median and the 80th percentile in days, over N dossiers,
// as computed at Computed.
type Estimate struct {
	MedianDays, P80Days, N int
	Computed               time.Time
}

// MedianWeeks and P80Weeks round up: "within N weeks".
func (e Estimate) MedianWeeks() int { return (e.MedianDays + 6) / 7 }

// P80Weeks is the 80th percentile in whole weeks, rounded up.
func (e Estimate) P80Weeks() int { return (e.P80Days + 6) / 7 }

func (h Histogram) estimate(at time.Time) Estimate {
	days := make([]int, 0, len(h))
	n := 0
	for d, c := range h {
		days = append(days, d)
		n += c
	}
	slices.Sort(days)
	e := Estimate{N: n, Computed: at}
	seen := 0
	for _, d := range days {
		seen += h[d]
		if e.MedianDays == 0 && seen*2 >= n {
			e.MedianDays = d
		}
		if seen*10 >= n*8 {
			e.P80Days = d
			break
		}
	}
	return e
}

// QueueKey orders waiting dossiers by the day they were received, then by
// number, in one integer, so that a procedure's queue is a sorted []int64.
func QueueKey(received, number string) int64 {
	t, err := time.Parse(time.DateOnly, received)
	if err != nil {
		return 0
	}
	n, _ := strconv.ParseInt(number, 10, 64)
	return (t.Unix()/86400+100000)*100_000_000 + n
}

// snapshot is what the estimates and queue positions read: rebuilt in the
// background, never per request.
type snapshot struct {
	at     time.Time
	est    map[string]Estimate
	queues map[string][]int64
	// times are the public processing times, made on first use.
	timesOnce sync.Once
	times     *ProcessingTimes
}

// position is how many dossiers of the procedure that arrived before this
// one still wait.
func (sn *snapshot) position(d *Dossier) int {
	q, key := sn.queues[d.Procedure], QueueKey(d.Received, d.Number)
	return sort.Search(len(q), func(i int) bool { return q[i] >= key })
}

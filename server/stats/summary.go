package stats

import (
	"cmp"
	"slices"
)

func sortRows(rows []Row) {
	slices.SortFunc(rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(Key("", a.Event), Key("", b.Event)))
	})
}

// SelfServed is how many self-service events rows hold (escalations are
// not self-service).
func SelfServed(rows []Row) uint64 {
	var n uint64
	for _, r := range rows {
		if r.Name != Escalation {
			n += r.Count
		}
	}
	return n
}

// Total is one label's count.
type Total struct {
	Label string
	Count uint64
}

// By sums rows by one dimension, largest first (ties by label).
func By(rows []Row, dim func(Row) string) []Total {
	sum := map[string]uint64{}
	for _, r := range rows {
		sum[dim(r)] += r.Count
	}
	out := make([]Total, 0, len(sum))
	for k, n := range sum {
		out = append(out, Total{k, n})
	}
	slices.SortFunc(out, func(a, b Total) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Label, b.Label)) })
	return out
}

// PerDay sums rows per day over days, in order (zero for a day without).
func PerDay(rows []Row, days []string) []uint64 {
	idx := make(map[string]int, len(days))
	for i, d := range days {
		idx[d] = i
	}
	out := make([]uint64, len(days))
	for _, r := range rows {
		if i, ok := idx[r.Day]; ok {
			out[i] += r.Count
		}
	}
	return out
}

package compose

import (
	"context"
	"time"

	"loket/server/helpdesk"
)

// escalationCounts lets the statistics dashboard read the helpdesk's
// escalations per day and category, without either package knowing the
// other.
type escalationCounts struct {
	desk *helpdesk.Service
	loc  *time.Location
}

func (e escalationCounts) EscalationsByDay(from, to string) (map[string]map[string]int, error) {
	start, err := time.ParseInLocation(time.DateOnly, from, e.loc)
	if err != nil {
		return nil, err
	}
	end, err := time.ParseInLocation(time.DateOnly, to, e.loc)
	if err != nil {
		return nil, err
	}
	counts, err := e.desk.Counts(context.Background(), start, end.AddDate(0, 0, 1), e.loc)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]int{}
	for _, c := range counts {
		if out[c.Day] == nil {
			out[c.Day] = map[string]int{}
		}
		out[c.Day][c.Category] += c.N
	}
	return out, nil
}

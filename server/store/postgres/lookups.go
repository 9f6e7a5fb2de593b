package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
)

// Status lookups are the public site's busiest read. Each one alone would
// cost a round trip to the database: a write and a read on both sides and
// a statement to run, which on a busy machine is most of a lookup's cost.
// So lookups asked at the same time share one: a few workers each take
// the lookups waiting and read them all in one statement. Under no load a
// lookup waits for nothing (a worker takes it at once, alone); under load
// the lookups that queued while the workers were busy go together, the
// way PostgreSQL's group commit shares one WAL flush. Each lookup still
// reads its dossier and its failure count in one snapshot.

// maxLookupBatch bounds the lookups one statement reads.
const maxLookupBatch = 64

// maxLookupWorkers bounds the lookup statements running at once: fewer
// workers read more lookups each, and 4 kept the two cores of the test
// machine busy.
const maxLookupWorkers = 4

// lookupRequest is one lookup waiting for a worker.
type lookupRequest struct {
	number string
	since  int64 // Unix seconds: failures counted in windows from then
	answer chan lookupAnswer
}

// lookupAnswer is a lookup's row: the dossier's JSON document (nil when
// there is no such dossier) and the failures counted for its number.
type lookupAnswer struct {
	doc      []byte
	failures int
	err      error
}

// lookups are the workers and the queue of waiting lookups.
type lookups struct {
	queue chan lookupRequest
	stop  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup
}

// errClosed answers a lookup asked after Close.
var errClosed = errors.New("postgres: store closed")

// startLookups starts workers lookup workers reading through pool.
func startLookups(pool querier, workers int) *lookups {
	l := &lookups{queue: make(chan lookupRequest), stop: make(chan struct{})}
	for range workers {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			l.work(pool)
		}()
	}
	return l
}

// close stops the workers once they answered the lookups they took; it
// may be called again.
func (l *lookups) close() {
	l.once.Do(func() { close(l.stop) })
	l.wg.Wait()
}

// lookup reads one dossier's document and failure count.
func (l *lookups) lookup(number string, since int64) lookupAnswer {
	req := lookupRequest{number: number, since: since, answer: make(chan lookupAnswer, 1)}
	select {
	case l.queue <- req:
	case <-l.stop:
		return lookupAnswer{err: errClosed}
	}
	return <-req.answer
}

// work answers lookups until stop: it waits for one, takes every other
// one already waiting (up to maxLookupBatch) and reads them together.
func (l *lookups) work(pool querier) {
	batch := make([]lookupRequest, 0, maxLookupBatch)
	for {
		batch = batch[:0]
		select {
		case req := <-l.queue:
			batch = append(batch, req)
		case <-l.stop:
			return
		}
	gather:
		for len(batch) < maxLookupBatch {
			select {
			case req := <-l.queue:
				batch = append(batch, req)
			default:
				break gather
			}
		}
		answers, err := readLookups(pool, batch)
		for i, req := range batch {
			if err != nil {
				req.answer <- lookupAnswer{err: err}
			} else {
				req.answer <- answers[i]
			}
		}
	}
}

// readLookups reads the dossiers and failure counts of batch in one
// statement: row i answers batch[i] (a number asked twice gets two rows).
func readLookups(pool querier, batch []lookupRequest) ([]lookupAnswer, error) {
	numbers := make([]string, len(batch))
	since := make([]int64, len(batch))
	for i, req := range batch {
		numbers[i], since[i] = req.number, req.since
	}
	// Subqueries rather than joins: each is an index lookup whatever the
	// planner thinks of the tables' sizes.
	rows, err := pool.Query(context.Background(), `SELECT n.i,
			(SELECT doc FROM dossiers WHERE number = n.number),
			coalesce((SELECT failures FROM dossier_failures WHERE number = n.number AND window_start >= n.since), 0)
		FROM unnest($1::text[] COLLATE "C", $2::bigint[]) WITH ORDINALITY AS n(number, since, i)`,
		numbers, since)
	if err != nil {
		return nil, err
	}
	answers := make([]lookupAnswer, len(batch))
	var i int64
	var a lookupAnswer
	_, err = pgx.ForEachRow(rows, []any{&i, &a.doc, &a.failures}, func() error {
		if i < 1 || i > int64(len(batch)) {
			return fmt.Errorf("postgres: lookup row %d of %d", i, len(batch))
		}
		answers[i-1] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: lookups: %w", err)
	}
	return answers, nil
}

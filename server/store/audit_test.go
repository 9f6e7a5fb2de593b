package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/audit"
)

// tamperAudit rewrites the stored bytes of one audit entry, as someone with
// write access to the file could; only tests can reach it.
func (s *Store) tamperAudit(t *testing.T, seq uint64, fn func([]byte) []byte) {
	t.Helper()
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		v := b.Get(itob(seq))
		if v == nil {
			return fmt.Errorf("no entry %d", seq)
		}
		return b.Put(itob(seq), fn(bytes.Clone(v)))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testAuditKey is the key the store's audit tests seal with.
func testAuditKey(t *testing.T) *audit.Key {
	t.Helper()
	k, err := audit.NewKey(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func fillTrail(t *testing.T, s *Store, n int) *audit.Trail {
	t.Helper()
	at := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	trail := audit.NewKeyed(s, testAuditKey(t), func() time.Time { at = at.Add(time.Minute); return at })
	for i := range n {
		e := audit.Entry{Actor: fmt.Sprintf("a%d", i%3+1), Action: audit.ActionDossierView, Object: fmt.Sprintf("1234%04d", i), Channel: audit.ChannelStaff}
		if err := trail.Append(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	return trail
}

func TestAuditChainVerifies(t *testing.T) {
	s := openTemp(t)
	trail := fillTrail(t, s, 25)
	n, err := trail.Verify(context.Background())
	if err != nil || n != 25 {
		t.Fatalf("verify: %d %v", n, err)
	}
	got, err := trail.Search(context.Background(), audit.Filter{Actor: "a2", Limit: 3})
	if err != nil || len(got) != 3 || got[0].Seq != 23 || got[1].Seq != 20 {
		t.Fatalf("search: %v %v", got, err)
	}
	from := time.Date(2026, 2, 1, 10, 20, 0, 0, time.UTC)
	got, _ = trail.Search(context.Background(), audit.Filter{From: from, To: from.Add(3 * time.Minute)})
	if len(got) != 3 || got[0].Seq != 22 || got[2].Seq != 20 {
		t.Errorf("date range: %v", got)
	}
	got, _ = trail.Search(context.Background(), audit.Filter{Object: "12340007"})
	if len(got) != 1 || got[0].Seq != 8 {
		t.Errorf("object: %v", got)
	}
}

// TestAuditTamperIsFound changes stored entries in several ways; verify
// must fail at exactly the changed entry.
func TestAuditTamperIsFound(t *testing.T) {
	tests := []struct {
		name string
		seq  uint64
		fn   func([]byte) []byte
	}{
		{"one byte of the object", 7, func(b []byte) []byte { return bytes.Replace(b, []byte("12340006"), []byte("12340009"), 1) }},
		{"the actor", 12, func(b []byte) []byte { return bytes.Replace(b, []byte(`"actor":"a3"`), []byte(`"actor":"a1"`), 1) }},
		{"the time by a second", 3, func(b []byte) []byte { return bytes.Replace(b, []byte("10:03:00Z"), []byte("10:03:01Z"), 1) }},
		{"unreadable bytes", 20, func(b []byte) []byte { b[len(b)/2] ^= 0xff; return b }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTemp(t)
			trail := fillTrail(t, s, 25)
			s.tamperAudit(t, tt.seq, tt.fn)
			n, err := trail.Verify(context.Background())
			var be *audit.BrokenError
			if !errors.As(err, &be) || be.Seq != tt.seq || n != tt.seq-1 {
				t.Fatalf("verify: %d %v, want broken at %d", n, err, tt.seq)
			}
		})
	}
	// Recomputing the changed entry's own hash (with the key) moves the
	// break to the next entry.
	s := openTemp(t)
	trail := fillTrail(t, s, 10)
	s.tamperAudit(t, 4, func(b []byte) []byte {
		var e audit.Entry
		if err := decode(b, &e); err != nil {
			t.Fatal(err)
		}
		e.Object = "99999999"
		var prev audit.Entry
		_ = s.view(func(tx *bolt.Tx) error { _, err := get(tx, bucketAudit, itob(3), &prev); return err })
		out, _ := encode(testAuditKey(t).Seal(e, &prev))
		return out
	})
	if _, err := trail.Verify(context.Background()); err == nil || !errors.Is(err, audit.ErrBroken) || err.(*audit.BrokenError).Seq != 5 {
		t.Fatalf("re-sealed entry: %v, want broken at 5", err)
	}
	// Deleting an entry is found at the gap.
	s = openTemp(t)
	trail = fillTrail(t, s, 10)
	_ = s.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketAudit).Delete(itob(6)) })
	if _, err := trail.Verify(context.Background()); err == nil || err.(*audit.BrokenError).Seq != 6 {
		t.Fatalf("deleted entry: %v, want broken at 6", err)
	}
}

// resealFrom rewrites entry from (its object changed) and re-seals it and
// every entry after it with k, as someone holding the file and the key
// would to hide a change (nil k: without the key).
func (s *Store) resealFrom(t *testing.T, k *audit.Key, from uint64) {
	t.Helper()
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		var prev audit.Entry
		if _, err := get(tx, bucketAudit, itob(from-1), &prev); err != nil {
			return err
		}
		c := b.Cursor()
		for key, v := c.Seek(itob(from)); key != nil; key, v = c.Next() {
			var e audit.Entry
			if err := decode(v, &e); err != nil {
				return err
			}
			if e.Seq == from {
				e.Object = "99999999"
			}
			e = k.Seal(e, &prev)
			out, err := encode(e)
			if err != nil {
				return err
			}
			if err := b.Put(bytes.Clone(key), out); err != nil {
				return err
			}
			prev = e
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestAuditAttacksOfIssue14 replays the attacks that passed `loket audit
// verify` before the chain was keyed and its head exported: deleting the
// newest 10 of 92 entries, and rewriting entry 30 and re-sealing 30-92.
func TestAuditAttacksOfIssue14(t *testing.T) {
	ctx := context.Background()
	t.Run("truncation", func(t *testing.T) {
		s := openTemp(t)
		trail := fillTrail(t, s, 92)
		head, err := trail.Head(ctx)
		if err != nil || head.Seq != 92 {
			t.Fatalf("head %+v %v", head, err)
		}
		if n, err := trail.VerifyHeads(ctx, []audit.Head{head}); err != nil || n != 92 {
			t.Fatalf("untouched trail against its head: %d %v", n, err)
		}
		_ = s.update(func(tx *bolt.Tx) error {
			for seq := uint64(83); seq <= 92; seq++ {
				if err := tx.Bucket(bucketAudit).Delete(itob(seq)); err != nil {
					return err
				}
			}
			return nil
		})
		// The shorter chain holds on its own: only the head shows the cut.
		if n, err := trail.Verify(ctx); err != nil || n != 82 {
			t.Fatalf("truncated chain alone: %d %v", n, err)
		}
		_, err = trail.VerifyHeads(ctx, []audit.Head{head})
		var be *audit.BrokenError
		if !errors.As(err, &be) || be.Seq != 83 || !strings.Contains(be.Reason, "deleted") {
			t.Fatalf("truncated chain against the head: %v", err)
		}
	})
	t.Run("rewrite and reseal with the key", func(t *testing.T) {
		s := openTemp(t)
		trail := fillTrail(t, s, 92)
		head, _ := trail.Head(ctx)
		s.resealFrom(t, testAuditKey(t), 30)
		if _, err := trail.Verify(ctx); err != nil {
			t.Fatalf("re-sealed with the key, the chain alone holds: %v", err)
		}
		_, err := trail.VerifyHeads(ctx, []audit.Head{head})
		var be *audit.BrokenError
		if !errors.As(err, &be) || be.Seq != 92 || !strings.Contains(be.Reason, "rewritten") {
			t.Fatalf("re-sealed chain against the head: %v", err)
		}
	})
	t.Run("rewrite and reseal without the key", func(t *testing.T) {
		s := openTemp(t)
		trail := fillTrail(t, s, 92)
		s.resealFrom(t, nil, 30)
		_, err := trail.Verify(ctx)
		var be *audit.BrokenError
		if !errors.As(err, &be) || be.Seq != 30 {
			t.Fatalf("re-sealed without the key: %v", err)
		}
	})
	t.Run("forged head", func(t *testing.T) {
		s := openTemp(t)
		trail := fillTrail(t, s, 5)
		head, _ := trail.Head(ctx)
		head.Seq = 3
		if _, err := trail.VerifyHeads(ctx, []audit.Head{head}); !errors.Is(err, audit.ErrBroken) {
			t.Fatalf("altered head accepted: %v", err)
		}
	})
}

func TestAuditAppendsConcurrently(t *testing.T) {
	s := openTemp(t)
	trail := audit.New(s, nil)
	errs := make(chan error, 40)
	for i := range 40 {
		go func() {
			errs <- trail.Append(context.Background(), audit.Entry{Actor: "a1", Action: "dossier.view", Object: fmt.Sprint(i)})
		}()
	}
	for range 40 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n, err := trail.Verify(context.Background()); err != nil || n != 40 {
		t.Fatalf("verify: %d %v", n, err)
	}
}

package transfer_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"loket/server/dossiers"
	"loket/server/store"
	"loket/server/store/transfer"
)

func open(t *testing.T, name string) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), name), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func dossier(n int, status string) dossiers.Dossier {
	return dossiers.Dossier{Number: fmt.Sprintf("%08d", 10000000+n), Procedure: "work", Status: status, Received: "2026-01-02",
		Events: []dossiers.Event{{Code: status, Date: "2026-01-02"}}, BirthHash: []byte("birth")}
}

// source is a store with more dossiers than one write batch holds.
func source(t *testing.T, n int) *store.Store {
	s := open(t, "source.db")
	var ds []dossiers.Dossier
	for i := range n {
		d := dossier(i, "received")
		d.Waiting = i%2 == 0
		ds = append(ds, d)
	}
	if err := s.PutDossiers(ds); err != nil {
		t.Fatal(err)
	}
	return s
}

// failing is a target whose imports fail after the first few.
type failing struct {
	transfer.Store
	left int
}

var errCut = errors.New("the connection was cut")

func (f *failing) ImportRecords(ctx context.Context, kind string, docs [][]byte) error {
	if f.left == 0 {
		return errCut
	}
	f.left--
	return f.Store.ImportRecords(ctx, kind, docs)
}

func count(t *testing.T, s transfer.Store, kind string) int {
	t.Helper()
	n := 0
	if err := s.ExportRecords(context.Background(), kind, func([]byte) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestInterruptedCopyIsCompletedByARerun: a copy cut off after some
// write batches leaves whole batches only, and running it again copies
// exactly the rest; a third run writes nothing.
func TestInterruptedCopyIsCompletedByARerun(t *testing.T) {
	ctx := context.Background()
	n := 2*transfer.BatchSize + 7
	src, dst := source(t, n), open(t, "target.db")
	if _, err := transfer.Copy(ctx, src, &failing{Store: dst, left: 1}); !errors.Is(err, errCut) {
		t.Fatalf("cut copy: %v", err)
	}
	if got := count(t, dst, "dossiers"); got != transfer.BatchSize {
		t.Fatalf("after the cut the target holds %d dossiers, want one batch (%d)", got, transfer.BatchSize)
	}
	rep, err := transfer.Copy(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added() != n-transfer.BatchSize {
		t.Errorf("the rerun wrote %d records, want the %d missing", rep.Added(), n-transfer.BatchSize)
	}
	for _, c := range rep.Counts {
		if c.Source != c.Target {
			t.Errorf("%s: %d in the source, %d in the target", c.Kind, c.Source, c.Target)
		}
	}
	if rep, err := transfer.Copy(ctx, src, dst); err != nil || rep.Added() != 0 {
		t.Errorf("third run: %d written, %v", rep.Added(), err)
	}
	want, _ := src.Queues()
	if got, err := dst.Queues(); err != nil || len(got["work"]) != (n+1)/2 || !reflect.DeepEqual(got, want) {
		t.Errorf("the copy's queue index holds %d waiting dossiers, the source's %d (%v)", len(got["work"]), len(want["work"]), err)
	}
}

// TestTargetWithOtherDataIsRefused: a target holding a record the source
// lacks, or one the source holds otherwise, is refused before anything is
// written.
func TestTargetWithOtherDataIsRefused(t *testing.T) {
	ctx := context.Background()
	src := source(t, 10)
	for name, d := range map[string]dossiers.Dossier{
		"a record the source holds otherwise": dossier(3, "decision"),
		"a record the source lacks":           dossier(99, "received"),
	} {
		t.Run(name, func(t *testing.T) {
			dst := open(t, "target.db")
			if err := dst.PutDossiers([]dossiers.Dossier{d}); err != nil {
				t.Fatal(err)
			}
			_, err := transfer.Copy(ctx, src, dst)
			if !errors.Is(err, transfer.ErrDiffers) {
				t.Fatalf("copy into a target with %s: %v", name, err)
			}
			if got := count(t, dst, "dossiers"); got != 1 {
				t.Errorf("the refused copy wrote: the target holds %d dossiers", got)
			}
		})
	}
}

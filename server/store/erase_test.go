package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/address"
	"loket/server/store/storetest"
)

// clock is a settable fake clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// TestPurgedNotificationsLeaveNoTrace replays issue 14 item 15: after the
// retention purge a passport number was found 66 times in the data file
// and in later backups, in pages bbolt had freed but not overwritten. The
// notifications here are written, changed a few times (each change leaves
// an old copy of the page behind) and purged; then neither the data file
// nor a backup may hold the number, while a notification kept still shows
// in both.
func TestPurgedNotificationsLeaveNoTrace(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := &clock{time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)}
	svc := storetest.AddressService(t, s, c.now, 30*24*time.Hour)
	const purged, kept = "QZ7410852", "KP3692581"
	var refs []string
	for i := range 40 {
		in := storetest.AddressInput("elsene", "1050", "2026-05-20")
		in.DocNumber = purged
		in.Number = strconv.Itoa(i + 1)
		sub, err := svc.Submit(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, sub.Notification.Ref.String())
	}
	for _, ref := range refs {
		for _, st := range []string{address.StatusChecked, address.StatusComeIn} {
			if _, err := svc.SetStatus(ctx, []string{"elsene"}, ref, st, "a1"); err != nil {
				t.Fatal(err)
			}
		}
	}
	in := storetest.AddressInput("elsene", "1050", "2026-07-25")
	in.DocNumber = kept
	if _, err := svc.Submit(ctx, in); err != nil {
		t.Fatal(err)
	}
	if n := countIn(t, s.Path(), purged); n == 0 {
		t.Fatal("the test's notifications are not in the file to begin with")
	}
	c.t = time.Date(2026, 6, 20, 12, 0, 0, 0, time.UTC)
	if n, err := svc.Purge(ctx); err != nil || n != 40 {
		t.Fatalf("purge: %d %v", n, err)
	}
	if n := countIn(t, s.Path(), purged); n != 0 {
		t.Errorf("purged passport number still %d times in the data file", n)
	}
	if n := countIn(t, s.Path(), kept); n == 0 {
		t.Error("a kept notification is gone from the data file")
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	f, err := os.Create(backup)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Backup(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if n := countIn(t, backup, purged); n != 0 {
		t.Errorf("purged passport number %d times in a backup", n)
	}
	// The backup is a working store with the kept notification.
	b, err := Open(backup, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	list, err := b.AddressNotificationsIn(ctx, "elsene", time.Time{}, time.Now().Add(24*time.Hour))
	if err != nil || len(list) != 1 || list[0].DocNumber != kept {
		t.Fatalf("backup holds %d notifications (%v)", len(list), err)
	}
}

// countIn counts the occurrences of s in the file at path.
func countIn(t *testing.T, path, s string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte(s))
}

// TestBackupHoldsNoDeletedRecords: whatever deleted a record (here a
// write that does not scrub), a backup is written compacted, so the
// record's bytes, still in the live file's free pages, do not reach it.
func TestBackupHoldsNoDeletedRecords(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := &clock{time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)}
	svc := storetest.AddressService(t, s, c.now, 30*24*time.Hour)
	const gone = "DL5820417"
	in := storetest.AddressInput("elsene", "1050", "2026-05-20")
	in.DocNumber = gone
	sub, err := svc.Submit(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAddress).Delete([]byte(sub.Notification.Ref))
	}); err != nil {
		t.Fatal(err)
	}
	if countIn(t, s.Path(), gone) == 0 {
		t.Fatal("the deleted record is not in a free page to begin with")
	}
	var b bytes.Buffer
	if _, err := s.Backup(&b); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b.Bytes(), []byte(gone)); n != 0 {
		t.Errorf("deleted passport number %d times in the backup", n)
	}
}

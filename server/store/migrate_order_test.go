package store

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestMigrationsInOrder: the schema steps are listed by their numbers, one
// step per number, so that the list reads as the data file's history.
func TestMigrationsInOrder(t *testing.T) {
	for i := 1; i < len(migrations); i++ {
		prev, _, _ := strings.Cut(migrations[i-1].id, "-")
		cur, _, _ := strings.Cut(migrations[i].id, "-")
		if cur <= prev {
			t.Errorf("step %s is listed after %s", migrations[i].id, migrations[i-1].id)
		}
	}
}

// TestRenumberedStepRunsOnceAndNoneIsSkipped: a file written before the
// content revisions moved from 0011 to 0013 (when they shared 0011 with
// the lawyer API tokens) has run that step under its old id. Opening it
// does not run it again (its record keeps the day it ran, its data
// stays), still runs a step it has not run (here 0017), records every
// step under its current id, and a read-only open of such a file works.
func TestRenumberedStepRunsOnceAndNoneIsSkipped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loket.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	const ranAt = "2026-11-30T10:00:00Z"
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMigrations)
		for _, id := range []string{"0013-content-revisions", "0017-notify-changes"} {
			if err := b.Delete([]byte(id)); err != nil {
				return err
			}
		}
		if err := b.Put([]byte("0011-content-revisions"), []byte(ranAt)); err != nil {
			return err
		}
		if err := tx.DeleteBucket(bucketNotifyChanges); err != nil {
			return err
		}
		return tx.Bucket(bucketContentRevisions).Put([]byte("k"), []byte("revision"))
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatalf("open a file of the old numbering: %v", err)
	}
	ids, _ := s.Migrations()
	want := make([]string, 0, len(migrations))
	for _, m := range migrations {
		want = append(want, m.id)
	}
	if !slices.Equal(ids, want) {
		t.Errorf("steps after open = %v, want %v", ids, want)
	}
	err = s.db.View(func(tx *bolt.Tx) error {
		if got := string(tx.Bucket(bucketMigrations).Get([]byte("0013-content-revisions"))); got != ranAt {
			t.Errorf("0013-content-revisions ran at %q, want %q (run again?)", got, ranAt)
		}
		if tx.Bucket(bucketNotifyChanges) == nil {
			t.Error("0017-notify-changes was skipped")
		}
		if string(tx.Bucket(bucketContentRevisions).Get([]byte("k"))) != "revision" {
			t.Error("content revisions lost")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Back to the old numbering with nothing left to run: a read-only
	// open accepts it as it is.
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMigrations)
		if err := b.Delete([]byte("0013-content-revisions")); err != nil {
			return err
		}
		return b.Put([]byte("0011-content-revisions"), []byte(ranAt))
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of the old numbering: %v", err)
	}
	defer ro.Close()
	if ids, _ := ro.Migrations(); !slices.Contains(ids, "0011-content-revisions") || len(ids) != len(migrations) {
		t.Errorf("read-only open changed the steps: %v", ids)
	}
}

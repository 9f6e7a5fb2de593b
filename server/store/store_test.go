package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// openTemp opens a store in a fresh temporary directory, closed at cleanup.
func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "loket.db"), Options{NoSync: true})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpenRunsEveryMigrationOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loket.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := s.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(migrations) {
		t.Fatalf("ran %d steps, want %d: %v", len(ids), len(migrations), ids)
	}
	s.Close()
	s, err = Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	again, _ := s.Migrations()
	if len(again) != len(ids) {
		t.Fatalf("reopen changed the steps: %v -> %v", ids, again)
	}
	if err := s.Ping(); err != nil {
		t.Fatalf("ping: %v", err)
	}
}

func TestOpenRefusesCorruptFile(t *testing.T) {
	for name, content := range map[string][]byte{
		"short":   []byte("not a database"),
		"garbage": bytes.Repeat([]byte{0xAB}, 64*1024),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "loket.db")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Open(path, Options{})
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("err = %v, want ErrCorrupt", err)
			}
		})
	}
}

func TestOpenRefusesLockedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loket.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = Open(path, Options{LockTimeout: 50 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
}

func TestBackupIsAnOpenableCopy(t *testing.T) {
	s := openTemp(t)
	out := filepath.Join(t.TempDir(), "copy.db")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.Backup(f)
	f.Close()
	if err != nil || n == 0 {
		t.Fatalf("backup: %d bytes, %v", n, err)
	}
	c, err := Open(out, Options{NoSync: true})
	if err != nil {
		t.Fatalf("open copy: %v", err)
	}
	defer c.Close()
	if err := c.Ping(); err != nil {
		t.Fatal(err)
	}
}

func TestDecodeRejectsUnknownEncoding(t *testing.T) {
	var v map[string]any
	if err := decode([]byte{99, '{', '}'}, &v); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v", err)
	}
	b, _ := encode(map[string]int{"a": 1})
	if err := decode(b, &v); err != nil || v["a"] != float64(1) {
		t.Fatalf("round trip: %v %v", v, err)
	}
}

func TestSecretIsMadeOnceAndKept(t *testing.T) {
	s := openTemp(t)
	a, err := s.Secret("csrf")
	if err != nil || len(a) != 32 {
		t.Fatalf("secret: %x %v", a, err)
	}
	b, _ := s.Secret("csrf")
	if !bytes.Equal(a, b) {
		t.Fatal("second call gave another secret")
	}
	c, _ := s.Secret("other")
	if bytes.Equal(a, c) {
		t.Fatal("two names share a secret")
	}
}

func TestDemoMarker(t *testing.T) {
	s := openTemp(t)
	if ok, _ := s.DemoLoaded(); ok {
		t.Fatal("fresh store says demo loaded")
	}
	if err := s.MarkDemoLoaded(); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.DemoLoaded(); !ok {
		t.Fatal("marker not kept")
	}
}

func TestReadOnlyRefusesWritesAndServesReads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loket.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := s.Secret("kept")
	s.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open: %v", err)
	}
	defer ro.Close()
	if got, err := ro.Secret("kept"); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read: %v", err)
	}
	if err := ro.MarkDemoLoaded(); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("write on a read-only store: %v", err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "none.db"), Options{ReadOnly: true}); err == nil {
		t.Fatal("a missing file opened read-only")
	}
}

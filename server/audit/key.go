package audit

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// ErrNoKey is returned by LoadKey for a key file that does not exist.
var ErrNoKey = errors.New("audit: no key file")

// keySize is the length of a key's secret in bytes.
const keySize = 32

// Key seals and verifies a trail. It is kept outside the data file (a
// file of its own, given by flag or environment), so that a copy of the
// data file, a backup or someone who can write only the data file cannot
// re-seal entries they changed. A nil *Key seals unkeyed entries.
type Key struct {
	secret []byte
	id     string
}

// NewKey makes a Key of a secret of at least 32 bytes.
func NewKey(secret []byte) (*Key, error) {
	if len(secret) < keySize {
		return nil, fmt.Errorf("audit: key of %d bytes, want at least %d", len(secret), keySize)
	}
	sum := sha256.Sum256(append([]byte("loket audit key id\x00"), secret...))
	return &Key{secret: append([]byte(nil), secret...), id: hex.EncodeToString(sum[:6])}, nil
}

// ID names the key in every entry it seals, without revealing it: a
// verifier given another key says so instead of calling every entry
// changed.
func (k *Key) ID() string { return k.id }

// LoadKey reads a key file: the secret as hexadecimal on one line. A
// file that does not exist is ErrNoKey, unless create is set: then a new
// random key is written to it (mode 0600), for a server's first start.
func LoadKey(path string, create bool) (*Key, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if !create {
			return nil, fmt.Errorf("%w: %s", ErrNoKey, path)
		}
		return createKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("audit: key file: %w", err)
	}
	secret, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("audit: key file %s is not hexadecimal: %w", path, err)
	}
	return NewKey(secret)
}

// createKey writes a new random key to path; O_EXCL keeps two starting
// processes from each writing their own.
func createKey(path string) (*Key, error) {
	secret := make([]byte, keySize)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("audit: new key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadKey(path, false)
	}
	if err != nil {
		return nil, fmt.Errorf("audit: new key: %w", err)
	}
	if _, err := f.WriteString(hex.EncodeToString(secret) + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("audit: new key: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, fmt.Errorf("audit: new key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("audit: new key: %w", err)
	}
	return NewKey(secret)
}

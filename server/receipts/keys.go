package receipts

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"loket/server/cache"
)

// SigningKey is one Ed25519 key pair as the store keeps it. Seed is the
// private half; it never leaves the server.
type SigningKey struct {
	ID      string    `json:"id"`
	Public  []byte    `json:"public"`
	Seed    []byte    `json:"seed"`
	Created time.Time `json:"created"`
}

// KeyStore is what the Keyring needs from storage.
type KeyStore interface {
	// ReceiptKeys returns every key ever used and the id of the current one
	// ("" when there is none yet).
	ReceiptKeys(ctx context.Context) (keys []SigningKey, current string, err error)
	// EnsureReceiptKey stores k as the current key only if there is no
	// current key yet, in one transaction, and returns the current key.
	EnsureReceiptKey(ctx context.Context, k SigningKey) (SigningKey, error)
	// RotateReceiptKey adds k and makes it current, keeping the old keys.
	RotateReceiptKey(ctx context.Context, k SigningKey) error
}

// Keyring signs tokens with the current key and verifies them with any key
// it has ever used, so rotating keeps printed receipts valid. It is safe
// for concurrent use.
type Keyring struct {
	store KeyStore
	now   func() time.Time

	mu      sync.RWMutex
	current ed25519.PrivateKey
	curID   uint32
	public  map[uint32]ed25519.PublicKey
	created map[uint32]time.Time

	// verified keeps the payloads of tokens whose signature checked out.
	// Keys are only ever added, so a signature once good stays good; a
	// page a QR code opens again and again costs one Ed25519 check.
	verified *cache.Recent[Payload]
}

// verifiedTokens bounds the cache of verified tokens (a few MB).
const verifiedTokens = 16384

// OpenKeyring loads the keys from the store, generating and storing the
// first key pair on the first start. now is the clock (nil: time.Now).
func OpenKeyring(ctx context.Context, store KeyStore, now func() time.Time) (*Keyring, error) {
	if now == nil {
		now = time.Now
	}
	k := &Keyring{store: store, now: now, verified: cache.New[Payload](verifiedTokens)}
	keys, current, err := store.ReceiptKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("receipts: load keys: %w", err)
	}
	if current == "" {
		fresh, err := newSigningKey(now())
		if err != nil {
			return nil, err
		}
		if _, err := store.EnsureReceiptKey(ctx, fresh); err != nil {
			return nil, fmt.Errorf("receipts: store first key: %w", err)
		}
		if keys, current, err = store.ReceiptKeys(ctx); err != nil {
			return nil, fmt.Errorf("receipts: load keys: %w", err)
		}
	}
	if err := k.load(keys, current); err != nil {
		return nil, err
	}
	return k, nil
}

func newSigningKey(now time.Time) (SigningKey, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return SigningKey{}, fmt.Errorf("receipts: generate key: %w", err)
	}
	return SigningKey{ID: keyIDString(keyIDOf(pub)), Public: pub, Seed: priv.Seed(), Created: now.UTC()}, nil
}

// keyIDOf derives a key's 4-byte id from its public half, so a token
// names its key without a registry of numbers.
func keyIDOf(pub ed25519.PublicKey) uint32 {
	h := sha256.Sum256(pub)
	return binary.BigEndian.Uint32(h[:4])
}

func parseKeyID(s string) (uint32, bool) {
	if len(s) != 8 {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 16, 32)
	return uint32(n), err == nil
}

func (k *Keyring) load(keys []SigningKey, current string) error {
	public := make(map[uint32]ed25519.PublicKey, len(keys))
	created := make(map[uint32]time.Time, len(keys))
	var cur ed25519.PrivateKey
	var curID uint32
	for _, sk := range keys {
		if len(sk.Public) != ed25519.PublicKeySize || len(sk.Seed) != ed25519.SeedSize {
			return fmt.Errorf("%w: key %s has the wrong size", ErrNoKey, sk.ID)
		}
		id := keyIDOf(sk.Public)
		if keyIDString(id) != sk.ID {
			return fmt.Errorf("%w: key %s does not match its id", ErrNoKey, sk.ID)
		}
		public[id] = ed25519.PublicKey(sk.Public)
		created[id] = sk.Created
		if sk.ID == current {
			cur, curID = ed25519.NewKeyFromSeed(sk.Seed), id
		}
	}
	if cur == nil {
		return fmt.Errorf("%w: current key %q not among %d keys", ErrNoKey, current, len(keys))
	}
	k.mu.Lock()
	k.current, k.curID, k.public, k.created = cur, curID, public, created
	k.mu.Unlock()
	return nil
}

// Rotate makes a new current key and keeps the old ones for verifying.
// It returns the new key's id.
func (k *Keyring) Rotate(ctx context.Context) (string, error) {
	fresh, err := newSigningKey(k.now())
	if err != nil {
		return "", err
	}
	if err := k.store.RotateReceiptKey(ctx, fresh); err != nil {
		return "", fmt.Errorf("receipts: rotate key: %w", err)
	}
	keys, current, err := k.store.ReceiptKeys(ctx)
	if err != nil {
		return "", fmt.Errorf("receipts: load keys: %w", err)
	}
	if err := k.load(keys, current); err != nil {
		return "", err
	}
	return fresh.ID, nil
}

// CurrentKeyID is the id of the key that signs new tokens.
func (k *Keyring) CurrentKeyID() string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return keyIDString(k.curID)
}

// Sign makes a token for p with the current key. p.KeyID is ignored.
func (k *Keyring) Sign(p Payload) (string, error) {
	b, err := encodePayload(p)
	if err != nil {
		return "", err
	}
	k.mu.RLock()
	priv, id := k.current, k.curID
	k.mu.RUnlock()
	b = binary.BigEndian.AppendUint32(b, id)
	b = append(b, ed25519.Sign(priv, signingInput(b))...)
	return tokenEncoding.EncodeToString(b), nil
}

// Verify checks a token against every key the keyring knows. On
// ErrExpired it returns the payload as well.
func (k *Keyring) Verify(token string) (Payload, error) {
	p, ok := k.verified.Get(token)
	if !ok {
		var err error
		if p, err = verifySignature(token, k.lookup); err != nil {
			return Payload{}, err
		}
		k.verified.Put(token, p)
	}
	return unexpired(p, k.now())
}

func (k *Keyring) lookup(id uint32) (ed25519.PublicKey, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	pub, ok := k.public[id]
	return pub, ok
}

// PublicKeys is the key set to publish at
// /.well-known/loket-receipt-keys.json and to give offline verifiers.
func (k *Keyring) PublicKeys() PublicKeySet {
	k.mu.RLock()
	defer k.mu.RUnlock()
	set := PublicKeySet{Keys: make([]PublicKey, 0, len(k.public))}
	for id, pub := range k.public {
		set.Keys = append(set.Keys, PublicKey{
			Kty: "OKP", Crv: "Ed25519", Use: "sig", Kid: keyIDString(id),
			X:       base64.RawURLEncoding.EncodeToString(pub),
			Created: k.created[id], Current: id == k.curID,
		})
	}
	// Oldest first; keys made in the same second (a rotation right after
	// the first start) keep a fixed order: the current one last.
	sort.Slice(set.Keys, func(i, j int) bool {
		a, b := set.Keys[i], set.Keys[j]
		switch {
		case !a.Created.Equal(b.Created):
			return a.Created.Before(b.Created)
		case a.Current != b.Current:
			return b.Current
		}
		return a.Kid < b.Kid
	})
	return set
}

// PublicKeySet is a JSON Web Key Set of Ed25519 public keys (RFC 8037),
// with the key's creation time and whether it signs new tokens.
type PublicKeySet struct {
	Keys []PublicKey `json:"keys"`
}

// PublicKey is one entry of a PublicKeySet.
type PublicKey struct {
	Kty     string    `json:"kty"`
	Crv     string    `json:"crv"`
	Use     string    `json:"use,omitempty"`
	Kid     string    `json:"kid"`
	X       string    `json:"x"`
	Created time.Time `json:"created,omitzero"`
	Current bool      `json:"current,omitempty"`
}

// Verifier checks tokens with public keys only: for `loket verify TOKEN`
// on a machine without the store, or any party holding the key set.
type Verifier struct {
	keys map[uint32]ed25519.PublicKey
	now  func() time.Time
}

// NewVerifier builds a verifier from a published key set; now is the
// clock (nil: time.Now). A key that is not an Ed25519 key is an error.
func NewVerifier(set PublicKeySet, now func() time.Time) (*Verifier, error) {
	if now == nil {
		now = time.Now
	}
	v := &Verifier{keys: make(map[uint32]ed25519.PublicKey, len(set.Keys)), now: now}
	for _, pk := range set.Keys {
		pub, err := base64.RawURLEncoding.DecodeString(pk.X)
		if pk.Kty != "OKP" || pk.Crv != "Ed25519" || err != nil || len(pub) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("%w: key %q is not an Ed25519 public key", ErrMalformed, pk.Kid)
		}
		id := keyIDOf(pub)
		if kid, ok := parseKeyID(pk.Kid); !ok || kid != id {
			return nil, fmt.Errorf("%w: key %q does not match its id", ErrMalformed, pk.Kid)
		}
		v.keys[id] = pub
	}
	return v, nil
}

// Verify checks a token offline. It cannot know about revocation; see
// Service.Check for that.
func (v *Verifier) Verify(token string) (Payload, error) {
	return verifyWith(token, func(id uint32) (ed25519.PublicKey, bool) {
		pub, ok := v.keys[id]
		return pub, ok
	}, v.now())
}

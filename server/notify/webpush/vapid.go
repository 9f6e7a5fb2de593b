package webpush

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"time"
)

// Keys is the application server's VAPID key pair (RFC 8292).
type Keys struct {
	priv *ecdsa.PrivateKey
	pub  []byte // uncompressed point, 65 bytes
}

// KeysFromSecret makes the VAPID key pair from a 32-byte secret kept in
// the store, so every restart and every instance signs with the same key
// and browsers' subscriptions stay valid.
func KeysFromSecret(secret []byte) (*Keys, error) {
	priv, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), secret)
	if err != nil {
		return nil, fmt.Errorf("webpush: VAPID key: %w", err)
	}
	pub, err := priv.PublicKey.Bytes()
	if err != nil {
		return nil, fmt.Errorf("webpush: VAPID key: %w", err)
	}
	return &Keys{priv: priv, pub: pub}, nil
}

// PublicKey is the applicationServerKey a page passes to
// pushManager.subscribe, in base64url without padding.
func (k *Keys) PublicKey() string { return base64.RawURLEncoding.EncodeToString(k.pub) }

// Authorization is the VAPID Authorization header for a request to
// endpoint: an ES256 JWT whose audience is the endpoint's origin, valid
// for ttl (at most 24 hours), with subject as the contact (a mailto: or
// https: URL).
func (k *Keys) Authorization(endpoint, subject string, now time.Time, ttl time.Duration) (string, error) {
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("webpush: endpoint %q has no origin", endpoint)
	}
	ttl = min(ttl, 24*time.Hour)
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"typ":"JWT","alg":"ES256"}`))
	claims, err := json.Marshal(map[string]any{"aud": u.Scheme + "://" + u.Host, "exp": now.Add(ttl).Unix(), "sub": subject})
	if err != nil {
		return "", err
	}
	signing := header + "." + base64.RawURLEncoding.EncodeToString(claims)
	digest := sha256.Sum256([]byte(signing))
	r, s, err := ecdsa.Sign(rand.Reader, k.priv, digest[:])
	if err != nil {
		return "", err
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return "vapid t=" + signing + "." + base64.RawURLEncoding.EncodeToString(sig) + ", k=" + k.PublicKey(), nil
}

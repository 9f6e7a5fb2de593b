package receipts

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/skip2/go-qrcode"
)

func samplePayload() Payload {
	id, _, _ := newID()
	return Payload{ReceiptID: id, Kind: KindQueueTicket, Reference: "A-042",
		At: testNow.Add(time.Hour), OfficeID: "brussels-north", Expires: testNow.Add(24 * time.Hour)}
}

func newTestKeyring(t *testing.T, now *time.Time) (*Keyring, *memStore) {
	t.Helper()
	st := newMemStore()
	kr, err := OpenKeyring(context.Background(), st, func() time.Time { return *now })
	if err != nil {
		t.Fatal(err)
	}
	return kr, st
}

// notGenuine reports whether err is one of the refusals of a forged or
// damaged token.
func notGenuine(err error) bool {
	return errors.Is(err, ErrMalformed) || errors.Is(err, ErrBadSignature) || errors.Is(err, ErrUnknownKey)
}

func TestTokenRoundTrip(t *testing.T) {
	now := testNow
	kr, _ := newTestKeyring(t, &now)
	for _, kind := range Kinds() {
		p := samplePayload()
		p.Kind = kind
		tok, err := kr.Sign(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := kr.Verify(tok)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		p.KeyID = kr.CurrentKeyID()
		if got != p {
			t.Fatalf("%s: got %+v, want %+v", kind, got, p)
		}
	}
}

func TestTokenFlippedBitsAreRefused(t *testing.T) {
	now := testNow
	kr, _ := newTestKeyring(t, &now)
	tok, err := kr.Sign(samplePayload())
	if err != nil {
		t.Fatal(err)
	}
	// The genuine token is checked first, so the keyring keeps it as
	// verified: no changed token may pass on the strength of that.
	if _, err := kr.Verify(tok); err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(tok)
	for i := range raw {
		for _, bit := range []byte{0x01, 0x80} {
			b := append([]byte(nil), raw...)
			b[i] ^= bit
			_, err := kr.Verify(base64.RawURLEncoding.EncodeToString(b))
			if !notGenuine(err) {
				t.Fatalf("byte %d bit %#x flipped: err = %v, want a refusal", i, bit, err)
			}
		}
	}
	// Changing a character of the text changes the bytes or the spelling.
	for i := range tok {
		c := byte('A')
		if tok[i] == 'A' {
			c = 'B'
		}
		bad := tok[:i] + string(c) + tok[i+1:]
		if _, err := kr.Verify(bad); !notGenuine(err) {
			t.Fatalf("character %d changed: err = %v", i, err)
		}
	}
}

func TestTokenTruncatedOrPadded(t *testing.T) {
	now := testNow
	kr, _ := newTestKeyring(t, &now)
	tok, _ := kr.Sign(samplePayload())
	for n := 0; n < len(tok); n++ {
		if _, err := kr.Verify(tok[:n]); !notGenuine(err) {
			t.Fatalf("truncated to %d: err = %v", n, err)
		}
	}
	for _, bad := range []string{tok + "A", tok + "AAAA", strings.Repeat("A", 10_000), "not a token!", tok + "=", "%%%"} {
		if _, err := kr.Verify(bad); !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrBadSignature) {
			t.Fatalf("%.20q...: err = %v, want ErrMalformed or ErrBadSignature", bad, err)
		}
	}
}

func TestTokenWrongKeyID(t *testing.T) {
	now := testNow
	kr, _ := newTestKeyring(t, &now)
	other, _ := newTestKeyring(t, &now)
	tok, _ := other.Sign(samplePayload())
	if _, err := kr.Verify(tok); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("token of another keyring: err = %v, want ErrUnknownKey", err)
	}
	// The same token with our key id but the other key's signature.
	raw, _ := base64.RawURLEncoding.DecodeString(tok)
	kid := raw[len(raw)-64-4 : len(raw)-64]
	ours, _ := parseKeyID(kr.CurrentKeyID())
	kid[0], kid[1], kid[2], kid[3] = byte(ours>>24), byte(ours>>16), byte(ours>>8), byte(ours)
	if _, err := kr.Verify(base64.RawURLEncoding.EncodeToString(raw)); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("key id swapped: err = %v, want ErrBadSignature", err)
	}
}

func TestRotationKeepsOldTokensValid(t *testing.T) {
	now := testNow
	kr, _ := newTestKeyring(t, &now)
	old := kr.CurrentKeyID()
	before, _ := kr.Sign(samplePayload())
	newID, err := kr.Rotate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if newID == old || kr.CurrentKeyID() != newID {
		t.Fatalf("rotate: current %s, old %s, new %s", kr.CurrentKeyID(), old, newID)
	}
	after, _ := kr.Sign(samplePayload())
	for name, tok := range map[string]string{"before": before, "after": after} {
		if _, err := kr.Verify(tok); err != nil {
			t.Fatalf("%s rotation: %v", name, err)
		}
	}
	if p, _ := kr.Verify(after); p.KeyID != newID {
		t.Fatalf("new token signed by %s, want %s", p.KeyID, newID)
	}
	set := kr.PublicKeys()
	if len(set.Keys) != 2 || set.Keys[1].Kid != newID || !set.Keys[1].Current || set.Keys[0].Current {
		t.Fatalf("public key set after rotation: %+v", set)
	}
}

func TestTokenExpiry(t *testing.T) {
	now := testNow
	kr, _ := newTestKeyring(t, &now)
	p := samplePayload()
	tok, _ := kr.Sign(p)
	now = p.Expires.Add(-time.Minute)
	if _, err := kr.Verify(tok); err != nil {
		t.Fatalf("a minute before expiry: %v", err)
	}
	now = p.Expires
	got, err := kr.Verify(tok)
	if !errors.Is(err, ErrExpired) {
		t.Fatalf("at expiry: err = %v, want ErrExpired", err)
	}
	if got.Reference != p.Reference {
		t.Fatalf("expired token should still say what it was: %+v", got)
	}
}

// TestOfflineVerifier checks the published key set round-trips through
// JSON into a verifier that needs no store.
func TestOfflineVerifier(t *testing.T) {
	now := testNow
	kr, _ := newTestKeyring(t, &now)
	tok, _ := kr.Sign(samplePayload())
	b, err := json.Marshal(kr.PublicKeys())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "seed") || strings.Contains(string(b), "\"d\"") {
		t.Fatalf("public key set leaks private material: %s", b)
	}
	var set PublicKeySet
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatal(err)
	}
	v, err := NewVerifier(set, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(tok); err != nil {
		t.Fatalf("offline verify: %v", err)
	}
	other, _ := newTestKeyring(t, &now)
	foreign, _ := other.Sign(samplePayload())
	if _, err := v.Verify(foreign); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("foreign token: %v, want ErrUnknownKey", err)
	}
	bad := set
	bad.Keys = append([]PublicKey(nil), set.Keys...)
	bad.Keys[0].Kid = "00000000"
	if _, err := NewVerifier(bad, nil); !errors.Is(err, ErrMalformed) {
		t.Fatalf("key set with a wrong kid: %v, want ErrMalformed", err)
	}
	bad.Keys[0] = PublicKey{Kty: "OKP", Crv: "Ed25519", Kid: set.Keys[0].Kid, X: "short"}
	if _, err := NewVerifier(bad, nil); !errors.Is(err, ErrMalformed) {
		t.Fatalf("key set with a bad key: %v, want ErrMalformed", err)
	}
}

// TestLargestTokenFitsSmallQR checks the worst case, the longest reference,
// office id and base URL, still makes a QR code of version 10 or lower.
func TestLargestTokenFitsSmallQR(t *testing.T) {
	now := testNow
	kr, _ := newTestKeyring(t, &now)
	p := samplePayload()
	p.Reference = strings.Repeat("W", maxReference)
	p.OfficeID = strings.Repeat("o", maxOfficeID)
	tok, err := kr.Sign(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) > maxTokenChars {
		t.Fatalf("token of %d characters exceeds maxTokenChars %d", len(tok), maxTokenChars)
	}
	url := "https://" + strings.Repeat("x", maxBaseURL-len("https://")) + "/r/" + tok
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	if q.VersionNumber > 10 {
		t.Fatalf("%d-byte URL needs QR version %d, want <= 10", len(url), q.VersionNumber)
	}
	t.Logf("worst case: %d-character token, %d-byte URL, QR version %d", len(tok), len(url), q.VersionNumber)
}

// FuzzVerify feeds arbitrary text to the verifier: it must refuse, never panic.
func FuzzVerify(f *testing.F) {
	now := testNow
	st := newMemStore()
	kr, err := OpenKeyring(context.Background(), st, func() time.Time { return now })
	if err != nil {
		f.Fatal(err)
	}
	tok, _ := kr.Sign(samplePayload())
	f.Add(tok)
	f.Add("")
	f.Add("AQ")
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := kr.Verify(s); err == nil && s != tok {
			t.Fatalf("accepted %q", s)
		}
	})
}

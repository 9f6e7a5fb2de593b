package receipts

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"time"
)

// Payload is what a token proves: no names, only what a desk needs to
// match the paper with the record.
type Payload struct {
	ReceiptID string
	Kind      Kind
	Reference string
	// At and Expires have minute precision, in UTC.
	At       time.Time
	OfficeID string
	Expires  time.Time
	// KeyID names the key that signed the token.
	KeyID string
}

// Token layout, all integers big-endian:
//
//	version(1) kind(1) id(8) len(1) reference len(1) office at(4) expires(4) keyid(4) signature(64)
//
// Times are Unix minutes. The signature covers tokenContext and every
// byte before it, the key id included.
const (
	tokenVersion  = 1
	keyIDSize     = 4
	minTokenBytes = 1 + 1 + 8 + 1 + 1 + 1 + 1 + 4 + 4 + keyIDSize + ed25519.SignatureSize
	maxTokenBytes = minTokenBytes - 2 + maxReference + maxOfficeID
	// maxTokenChars bounds the text read before decoding anything.
	maxTokenChars = (maxTokenBytes*4 + 2) / 3
)

var (
	tokenContext  = []byte("loket-receipt\x00")
	tokenEncoding = base64.RawURLEncoding.Strict()
)

// encodePayload writes p without key id and signature.
func encodePayload(p Payload) ([]byte, error) {
	spec, ok := kinds[p.Kind]
	if !ok {
		return nil, fmt.Errorf("%w: kind %q", ErrInvalid, p.Kind)
	}
	id, ok := parseID(p.ReceiptID)
	if !ok {
		return nil, fmt.Errorf("%w: receipt id %q", ErrInvalid, p.ReceiptID)
	}
	if !tokenText(p.Reference, maxReference, isReferenceByte) || !tokenText(p.OfficeID, maxOfficeID, isOfficeByte) {
		return nil, fmt.Errorf("%w: reference or office id", ErrInvalid)
	}
	at, ok1 := unixMinutes(p.At)
	exp, ok2 := unixMinutes(p.Expires)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("%w: time out of range", ErrInvalid)
	}
	b := make([]byte, 0, maxTokenBytes)
	b = append(b, tokenVersion, spec.code)
	b = append(b, id[:]...)
	b = append(b, byte(len(p.Reference)))
	b = append(b, p.Reference...)
	b = append(b, byte(len(p.OfficeID)))
	b = append(b, p.OfficeID...)
	b = binary.BigEndian.AppendUint32(b, at)
	b = binary.BigEndian.AppendUint32(b, exp)
	return b, nil
}

func unixMinutes(t time.Time) (uint32, bool) {
	m := t.Unix() / 60
	if t.IsZero() || m < 0 || m > 1<<32-1 {
		return 0, false
	}
	return uint32(m), true
}

// signedToken is a token taken apart but not yet trusted.
type signedToken struct {
	payload Payload
	keyID   uint32
	signed  []byte // the bytes the signature covers, without the context
	sig     []byte
}

// parseToken checks a token's shape and decodes it; it trusts nothing.
func parseToken(token string) (signedToken, error) {
	var t signedToken
	if len(token) > maxTokenChars {
		return t, fmt.Errorf("%w: %d characters", ErrMalformed, len(token))
	}
	b, err := tokenEncoding.DecodeString(token)
	if err != nil {
		return t, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if len(b) < minTokenBytes {
		return t, fmt.Errorf("%w: %d bytes", ErrMalformed, len(b))
	}
	if b[0] != tokenVersion {
		return t, fmt.Errorf("%w: version %d", ErrMalformed, b[0])
	}
	kind, ok := kindFromCode(b[1])
	if !ok {
		return t, fmt.Errorf("%w: kind %d", ErrMalformed, b[1])
	}
	p := Payload{Kind: kind, ReceiptID: idEncoding.EncodeToString(b[2:10])}
	rest := b[10:]
	ref, rest, ok := lengthPrefixed(rest, maxReference, isReferenceByte)
	if !ok {
		return t, fmt.Errorf("%w: reference", ErrMalformed)
	}
	office, rest, ok := lengthPrefixed(rest, maxOfficeID, isOfficeByte)
	if !ok {
		return t, fmt.Errorf("%w: office id", ErrMalformed)
	}
	if len(rest) != 4+4+keyIDSize+ed25519.SignatureSize {
		return t, fmt.Errorf("%w: length", ErrMalformed)
	}
	p.Reference, p.OfficeID = ref, office
	p.At = time.Unix(int64(binary.BigEndian.Uint32(rest))*60, 0).UTC()
	p.Expires = time.Unix(int64(binary.BigEndian.Uint32(rest[4:]))*60, 0).UTC()
	t.keyID = binary.BigEndian.Uint32(rest[8:])
	p.KeyID = keyIDString(t.keyID)
	t.payload = p
	t.signed = b[:len(b)-ed25519.SignatureSize]
	t.sig = b[len(b)-ed25519.SignatureSize:]
	return t, nil
}

func lengthPrefixed(b []byte, max int, ok func(byte) bool) (string, []byte, bool) {
	if len(b) < 1 {
		return "", nil, false
	}
	n := int(b[0])
	if n == 0 || n > max || len(b) < 1+n {
		return "", nil, false
	}
	s := string(b[1 : 1+n])
	return s, b[1+n:], tokenText(s, max, ok)
}

// signingInput is what Ed25519 signs: a context string, so a signature
// made for receipts cannot be replayed elsewhere, then the token bytes.
func signingInput(signed []byte) []byte {
	return append(append(make([]byte, 0, len(tokenContext)+len(signed)), tokenContext...), signed...)
}

func keyIDString(id uint32) string { return fmt.Sprintf("%08x", id) }

// verifyWith checks a parsed token against a key lookup and a clock. It
// returns the payload with ErrExpired too, so a desk can still see what an
// expired receipt said.
func verifyWith(token string, lookup func(uint32) (ed25519.PublicKey, bool), now time.Time) (Payload, error) {
	p, err := verifySignature(token, lookup)
	if err != nil {
		return Payload{}, err
	}
	return unexpired(p, now)
}

// verifySignature parses a token and checks its signature, not its expiry.
func verifySignature(token string, lookup func(uint32) (ed25519.PublicKey, bool)) (Payload, error) {
	t, err := parseToken(token)
	if err != nil {
		return Payload{}, err
	}
	pub, ok := lookup(t.keyID)
	if !ok {
		return Payload{}, fmt.Errorf("%w: %s", ErrUnknownKey, keyIDString(t.keyID))
	}
	if !ed25519.Verify(pub, signingInput(t.signed), t.sig) {
		return Payload{}, ErrBadSignature
	}
	return t.payload, nil
}

// unexpired returns p, with ErrExpired once now has reached its expiry.
func unexpired(p Payload, now time.Time) (Payload, error) {
	if !now.Before(p.Expires) {
		return p, fmt.Errorf("%w: on %s", ErrExpired, p.Expires.Format(time.RFC3339))
	}
	return p, nil
}

// Package webpush sends Web Push messages without a third-party SDK: the
// payload encrypted as RFC 8291 says (aes128gcm, RFC 8188), the sender
// identified with VAPID (RFC 8292), delivered to the browser's push
// service over RFC 8030.
package webpush

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/hkdf"
)

// MaxPayload is the most plaintext one message may carry: push services
// accept 4096 bytes of body, less the 86-byte header, the padding
// delimiter and the 16-byte tag.
const MaxPayload = 4096 - 86 - 1 - 16

// recordSize is the rs field: one record holds the whole message.
const recordSize = 4096

// ErrPayloadTooLarge refuses a payload over MaxPayload.
var ErrPayloadTooLarge = errors.New("webpush: payload too large")

// Encrypt encrypts plaintext for the browser whose public key is uaPublic
// (65 bytes, uncompressed P-256) and authentication secret auth (16
// bytes), as RFC 8291 section 3 says, with a fresh key pair and salt. The
// result is the aes128gcm body: salt, record size, the sender's public
// key, then one record.
func Encrypt(plaintext, uaPublic, auth []byte) ([]byte, error) {
	as, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	return encrypt(as, salt, plaintext, uaPublic, auth)
}

// encrypt is Encrypt with the sender's key pair and the salt given.
func encrypt(as *ecdh.PrivateKey, salt, plaintext, uaPublic, auth []byte) ([]byte, error) {
	if len(plaintext) > MaxPayload {
		return nil, ErrPayloadTooLarge
	}
	if len(auth) != 16 {
		return nil, fmt.Errorf("webpush: auth secret is %d bytes, want 16", len(auth))
	}
	ua, err := ecdh.P256().NewPublicKey(uaPublic)
	if err != nil {
		return nil, fmt.Errorf("webpush: browser key: %w", err)
	}
	shared, err := as.ECDH(ua)
	if err != nil {
		return nil, fmt.Errorf("webpush: key agreement: %w", err)
	}
	asPublic := as.PublicKey().Bytes()

	// RFC 8291 3.3 and 3.4: the input keying material from the shared
	// secret and the authentication secret.
	keyInfo := append([]byte("WebPush: info\x00"), uaPublic...)
	keyInfo = append(keyInfo, asPublic...)
	ikm, err := expand(hkdf.Extract(sha256.New, shared, auth), keyInfo, 32)
	if err != nil {
		return nil, err
	}
	// RFC 8188 2.2 and 2.3: the content encryption key and nonce.
	prk := hkdf.Extract(sha256.New, ikm, salt)
	cek, err := expand(prk, []byte("Content-Encoding: aes128gcm\x00"), 16)
	if err != nil {
		return nil, err
	}
	nonce, err := expand(prk, []byte("Content-Encoding: nonce\x00"), 12)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, 86+len(plaintext)+1+gcm.Overhead())
	out = append(out, salt...)
	out = binary.BigEndian.AppendUint32(out, recordSize)
	out = append(out, byte(len(asPublic)))
	out = append(out, asPublic...)
	// The last (only) record ends with the delimiter 2 and no padding.
	record := append(append(make([]byte, 0, len(plaintext)+1), plaintext...), 2)
	return gcm.Seal(out, nonce, record, nil), nil
}

func expand(prk, info []byte, n int) ([]byte, error) {
	out := make([]byte, n)
	if _, err := io.ReadFull(hkdf.Expand(sha256.New, prk, info), out); err != nil {
		return nil, err
	}
	return out, nil
}

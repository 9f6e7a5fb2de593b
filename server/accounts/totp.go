package accounts

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// TOTP per RFC 6238 with the parameters every authenticator app assumes:
// HMAC-SHA-1, 30-second steps, 6 digits. A code is accepted one step early
// or late, for clock drift and typing time.
const (
	totpStep   = 30
	totpDigits = 6
	totpSkew   = 1
	secretLen  = 20
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret makes a random 160-bit secret.
func NewTOTPSecret() ([]byte, error) {
	s := make([]byte, secretLen)
	_, err := rand.Read(s)
	return s, err
}

// SecretText is the secret as people type it into an app: base32 in
// groups of four.
func SecretText(secret []byte) string {
	s := b32.EncodeToString(secret)
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// OTPAuthURI is the otpauth:// URI that enrolment QR codes carry.
func OTPAuthURI(issuer, account string, secret []byte) string {
	v := url.Values{}
	v.Set("secret", b32.EncodeToString(secret))
	v.Set("issuer", issuer)
	v.Set("algorithm", "SHA1")
	v.Set("digits", "6")
	v.Set("period", "30")
	return "otpauth://totp/" + url.PathEscape(issuer+":"+account) + "?" + v.Encode()
}

// TOTPStep is the RFC 6238 time step of t.
func TOTPStep(t time.Time) int64 { return t.Unix() / totpStep }

// TOTPCode is the code of secret at time step step (RFC 4226 HOTP), with
// the given number of digits.
func TOTPCode(secret []byte, step int64, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step))
	m := hmac.New(sha1.New, secret)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// checkTOTP returns the step at which code is valid within the skew and
// after the last used step, or ok false.
func checkTOTP(secret []byte, code string, now time.Time, lastStep int64) (int64, bool) {
	if len(code) != totpDigits {
		return 0, false
	}
	cur := TOTPStep(now)
	for s := cur - totpSkew; s <= cur+totpSkew; s++ {
		if s <= lastStep {
			continue
		}
		if hmac.Equal([]byte(TOTPCode(secret, s, totpDigits)), []byte(code)) {
			return s, true
		}
	}
	return 0, false
}

// cleanCode keeps the digits and letters of a typed code, upper-cased,
// turning other scripts' digits into ASCII; anything longer than any code
// is refused.
func cleanCode(s string) string {
	if len(s) > 64 {
		return ""
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r >= '٠' && r <= '٩':
			b.WriteRune(r - '٠' + '0')
		case r >= '۰' && r <= '۹':
			b.WriteRune(r - '۰' + '0')
		}
	}
	return b.String()
}

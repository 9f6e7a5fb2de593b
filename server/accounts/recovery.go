package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Recovery codes let someone who lost their phone sign in once each. They
// are random enough (60 bits) that a plain SHA-256 is a safe way to store
// them; an attacker with the store cannot guess them back.
const (
	RecoveryCount    = 10
	recoveryLen      = 12
	recoveryAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no 0/O, 1/I
)

// newRecoveryCodes returns codes to show once ("ABCD-EFGH-JKLM") and the
// hashes to store.
func newRecoveryCodes() (codes, hashes []string, err error) {
	for range RecoveryCount {
		b := make([]byte, recoveryLen)
		if _, err := rand.Read(b); err != nil {
			return nil, nil, err
		}
		raw := make([]byte, recoveryLen)
		for i, v := range b {
			raw[i] = recoveryAlphabet[int(v)%len(recoveryAlphabet)]
		}
		s := string(raw)
		codes = append(codes, s[:4]+"-"+s[4:8]+"-"+s[8:])
		hashes = append(hashes, hashRecovery(s))
	}
	return codes, hashes, nil
}

// hashRecovery hashes a cleaned code (no dashes, upper case).
func hashRecovery(clean string) string {
	sum := sha256.Sum256([]byte("loket-recovery:" + strings.ToUpper(clean)))
	return hex.EncodeToString(sum[:])
}

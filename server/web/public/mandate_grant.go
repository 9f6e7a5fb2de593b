package public

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"loket/server/dossiers"
)

// GrantTTL is how long a status result lets its reader create or revoke a
// lawyer's access without looking the dossier up again.
const GrantTTL = 15 * time.Minute

// mandateGrant signs "number|expiry": the status result carries it in a
// hidden field, proof that this browser just answered the lookup secret.
func (h *Handler) mandateGrant(number string) string {
	exp := strconv.FormatInt(h.Now().Add(GrantTTL).Unix(), 10)
	return number + "." + exp + "." + h.grantMAC(number, exp)
}

func (h *Handler) grantMAC(number, exp string) string {
	m := hmac.New(sha256.New, h.Secret)
	m.Write([]byte("mandate-grant:" + number + "|" + exp))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkGrant returns the dossier number of a valid, unexpired grant.
func (h *Handler) checkGrant(g string) (string, bool) {
	parts := strings.Split(g, ".")
	if len(parts) != 3 || !dossiers.ValidNumber(parts[0]) {
		return "", false
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || h.Now().Unix() >= exp {
		return "", false
	}
	if !hmac.Equal([]byte(parts[2]), []byte(h.grantMAC(parts[0], parts[1]))) {
		return "", false
	}
	return parts[0], true
}

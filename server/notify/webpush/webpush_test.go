package webpush

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/hkdf"
)

func b64(s string) []byte {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// TestRFC8291Example encrypts the example of RFC 8291 appendix A with its
// keys and salt and must give its body, byte for byte.
func TestRFC8291Example(t *testing.T) {
	as, err := ecdh.P256().NewPrivateKey(b64("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := encrypt(as, b64("DGv6ra1nlYgDCS1FRnbzlw"), []byte("When I grow up, I want to be a watermelon"),
		b64("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"), b64("BTBZMqHH6r4Tts7J_aSIgg"))
	if err != nil {
		t.Fatal(err)
	}
	want := "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
	if g := base64.RawURLEncoding.EncodeToString(got); g != want {
		t.Fatalf("body\n got %s\nwant %s", g, want)
	}
}

func TestEncryptRefuses(t *testing.T) {
	ua, _ := ecdh.P256().GenerateKey(rand.Reader)
	if _, err := Encrypt(make([]byte, MaxPayload+1), ua.PublicKey().Bytes(), make([]byte, 16)); !errors.Is(err, ErrPayloadTooLarge) {
		t.Errorf("oversized payload: %v", err)
	}
	if _, err := Encrypt([]byte("x"), ua.PublicKey().Bytes(), make([]byte, 15)); err == nil {
		t.Error("short auth secret accepted")
	}
	if _, err := Encrypt([]byte("x"), append([]byte{4}, make([]byte, 64)...), make([]byte, 16)); err == nil {
		t.Error("a point off the curve accepted")
	}
	body, err := Encrypt(make([]byte, MaxPayload), ua.PublicKey().Bytes(), make([]byte, 16))
	if err != nil || len(body) != 4096 {
		t.Errorf("largest payload: %d bytes, %v", len(body), err)
	}
}

// decrypt is the browser's side of RFC 8291, for the tests: it reads the
// aes128gcm header, derives the key from the browser's private key and
// auth secret, and strips the padding.
func decrypt(body []byte, ua *ecdh.PrivateKey, auth []byte) ([]byte, error) {
	if len(body) < 21 || len(body) < 21+int(body[20]) {
		return nil, errors.New("short body")
	}
	salt, rs, idlen := body[:16], binary.BigEndian.Uint32(body[16:20]), int(body[20])
	as, err := ecdh.P256().NewPublicKey(body[21 : 21+idlen])
	if err != nil {
		return nil, err
	}
	shared, err := ua.ECDH(as)
	if err != nil {
		return nil, err
	}
	info := append(append([]byte("WebPush: info\x00"), ua.PublicKey().Bytes()...), as.Bytes()...)
	ikm, _ := expand(hkdf.Extract(sha256.New, shared, auth), info, 32)
	prk := hkdf.Extract(sha256.New, ikm, salt)
	cek, _ := expand(prk, []byte("Content-Encoding: aes128gcm\x00"), 16)
	nonce, _ := expand(prk, []byte("Content-Encoding: nonce\x00"), 12)
	block, _ := aes.NewCipher(cek)
	gcm, _ := cipher.NewGCM(block)
	record := body[21+idlen:]
	if uint32(len(record)) > rs {
		return nil, errors.New("more than one record")
	}
	plain, err := gcm.Open(nil, nonce, record, nil)
	if err != nil {
		return nil, err
	}
	plain = bytes.TrimRight(plain, "\x00")
	if len(plain) == 0 || plain[len(plain)-1] != 2 {
		return nil, errors.New("no last-record delimiter")
	}
	return plain[:len(plain)-1], nil
}

// verifyVAPID checks an Authorization header against the public key it
// names and returns its claims.
func verifyVAPID(header string) (map[string]any, []byte, error) {
	rest, ok := strings.CutPrefix(header, "vapid t=")
	if !ok {
		return nil, nil, errors.New("not vapid")
	}
	jwt, k, ok := strings.Cut(rest, ", k=")
	if !ok {
		return nil, nil, errors.New("no k=")
	}
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return nil, nil, errors.New("not a JWT")
	}
	pub := b64(k)
	x, y := elliptic.Unmarshal(elliptic.P256(), pub) //nolint:staticcheck // only to build the verification key
	if x == nil {
		return nil, nil, errors.New("bad key")
	}
	sig := b64(parts[2])
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if len(sig) != 64 || !ecdsa.Verify(&ecdsa.PublicKey{Curve: elliptic.P256(), X: x, Y: y}, digest[:],
		new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		return nil, nil, errors.New("signature does not verify")
	}
	var claims map[string]any
	if err := json.Unmarshal(b64(parts[1]), &claims); err != nil {
		return nil, nil, err
	}
	return claims, pub, nil
}

func testKeys(t *testing.T) *Keys {
	t.Helper()
	secret := make([]byte, 32)
	rand.Read(secret)
	k, err := KeysFromSecret(secret)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// node runs the independent implementations in interop/check.js.
func node(t *testing.T, in any) map[string]any {
	t.Helper()
	dir, _ := filepath.Abs("interop")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "http_ece")); err != nil {
		const why = "web-push and http_ece are missing: run 'npm ci' in server/notify/webpush/interop (make test does)"
		if testing.Short() && os.Getenv("CI") != "true" {
			t.Skip(why) // the quick loop of a fresh clone, before make test
		}
		t.Fatal(why)
	}
	b, _ := json.Marshal(in)
	cmd := exec.Command("node", filepath.Join(dir, "check.js"))
	cmd.Stdin = bytes.NewReader(b)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var res map[string]any
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("node said %s: %v", out, err)
	}
	return res
}

// TestNodeDecryptsWhatGoEncrypts: http_ece decrypts Go's body and Node's
// crypto verifies Go's VAPID signature.
func TestNodeDecryptsWhatGoEncrypts(t *testing.T) {
	ua, _ := ecdh.P256().GenerateKey(rand.Reader)
	auth := make([]byte, 16)
	rand.Read(auth)
	keys := testKeys(t)
	for _, plain := range []string{`{"title":"Loket","body":"ملفك فيه جديد"}`, "", strings.Repeat("ቋንቋ", 300)} {
		body, err := Encrypt([]byte(plain), ua.PublicKey().Bytes(), auth)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		header, err := keys.Authorization("https://updates.push.services.mozilla.com/wpush/v2/gAAAA", "mailto:ops@loket.example", now, 12*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		res := node(t, map[string]string{"body": base64.RawURLEncoding.EncodeToString(body),
			"uaPrivate": base64.RawURLEncoding.EncodeToString(ua.Bytes()), "auth": base64.RawURLEncoding.EncodeToString(auth), "authorization": header})
		if res["plaintext"] != plain {
			t.Fatalf("node decrypted %q (%v), want %q", res["plaintext"], res["decryptError"], plain)
		}
		claims, _ := res["claims"].(map[string]any)
		hdr, _ := res["header"].(map[string]any)
		if res["vapidValid"] != true || hdr["alg"] != "ES256" || claims["aud"] != "https://updates.push.services.mozilla.com" ||
			claims["sub"] != "mailto:ops@loket.example" || claims["exp"].(float64) != float64(now.Add(12*time.Hour).Unix()) {
			t.Fatalf("node on the VAPID header: %v", res)
		}
	}
}

// TestGoDecryptsWhatNodeEncrypts: the test's browser side reads web-push's
// body, and web-push's VAPID header verifies with the key from the same
// secret format Loket keeps.
func TestGoDecryptsWhatNodeEncrypts(t *testing.T) {
	ua, _ := ecdh.P256().GenerateKey(rand.Reader)
	auth := make([]byte, 16)
	rand.Read(auth)
	secret := make([]byte, 32)
	rand.Read(secret)
	keys, err := KeysFromSecret(secret)
	if err != nil {
		t.Fatal(err)
	}
	plain := "Votre dossier a du nouveau : ouvrez Loket"
	res := node(t, map[string]any{"encrypt": map[string]string{"plaintext": plain,
		"p256dh": base64.RawURLEncoding.EncodeToString(ua.PublicKey().Bytes()), "auth": base64.RawURLEncoding.EncodeToString(auth),
		"vapidPublic": keys.PublicKey(), "vapidPrivate": base64.RawURLEncoding.EncodeToString(secret)}})
	got, err := decrypt(b64(res["body"].(string)), ua, auth)
	if err != nil || string(got) != plain {
		t.Fatalf("decrypt web-push's body: %q %v", got, err)
	}
	claims, pub, err := verifyVAPID(res["authorization"].(string))
	if err != nil || base64.RawURLEncoding.EncodeToString(pub) != keys.PublicKey() || claims["aud"] != "https://push.example.org" {
		t.Fatalf("web-push's VAPID header: %v %v", claims, err)
	}
}

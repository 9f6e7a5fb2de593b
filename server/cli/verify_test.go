package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loket/server/config"
	"loket/server/receipts"
	"loket/server/store"
)

// issueReceipt records a booking confirmation in the store at data (made
// if missing) while no server holds it, and returns the receipt and token.
func issueReceipt(t *testing.T, data string) (receipts.Receipt, string) {
	t.Helper()
	return issueReceiptAt(t, data, time.Now())
}

// issueReceiptAt issues as if the clock said now.
func issueReceiptAt(t *testing.T, data string, now time.Time) (receipts.Receipt, string) {
	t.Helper()
	s, err := store.Open(data, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	clock := func() time.Time { return now }
	keys, err := receipts.OpenKeyring(ctx, s, clock)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := receipts.New(s, keys, receipts.Config{BaseURL: "http://loket.test", Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	r, token, err := svc.Issue(ctx, receipts.Input{Kind: receipts.KindBookingConfirmed, Reference: "K7M-4QX2",
		At: now.Add(48 * time.Hour), OfficeID: "brussels-north", Fields: map[string]string{"procedure": "work", "desk": "3"}})
	if err != nil {
		t.Fatal(err)
	}
	return r, token
}

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(args, nil, &stdout, &stderr, func(string) string { return "" })
	return code, stdout.String(), stderr.String()
}

func flipByte(t *testing.T, token string, i int) string {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		t.Fatal(err)
	}
	b[(i+len(b))%len(b)] ^= 0x80
	return base64.RawURLEncoding.EncodeToString(b)
}

func TestVerifyWithExportedKeys(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "loket.db")
	_, token := issueReceipt(t, data)
	_, expired := issueReceiptAt(t, data, time.Now().Add(-30*24*time.Hour))
	keysFile := filepath.Join(dir, "keys.json")
	if code, _, errOut := run(t, "keys", "export", "-data", data, "-out", keysFile); code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"genuine", []string{"verify", "-keys", keysFile, token}, 0, "GENUINE receipt"},
		{"flags after the token", []string{"verify", token, "-keys", keysFile}, 0, "reference: K7M-4QX2"},
		{"the QR link", []string{"verify", "-keys", keysFile, "https://loket.example.be/r/" + token}, 0, "kind:      booking_confirmed"},
		{"flipped signature byte", []string{"verify", "-keys", keysFile, flipByte(t, token, -1)}, 1, "NOT GENUINE: the signature"},
		{"flipped reference byte", []string{"verify", "-keys", keysFile, flipByte(t, token, 12)}, 1, "NOT GENUINE"},
		{"flipped key id byte", []string{"verify", "-keys", keysFile, flipByte(t, token, -65)}, 1, "not in this key set"},
		{"truncated", []string{"verify", "-keys", keysFile, token[:40]}, 1, "not a well-formed"},
		{"expired", []string{"verify", "-keys", keysFile, expired}, 1, "NOT GENUINE: the receipt expired on"},
		{"no keys", []string{"verify", token}, 2, ""},
		{"two sources", []string{"verify", "-keys", keysFile, "-url", "http://x", token}, 2, ""},
		{"missing key file", []string{"verify", "-keys", filepath.Join(dir, "none.json"), token}, 2, ""},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, tt.args...)
		if code != tt.code || !strings.Contains(out, tt.out) {
			t.Errorf("%s: exit %d, want %d; out %q err %q", tt.name, code, tt.code, out, errOut)
		}
		if tt.code == 1 && tt.name != "expired" && strings.Contains(out, "K7M-4QX2") {
			t.Errorf("%s: a forged token's content is printed", tt.name)
		}
	}
}

func TestKeysRotateKeepsOldReceiptsValid(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "loket.db")
	_, old := issueReceipt(t, data)
	code, out, errOut := run(t, "keys", "rotate", "-data", data)
	if code != 0 || !strings.Contains(out, "new signing key") {
		t.Fatalf("rotate: %d %s %s", code, out, errOut)
	}
	_, fresh := issueReceipt(t, data)
	code, out, _ = run(t, "keys", "export", "-data", data)
	var set receipts.PublicKeySet
	if err := json.Unmarshal([]byte(out), &set); code != 0 || err != nil {
		t.Fatalf("export: %d %v", code, err)
	}
	current := 0
	for _, k := range set.Keys {
		if k.Current {
			current++
		}
	}
	if len(set.Keys) != 2 || current != 1 || strings.Contains(out, "seed") {
		t.Fatalf("key set after rotation: %s", out)
	}
	keysFile := filepath.Join(dir, "keys.json")
	os.WriteFile(keysFile, []byte(out), 0o644)
	for _, token := range []string{old, fresh} {
		if code, out, _ := run(t, "verify", "-keys", keysFile, token); code != 0 {
			t.Errorf("after rotation: %d %s", code, out)
		}
	}
	if code, _, _ := run(t, "keys", "export", "-data", filepath.Join(dir, "none.db")); code != 1 {
		t.Errorf("export of a missing store: %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Error("export made a new store")
	}
	if code, _, _ := run(t, "keys", "burn", "-data", data); code != 2 {
		t.Errorf("unknown subcommand: %d", code)
	}
}

// TestReceiptsAgainstTheRealServer issues a receipt into a data file, then
// starts the real server on it and checks every receipt route over HTTP.
func TestReceiptsAgainstTheRealServer(t *testing.T) {
	data := filepath.Join(t.TempDir(), "loket.db")
	r, token := issueReceipt(t, data)
	url, _, _ := startServer(t, func(c *config.Config) { c.Data = data })
	fetch := func(path string, header ...string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodGet, url+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res, string(b)
	}
	res, body := fetch("/fa/r/" + token)
	if res.StatusCode != 200 || !strings.Contains(body, "receipt-genuine") || !strings.Contains(body, `dir="rtl"`) || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("page: %d %v", res.StatusCode, res.Header)
	}
	res, body = fetch("/api/v1/receipts/verify/"+flipByte(t, token, 5), "Accept-Language", "nl")
	if res.StatusCode != 200 || !strings.HasPrefix(body, `{"genuine":false,"reason_code":"bad_signature"`) {
		t.Errorf("forged: %d %s", res.StatusCode, body)
	}
	res, body = fetch("/api/v1/receipts/" + r.ID + ".pdf?format=80mm&token=" + token)
	if res.StatusCode != 200 || !strings.HasPrefix(body, "%PDF-") {
		t.Errorf("pdf: %d %.60s", res.StatusCode, body)
	}
	if code, out, errOut := run(t, "verify", "-url", url, token); code != 0 {
		t.Errorf("verify -url: %d %s %s", code, out, errOut)
	}
	if code, out, errOut := run(t, "verify", url+"/r/"+flipByte(t, token, -1)); code != 1 {
		t.Errorf("verify a forged link: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, "keys", "export", "-data", data); code != 1 || !strings.Contains(errOut, "running server") {
		t.Errorf("export while running: %d %s", code, errOut)
	}
}

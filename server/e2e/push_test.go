package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"

	"loket/server/locale"
	"loket/translations"
)

// pushStub replaces PushManager.subscribe in every page of a tab. Headless
// Chromium has no push service of its own (it would register with Google's
// servers), so the stub stands in for the browser's push service: it keeps
// the key the page subscribes with, makes the subscription's P-256 key pair
// and auth secret with WebCrypto, and names endpoint, a local RFC 8030
// push resource. window.__decrypt reads an aes128gcm body (RFC 8291) with
// that private key, as the browser's push service client would: the
// browser's own WebCrypto checks Loket's encryption.
func pushStub(endpoint string) string {
	return `(() => {
  const b64u = a => btoa(String.fromCharCode(...new Uint8Array(a))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const enc = s => new TextEncoder().encode(s);
  const cat = (...as) => { const out = new Uint8Array(as.reduce((n, a) => n + a.length, 0)); let i = 0; for (const a of as) { out.set(a, i); i += a.length; } return out; };
  const hkdf = async (salt, ikm, info, n) => new Uint8Array(await crypto.subtle.deriveBits({name: 'HKDF', hash: 'SHA-256', salt, info},
    await crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']), n * 8));
  PushManager.prototype.subscribe = async function (opts) {
    window.__askedKey = b64u(opts.applicationServerKey);
    const ua = await crypto.subtle.generateKey({name: 'ECDH', namedCurve: 'P-256'}, false, ['deriveBits']);
    const pub = new Uint8Array(await crypto.subtle.exportKey('raw', ua.publicKey));
    const auth = crypto.getRandomValues(new Uint8Array(16));
    window.__ua = {key: ua.privateKey, pub, auth};
    const json = {endpoint: ` + jsString(endpoint) + `, expirationTime: null, keys: {p256dh: b64u(pub), auth: b64u(auth)}};
    return {endpoint: json.endpoint, toJSON: () => json};
  };
  window.__decrypt = async b64 => {
    const body = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
    const salt = body.slice(0, 16), idlen = body[20], as = body.slice(21, 21 + idlen), record = body.slice(21 + idlen);
    const asKey = await crypto.subtle.importKey('raw', as, {name: 'ECDH', namedCurve: 'P-256'}, false, []);
    const shared = new Uint8Array(await crypto.subtle.deriveBits({name: 'ECDH', public: asKey}, window.__ua.key, 256));
    const ikm = await hkdf(window.__ua.auth, shared, cat(enc('WebPush: info\0'), window.__ua.pub, as), 32);
    const cek = await crypto.subtle.importKey('raw', await hkdf(salt, ikm, enc('Content-Encoding: aes128gcm\0'), 16), 'AES-GCM', false, ['decrypt']);
    const nonce = await hkdf(salt, ikm, enc('Content-Encoding: nonce\0'), 12);
    const plain = new Uint8Array(await crypto.subtle.decrypt({name: 'AES-GCM', iv: nonce}, cek, record));
    let end = plain.length;
    while (end > 0 && plain[end - 1] === 0) end--;
    if (plain[end - 1] !== 2) throw new Error('no last-record delimiter');
    return new TextDecoder().decode(plain.slice(0, end - 1));
  };
})();`
}

// pushed is one request a local push service received.
type pushed struct {
	encoding, authorization, ttl string
	body                         []byte
}

// TestPushReachesTheServiceWorker walks Web Push in real Chromium: the
// Arabic status result's button subscribes through the page's script
// (with Loket's VAPID key), the back office records a status change, the
// encrypted, VAPID-signed message reaches the local push service, the
// browser's WebCrypto decrypts it, and the service worker, given it as a
// push event, shows the notification in Arabic, right to left.
func TestPushReachesTheServiceWorker(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	got := make(chan pushed, 4)
	service := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusCreated)
		got <- pushed{r.Header.Get("Content-Encoding"), r.Header.Get("Authorization"), r.Header.Get("TTL"), body}
	}))
	t.Cleanup(service.Close)
	data := filepath.Join(t.TempDir(), "loket.db")
	out, err := exec.Command(binary, "token", "create", "-data", data, "-name", "e2e").Output()
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(string(out))
	l := start(t, "-demo", "-data", data, "-push", "-vapid-subject", "mailto:ops@loket.test", "-push-private")
	cats, err := locale.Load(translations.FS, locale.Options{Default: "en"})
	if err != nil {
		t.Fatal(err)
	}
	ar := cats.Printer("ar")

	ctx := tab(t)
	var mu sync.Mutex
	registrations := map[string]serviceworker.RegistrationID{}
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*serviceworker.EventWorkerRegistrationUpdated); ok {
			mu.Lock()
			defer mu.Unlock()
			for _, r := range e.Registrations {
				if !r.IsDeleted {
					registrations[r.ScopeURL] = r.RegistrationID
				}
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: pushStub(service.URL + "/push/e2e")}); err != nil {
			return err
		}
		if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: "notifications"}, Setting: cdpbrowser.PermissionSettingGranted, Origin: l.URL}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, serviceworker.Enable, cdp.Empty{})
		return err
	}))
	do(t, ctx, chromedp.Navigate(l.URL+"/ar/status"))
	lookUp(t, ctx, "10000001", "1990-01-01")
	waitFor(t, ctx, `!!document.querySelector('[data-notify-push]') && !document.querySelector('[data-notify-push]').hidden`, 20*time.Second)
	do(t, ctx, chromedp.Click(css(`[data-notify-push]`)))
	waitFor(t, ctx, `document.querySelector('[data-notify-status]').textContent === `+jsString(ar.T("notify.follow.push_done")), 30*time.Second)
	var vapid struct {
		Key string `json:"public_key"`
	}
	res, err := http.Get(l.URL + "/.well-known/loket-push-key.json")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(res.Body).Decode(&vapid)
	res.Body.Close()
	if asked := eval[string](t, ctx, `window.__askedKey`); vapid.Key == "" || asked != vapid.Key {
		t.Fatalf("the page subscribed with %q, the server's key is %q", asked, vapid.Key)
	}

	// The back office records a change; the message goes out at once.
	today := time.Now().Format(time.DateOnly)
	event := `fetch('/api/v1/backoffice/dossiers/10000001/events', {method: 'POST', headers: {'Content-Type': 'application/json',
		'Authorization': 'Bearer ` + token + `'}, body: JSON.stringify({id: 'e2e-push', code: 'interview', date: '` + today + `'})}).then(r => r.status)`
	if status := eval[int](t, ctx, event); status != 201 {
		t.Fatalf("event: %d", status)
	}
	var p pushed
	select {
	case p = <-got:
	case <-ctx.Done():
		t.Fatal("no message reached the push service")
	}
	if p.encoding != "aes128gcm" || !strings.HasPrefix(p.authorization, "vapid t=") || !strings.Contains(p.authorization, "k="+vapid.Key) || p.ttl == "" {
		t.Fatalf("push request: encoding %q, authorization %q, TTL %q", p.encoding, p.authorization, p.ttl)
	}
	plain := eval[string](t, ctx, `window.__decrypt(`+jsString(base64.StdEncoding.EncodeToString(p.body))+`)`)
	var content map[string]string
	if err := json.Unmarshal([]byte(plain), &content); err != nil {
		t.Fatalf("decrypted payload %q: %v", plain, err)
	}
	if content["title"] != ar.T("notify.push.title") || content["body"] != ar.T("notify.push.status") || content["lang"] != "ar" ||
		content["dir"] != "rtl" || content["url"] != "/ar/status" || strings.Contains(plain, "10000001") {
		t.Fatalf("payload: %q", plain)
	}

	// The service worker receives it as a push event and shows it.
	mu.Lock()
	reg, ok := registrations[l.URL+"/"]
	mu.Unlock()
	if !ok {
		t.Fatalf("no service worker registration for %s/ (%v)", l.URL, registrations)
	}
	// DevTools hands the message to the worker as its push service would.
	// While this test was written a delivery was now and then lost (no
	// push event, no error), so the test hands it again as a push service
	// retries, and waits without a clock: the notification's tag makes a
	// second copy replace the first.
	shown := `navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => JSON.stringify(ns.map(n => [n.title, n.body, n.dir, n.lang])))`
	want, _ := json.Marshal([][]string{{ar.T("notify.push.title"), ar.T("notify.push.status"), "rtl", "ar"}})
	seen, attempt := "", 0
	for ; attempt < 10 && seen != string(want); attempt++ {
		do(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, serviceworker.DeliverPushMessage, serviceworker.DeliverPushMessageParams{
				Origin: l.URL, RegistrationID: reg, Data: plain})
			return err
		}))
		for poll := 0; poll < 30 && seen != string(want); poll++ {
			time.Sleep(100 * time.Millisecond)
			seen = eval[string](t, ctx, shown)
		}
	}
	if seen != string(want) {
		t.Fatalf("notifications shown: %s, want %s", seen, want)
	}
	t.Logf("the worker showed the notification after %d deliveries", attempt)
}

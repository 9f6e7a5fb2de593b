package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"loket/server/announce"
	"loket/server/queue"
)

// voice is a speech engine for tests: it says nothing in Tigrinya and
// notes what it was asked to say.
type voice struct {
	mu   sync.Mutex
	said []string
}

func (v *voice) Speaks(lang string) bool { return lang != "ti" }

func (v *voice) Speak(_ context.Context, lang, text string) ([]byte, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.said = append(v.said, lang+": "+text)
	return make([]byte, 2*announce.Rate/10), nil
}

// TestDisplaySpeaksTheCalls: the call display of an office with sound
// labels in its call languages (beyond fr and nl, each part marked with
// its language) and plays each call: a WAV (read back by Python's wave
// module) of the chime and the call in every call language that has a
// voice. Only a call on the board is said; a silent office says nothing.
func TestDisplaySpeaksTheCalls(t *testing.T) {
	v := &voice{}
	for _, silent := range []bool{false, true} {
		qa := newQueueAppWith(t, 50, func(o *queue.Office) {
			o.CallLanguages, o.Silent = []string{"fr", "nl", "en", "ar", "ti"}, silent
		})
		qa.app = qa.variant(t, func(d *Deps) { d.Announcer = announce.New(v) })
		ctx := context.Background()
		if _, err := qa.q.TakeTicket(ctx, "brussels", "documents", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := qa.q.CallNext(ctx, queue.Desk{OfficeID: "brussels", Name: "3", Services: []string{"documents"}}); err != nil {
			t.Fatal(err)
		}
		_, page := get(t, qa.app, "/display/brussels")
		if !strings.Contains(page, `<span lang="ar" dir="rtl">الشباك</span>`) || !strings.Contains(page, `<span lang="en" dir="ltr">Desk</span>`) {
			t.Errorf("silent %v: the display's labels are not in its call languages", silent)
		}
		if strings.Contains(page, `data-audio="/display/brussels/call.wav"`) == silent {
			t.Errorf("silent %v: data-audio on the page: %v", silent, !silent)
		}
		res, wav := get(t, qa.app, "/display/brussels/call.wav?n=A001&d=3")
		if silent {
			if res.StatusCode != 404 {
				t.Errorf("a silent office's call: %d", res.StatusCode)
			}
			continue
		}
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "audio/wav" {
			t.Fatalf("call audio: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		want := []string{"fr: Ticket A 0 0 1, guichet 3.", "nl: Ticket A 0 0 1, loket 3.", "en: Ticket A 0 0 1, desk 3.", "ar: التذكرة A 0 0 1، الشباك 3."}
		if strings.Join(v.said, "|") != strings.Join(want, "|") {
			t.Errorf("said %q, want %q", v.said, want)
		}
		checkWAV(t, []byte(wav))
		for _, q := range []string{"n=A002&d=3", "n=A001&d=4", "n=A001"} {
			if res, _ := get(t, qa.app, "/display/brussels/call.wav?"+q); res.StatusCode != 404 {
				t.Errorf("%s, not on the board: %d", q, res.StatusCode)
			}
		}
	}
}

// checkWAV reads the file with Python's wave module: mono, 16 bits, at
// the announcer's rate, with as many frames as its data holds.
func checkWAV(t *testing.T, wav []byte) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Log("python3 not installed: WAV not read back")
		return
	}
	path := filepath.Join(t.TempDir(), "call.wav")
	if err := os.WriteFile(path, wav, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", `import sys, wave
w = wave.open(sys.argv[1])
print(w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes() == (len(open(sys.argv[1], 'rb').read()) - 44) // 2)`, path).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "1 2 22050 True" {
		t.Errorf("wave module: %v %s", err, out)
	}
}

package announce

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// espeak returns the real engine, or skips where espeak-ng is not
// installed (CI installs it: a missing one fails there).
func espeak(t *testing.T) Espeak {
	t.Helper()
	path, err := exec.LookPath("espeak-ng")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("espeak-ng is required in CI (apt-get install espeak-ng)")
		}
		t.Skip("no espeak-ng (apt-get install espeak-ng)")
	}
	return Espeak{Path: path}
}

// counting wraps an engine and counts its syntheses.
type counting struct {
	Engine
	n atomic.Int32
}

func (c *counting) Speak(ctx context.Context, lang, text string) ([]byte, error) {
	c.n.Add(1)
	return c.Engine.Speak(ctx, lang, text)
}

// wavInfo reads a WAV file with Python's wave module, a reader this
// package did not write: channels, sample width, rate, frames.
func wavInfo(t *testing.T, wav []byte) [4]int {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3 to read the WAV back")
	}
	f := filepath.Join(t.TempDir(), "call.wav")
	if err := os.WriteFile(f, wav, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("python3", "-c", `import sys, wave
w = wave.open(sys.argv[1])
print(w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes())`, f).CombinedOutput()
	if err != nil {
		t.Fatalf("python wave: %v\n%s", err, out)
	}
	var v [4]int
	for i, s := range strings.Fields(string(out)) {
		v[i], _ = strconv.Atoi(s)
	}
	return v
}

func TestAnnounceChimeThenEachLanguage(t *testing.T) {
	a := New(espeak(t))
	ctx := context.Background()
	fr := Phrase{"fr", "Ticket " + Spell("A012") + ", guichet 3"}
	nl := Phrase{"nl", "Ticket " + Spell("A012") + ", loket 3"}
	one, err := a.Announce(ctx, []Phrase{fr})
	if err != nil {
		t.Fatal(err)
	}
	two, err := a.Announce(ctx, []Phrase{fr, nl})
	if err != nil {
		t.Fatal(err)
	}
	chimeFrames := len(chime()) / 2
	i1, i2 := wavInfo(t, one), wavInfo(t, two)
	if i1[0] != 1 || i1[1] != 2 || i1[2] != Rate {
		t.Fatalf("format %v: want mono 16-bit %d Hz", i1, Rate)
	}
	// A spoken phrase lasts more than half a second after the chime, and
	// the second language adds about as much again.
	if speech := i1[3] - chimeFrames; speech < Rate/2 {
		t.Errorf("one language: %d frames of speech", speech)
	}
	if added := i2[3] - i1[3]; added < Rate/2 {
		t.Errorf("the second language added %d frames", added)
	}
	// The speech is sound, not silence.
	if peak(two[44+2*chimeFrames:]) < 3000 {
		t.Error("the speech is (nearly) silent")
	}
}

func peak(pcm []byte) int {
	m := 0
	for i := 0; i+1 < len(pcm); i += 2 {
		v := int(int16(uint16(pcm[i]) | uint16(pcm[i+1])<<8))
		m = max(m, v, -v)
	}
	return m
}

func TestAnnounceEveryVoicedLanguage(t *testing.T) {
	a := New(espeak(t))
	for lang := range espeakVoices {
		wav, err := a.Announce(context.Background(), []Phrase{{lang, "A 0 1 2, 3"}})
		if err != nil {
			t.Errorf("%s: %v", lang, err)
			continue
		}
		if frames := wavInfo(t, wav)[3]; frames <= len(chime())/2+Rate/4 {
			t.Errorf("%s: only %d frames", lang, frames)
		}
	}
}

// Languages without a voice are skipped; with none, the chime remains.
func TestAnnounceSkipsLanguagesWithoutVoice(t *testing.T) {
	e := &counting{Engine: espeak(t)}
	a := New(e)
	wav, err := a.Announce(context.Background(), []Phrase{{"ti", "ትኬት A 0 1 2"}, {"so", "Tigidh A 0 1 2"}})
	if err != nil {
		t.Fatal(err)
	}
	if frames := wavInfo(t, wav)[3]; frames != len(chime())/2 {
		t.Errorf("%d frames, want the chime's %d", frames, len(chime())/2)
	}
	if e.n.Load() != 0 || a.Speaks("ti") || !a.Speaks("ar") {
		t.Errorf("engine ran %d times; speaks ti %v", e.n.Load(), a.Speaks("ti"))
	}
}

// An announcement is made once: displays asking at the same time, or
// later, get the kept one.
func TestAnnounceKeepsWhatItMade(t *testing.T) {
	e := &counting{Engine: espeak(t)}
	a := New(e)
	p := []Phrase{{"ar", "التذكرة A 0 1 2، الشباك 3"}}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := a.Announce(context.Background(), p); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := e.n.Load(); n != 1 {
		t.Errorf("%d syntheses for one call", n)
	}
	// Beyond its size the oldest goes and is made again when asked.
	for i := range cacheEntries {
		if _, err := a.Announce(context.Background(), []Phrase{{"zz", "call " + strconv.Itoa(i)}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Announce(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if n := e.n.Load(); n != 2 {
		t.Errorf("%d syntheses after eviction, want 2", n)
	}
}

func TestAnnounceRefusesBadPhrases(t *testing.T) {
	a := New(Espeak{Path: "/nonexistent/espeak-ng"})
	many := make([]Phrase, maxPhrases+1)
	for i := range many {
		many[i] = Phrase{"en", "x"}
	}
	for name, p := range map[string][]Phrase{
		"empty":     {{"en", ""}},
		"too long":  {{"en", strings.Repeat("a", maxPhraseLen+1)}},
		"not utf-8": {{"en", "\xff\xfe"}},
		"too many":  many,
	} {
		if _, err := a.Announce(context.Background(), p); !errors.Is(err, ErrPhrase) {
			t.Errorf("%s: %v, want ErrPhrase", name, err)
		}
	}
	// A failing engine is an error, not a silent announcement.
	if _, err := a.Announce(context.Background(), []Phrase{{"en", "A 1"}}); err == nil {
		t.Error("missing espeak-ng gave no error")
	}
}

// Brackets would switch espeak-ng to phoneme input; they are read as
// pauses, and the engine's output must still be plain speech.
func TestEspeakReadsMarkupAsText(t *testing.T) {
	e := espeak(t)
	pcm, err := e.Speak(context.Background(), "en", "[[h@l'oU]] <speak>desk 3</speak>")
	if err != nil {
		t.Fatal(err)
	}
	if len(pcm) < Rate/2 || peak(pcm) < 3000 {
		t.Errorf("%d bytes, peak %d", len(pcm), peak(pcm))
	}
	if _, err := e.Speak(context.Background(), "ti", "x"); !errors.Is(err, ErrNoVoice) {
		t.Errorf("ti: %v", err)
	}
}

func TestPCMOfRefusesOtherFormats(t *testing.T) {
	for name, wav := range map[string][]byte{
		"empty":   nil,
		"not wav": []byte("RIFF\x00\x00\x00\x00AVI LIST"),
		"stereo":  append(WAV(nil)[:20], []byte("\x01\x00\x02\x00\x22\x56\x00\x00\x88\x58\x01\x00\x04\x00\x10\x00data\x00\x00\x00\x00")...),
		"no data": WAV(nil)[:36],
	} {
		if _, err := pcmOf(wav); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	pcm, err := pcmOf(WAV([]byte{1, 2, 3, 4}))
	if err != nil || string(pcm) != "\x01\x02\x03\x04" {
		t.Errorf("round trip: %v %v", pcm, err)
	}
}

func TestSpell(t *testing.T) {
	if got := Spell("A012"); got != "A 0 1 2" {
		t.Errorf("Spell: %q", got)
	}
}

// Package announce makes the call display's spoken calls: a chime, then
// "ticket A012, desk 3" in each of the office's languages, as one WAV file
// (16-bit mono PCM). The speech comes from a local engine (Debian's
// espeak-ng, no cloud service); an announcement is made at its first
// request and kept, so every display of an office that plays the same call
// costs one synthesis.
package announce

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"unicode/utf8"
)

// Rate is the sample rate of every announcement, espeak-ng's own.
const Rate = 22050

const (
	maxPhrases     = 8   // languages in one announcement
	maxPhraseLen   = 200 // characters of one phrase
	cacheEntries   = 64  // announcements kept
	gapMillis      = 350 // silence after the chime and between languages
	chimeToneMS    = 260
	chimeAmplitude = 0.35
)

// ErrPhrase refuses an announcement that is empty, too long or has too
// many languages.
var ErrPhrase = errors.New("announce: unusable phrase")

// Phrase is the call as said in one language.
type Phrase struct {
	Lang, Text string
}

// Engine speaks text: mono 16-bit little-endian PCM at Rate.
type Engine interface {
	Speak(ctx context.Context, lang, text string) ([]byte, error)
	// Speaks reports whether the engine has a voice for the language.
	Speaks(lang string) bool
}

// Announcer makes and keeps announcements; it is safe for concurrent use.
type Announcer struct {
	engine Engine
	// slot lets one synthesis run at a time: displays that ask for the
	// same call meanwhile find it kept when their turn comes.
	slot  chan struct{}
	mu    sync.Mutex
	kept  map[string][]byte
	order []string
}

// New returns an Announcer speaking with engine.
func New(engine Engine) *Announcer {
	return &Announcer{engine: engine, slot: make(chan struct{}, 1), kept: map[string][]byte{}}
}

// Speaks reports whether calls can be spoken in the language; calls in
// the others get the chime and the languages that can.
func (a *Announcer) Speaks(lang string) bool { return a.engine.Speaks(lang) }

// Announce returns the WAV file of a chime followed by each phrase whose
// language the engine speaks, in order.
func (a *Announcer) Announce(ctx context.Context, phrases []Phrase) ([]byte, error) {
	if len(phrases) > maxPhrases {
		return nil, fmt.Errorf("%w: %d languages", ErrPhrase, len(phrases))
	}
	var key strings.Builder
	for _, p := range phrases {
		n := utf8.RuneCountInString(p.Text)
		if n == 0 || n > maxPhraseLen || !utf8.ValidString(p.Text) {
			return nil, fmt.Errorf("%w: %q in %s", ErrPhrase, p.Text, p.Lang)
		}
		key.WriteString(p.Lang + "\x00" + p.Text + "\x00")
	}
	if wav, ok := a.lookup(key.String()); ok {
		return wav, nil
	}
	select {
	case a.slot <- struct{}{}:
		defer func() { <-a.slot }()
	case <-ctx.Done():
		return nil, fmt.Errorf("announce: %w", ctx.Err())
	}
	if wav, ok := a.lookup(key.String()); ok {
		return wav, nil
	}
	pcm := chime()
	for _, p := range phrases {
		if !a.engine.Speaks(p.Lang) {
			continue
		}
		speech, err := a.engine.Speak(ctx, p.Lang, p.Text)
		if err != nil {
			return nil, fmt.Errorf("announce %s: %w", p.Lang, err)
		}
		pcm = append(pcm, silence(gapMillis)...)
		pcm = append(pcm, speech...)
	}
	wav := WAV(pcm)
	a.keep(key.String(), wav)
	return wav, nil
}

func (a *Announcer) lookup(key string) ([]byte, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	wav, ok := a.kept[key]
	return wav, ok
}

// keep stores an announcement, forgetting the oldest beyond cacheEntries.
func (a *Announcer) keep(key string, wav []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.kept[key] = wav
	a.order = append(a.order, key)
	if len(a.order) > cacheEntries {
		delete(a.kept, a.order[0])
		a.order = a.order[1:]
	}
}

// Spell writes a ticket number so that it is read sign by sign ("A012"
// as "A 0 1 2"), as people compare it with their paper.
func Spell(ticket string) string {
	var b strings.Builder
	for i, r := range ticket {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// chime is two falling tones (E5, C5), each fading out.
func chime() []byte {
	var pcm []byte
	for _, freq := range []float64{659.25, 523.25} {
		n := Rate * chimeToneMS / 1000
		for i := range n {
			t := float64(i) / Rate
			v := chimeAmplitude * math.Exp(-4*t) * math.Sin(2*math.Pi*freq*t)
			pcm = binary.LittleEndian.AppendUint16(pcm, uint16(int16(v*math.MaxInt16)))
		}
	}
	return pcm
}

func silence(ms int) []byte {
	return make([]byte, 2*Rate*ms/1000)
}

// WAV wraps mono 16-bit PCM at Rate in a RIFF/WAVE header.
func WAV(pcm []byte) []byte {
	var b bytes.Buffer
	b.Grow(44 + len(pcm))
	w := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	w(uint32(36 + len(pcm)))
	b.WriteString("WAVEfmt ")
	w(uint32(16))       // fmt chunk size
	w(uint16(1))        // PCM
	w(uint16(1))        // mono
	w(uint32(Rate))     // sample rate
	w(uint32(Rate * 2)) // bytes per second
	w(uint16(2))        // block align
	w(uint16(16))       // bits per sample
	b.WriteString("data")
	w(uint32(len(pcm)))
	b.Write(pcm)
	return b.Bytes()
}

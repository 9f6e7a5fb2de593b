package announce

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// ErrNoVoice is the engine's answer for a language it has no voice for.
var ErrNoVoice = errors.New("announce: no voice for this language")

// espeakVoices maps Loket's languages to espeak-ng voices. espeak-ng 1.51
// has none for Somali, Pashto or Tigrinya: calls in those languages are
// shown, and spoken in the office's other languages.
var espeakVoices = map[string]string{
	"en": "en-gb", "nl": "nl", "fr": "fr-be", "de": "de", "tr": "tr", "es": "es",
	"ar": "ar", "fa": "fa", "uk": "uk", "ru": "ru",
}

// Espeak runs espeak-ng (Debian package espeak-ng) once per phrase.
type Espeak struct {
	// Path is the program; "espeak-ng" finds it on PATH.
	Path string
}

// Speaks reports whether espeak-ng has a voice for the language.
func (e Espeak) Speaks(lang string) bool {
	_, ok := espeakVoices[lang]
	return ok
}

// Speak runs espeak-ng on text and returns its PCM. The text goes on
// standard input, never as an argument, and phoneme and markup brackets
// are dropped, so a phrase is only ever read out.
func (e Espeak) Speak(ctx context.Context, lang, text string) ([]byte, error) {
	voice, ok := espeakVoices[lang]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoVoice, lang)
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, e.Path, "-v", voice, "-s", "150", "--stdout")
	cmd.Stdin = strings.NewReader(strings.Map(func(r rune) rune {
		if strings.ContainsRune("[]<>", r) {
			return ' '
		}
		return r
	}, text))
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("espeak-ng: %w: %s", err, strings.TrimSpace(errOut.String()))
	}
	return pcmOf(out.Bytes())
}

// pcmOf takes the samples out of espeak-ng's WAV output. Written to a
// pipe, its header carries placeholder sizes, so the data runs to the end.
func pcmOf(wav []byte) ([]byte, error) {
	if len(wav) < 12 || string(wav[:4]) != "RIFF" || string(wav[8:12]) != "WAVE" {
		return nil, errors.New("espeak-ng: output is not WAV")
	}
	for p := 12; p+8 <= len(wav); {
		id, size := string(wav[p:p+4]), binary.LittleEndian.Uint32(wav[p+4:p+8])
		if id == "fmt " {
			if p+24 > len(wav) {
				return nil, errors.New("espeak-ng: short format chunk")
			}
			f := wav[p+8:]
			if binary.LittleEndian.Uint16(f[0:]) != 1 || binary.LittleEndian.Uint16(f[2:]) != 1 ||
				binary.LittleEndian.Uint32(f[4:]) != Rate || binary.LittleEndian.Uint16(f[14:]) != 16 {
				return nil, errors.New("espeak-ng: not 16-bit mono PCM at 22050 Hz")
			}
		}
		if id == "data" {
			pcm := wav[p+8:]
			return pcm[:len(pcm)&^1], nil
		}
		p += 8 + int(size)
	}
	return nil, errors.New("espeak-ng: no data in output")
}

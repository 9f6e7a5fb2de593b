package public

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/announce"
	"loket/server/queue"
)

// DisplayCallAudio is one call as the hall hears it: a chime, then
// "ticket A 0 1 2, desk 3" in each of the display's languages that the
// speech engine speaks, as a WAV file made once and kept. Only a call on
// the office's board (now or recent) is said, so the office's speakers
// cannot be made to say anything else; a silent office, or a server
// without the engine, has none (404).
func (h *Handler) DisplayCallAudio(c *fiber.Ctx) error {
	o, err := h.Queue.Office(c.Params("office"))
	if err != nil || h.Announcer == nil || o.Silent {
		return fiber.ErrNotFound
	}
	number, desk := c.Query("n"), c.Query("d")
	b, err := h.Queue.Board(c.UserContext(), o.ID)
	if err != nil {
		return err
	}
	if !onBoard(b, number, desk) {
		return fiber.ErrNotFound
	}
	var phrases []announce.Phrase
	for _, l := range callLanguages(o) {
		if h.Announcer.Speaks(l) {
			text := h.Catalogs.Printer(l).T("queue.display.spoken", "number", announce.Spell(number), "desk", desk)
			phrases = append(phrases, announce.Phrase{Lang: l, Text: text})
		}
	}
	wav, err := h.Announcer.Announce(c.UserContext(), phrases)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "audio/wav")
	c.Set(fiber.HeaderCacheControl, "public, max-age=600")
	return c.Send(wav)
}

// onBoard reports whether number was called to desk and is still shown.
func onBoard(b *queue.Board, number, desk string) bool {
	for _, calls := range [][]queue.Call{b.Now, b.Recent} {
		for _, call := range calls {
			if call.Number == number && call.Desk == desk {
				return true
			}
		}
	}
	return false
}

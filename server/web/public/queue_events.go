package public

import (
	"bufio"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/config"
	"loket/server/connlimit"
	"loket/server/queue"
	"loket/server/web/kit"
)

// sseHeartbeat is how often an idle event stream sends a comment line:
// proxies keep the connection, and a client that left is noticed (the
// write fails) within this time.
const sseHeartbeat = 15 * time.Second

// sseRetry is the reconnection delay EventSource is told to use.
const sseRetry = "retry: 3000\n"

// streamEvents answers with a text/event-stream of an office's changes.
// render turns an event into one "data:" message for this client (false
// skips it); the first message is the current board. The stream ends when
// the client goes (a write fails), when it is dropped for being slow, or
// at shutdown (the broker closes), and unsubscribes then: no goroutine
// outlives its client by more than one heartbeat.
func (h *Handler) streamEvents(c *fiber.Ctx, office string, render func(queue.Event) ([]byte, bool)) error {
	release, ok := h.streams.Enter(h.ClientIP(c))
	if !ok {
		// EventSource tries again after its retry delay.
		c.Set(fiber.HeaderRetryAfter, "30")
		return fiber.ErrServiceUnavailable
	}
	sub := h.Queue.Broker().Subscribe(office)
	b, err := h.Queue.Board(c.UserContext(), office)
	if err != nil {
		sub.Close()
		release()
		return err
	}
	first, _ := render(queue.Event{Board: b})
	// Compression would hold messages back: this response goes plain.
	c.Request().Header.Del(fiber.HeaderAcceptEncoding)
	c.Set(fiber.HeaderContentType, "text/event-stream; charset=utf-8")
	kit.Private(c) // a ticket's place in the queue is about one person
	c.Set("X-Accel-Buffering", "no")
	conn := c.Context().Conn()
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer release()
		defer sub.Close()
		tick := time.NewTicker(sseHeartbeat)
		defer tick.Stop()
		write := func(b []byte) bool {
			// The server's write timeout covers one response; a stream
			// lives longer, so each message extends it.
			_ = conn.SetWriteDeadline(time.Now().Add(2 * sseHeartbeat))
			if _, err := w.Write(b); err != nil {
				return false
			}
			return w.Flush() == nil
		}
		if !write(append([]byte(sseRetry), first...)) {
			return
		}
		for {
			select {
			case e, ok := <-sub.C:
				if !ok {
					return
				}
				// An event this client skips still writes a comment, so
				// a client that left is noticed at the office's next
				// change, not only at the heartbeat.
				msg, ok := render(e)
				if !ok {
					msg = []byte(":\n\n")
				}
				if !write(msg) {
					return
				}
			case <-tick.C:
				if !write([]byte(": ping\n\n")) {
					return
				}
			}
		}
	})
	return nil
}

// newStreamGate caps the event streams: -max-streams in total and
// -max-streams-per-addr per client address, by default derived from the
// connection caps, which follow the descriptor limit.
func newStreamGate(cfg config.Config) *connlimit.Gate {
	conns, perAddr := connlimit.Defaults(connlimit.RaiseFileLimit())
	if cfg.MaxConns > 0 {
		conns = cfg.MaxConns
	}
	if cfg.MaxConnsPerAddr > 0 {
		perAddr = cfg.MaxConnsPerAddr
	}
	total, per := connlimit.StreamDefaults(conns, perAddr)
	if cfg.MaxStreams > 0 {
		total = cfg.MaxStreams
	}
	if cfg.MaxStreamsPerAddr > 0 {
		per = cfg.MaxStreamsPerAddr
	}
	return connlimit.NewGate(total, per)
}

// sseData frames a JSON payload as one server-sent event.
func sseData(payload []byte) []byte {
	out := make([]byte, 0, len(payload)+8)
	out = append(out, "data: "...)
	out = append(out, payload...)
	return append(out, "\n\n"...)
}

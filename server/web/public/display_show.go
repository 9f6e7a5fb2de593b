package public

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"loket/server/queue"
	"loket/server/web/kit"
)

// displayCall is one call as the display's script reads it.
type displayCall struct {
	Number string `json:"n"`
	Desk   string `json:"d"`
	Recall bool   `json:"r,omitempty"`
}

// displayLine is one service's waiting count.
type displayLine struct {
	Letter  string `json:"l"`
	Name    string `json:"name"`
	Waiting int    `json:"c"`
}

// displayState is the whole display: current and recent calls, waiting
// counts, and the call that just happened (flashed).
type displayState struct {
	Now    []displayCall `json:"now"`
	Recent []displayCall `json:"recent"`
	Lines  []displayLine `json:"lines"`
	Call   *displayCall  `json:"call,omitempty"`
}

// officeLabel is a text in each of the office's languages, for a display
// that everyone in the hall reads: "Guichet · Loket".
func (h *Handler) officeLabel(o queue.Office, key string, args ...any) string {
	parts := make([]string, 0, len(o.Languages))
	for _, l := range o.Languages {
		if s := h.Catalogs.Printer(l).T(key, args...); !slices.Contains(parts, s) {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
}

func (h *Handler) displayStateOf(o queue.Office, e queue.Event) displayState {
	calls := func(cs []queue.Call) []displayCall {
		out := make([]displayCall, 0, len(cs))
		for _, c := range cs {
			out = append(out, displayCall{Number: c.Number, Desk: c.Desk})
		}
		return out
	}
	st := displayState{Now: calls(e.Board.Now), Recent: calls(e.Board.Recent)}
	for _, s := range e.Board.Services {
		st.Lines = append(st.Lines, displayLine{Letter: s.Letter, Name: h.officeLabel(o, serviceKey(s.ID)), Waiting: s.Waiting})
	}
	if e.Call != nil {
		st.Call = &displayCall{Number: e.Call.Number, Desk: e.Call.Desk, Recall: e.Call.Recall}
	}
	return st
}

// displayShow is the hall's call display: full screen, huge numbers, kept
// live by server-sent events. Numbers and desks need no language; labels
// come in the office's languages.
func (h *Handler) DisplayShow(c *fiber.Ctx) error {
	o, err := h.Queue.Office(c.Params("office"))
	if err != nil {
		return fiber.ErrNotFound
	}
	b, err := h.Queue.Board(c.UserContext(), o.ID)
	if err != nil {
		return err
	}
	kit.StateOf(c).Lang = o.Languages[0]
	kit.StateOf(c).Shell = kit.ShellDisplay
	c.Set(fiber.HeaderCacheControl, "no-store")
	return h.Render(c, "display", "queue.display.title", fiber.Map{
		"Office": o, "State": h.displayStateOf(o, queue.Event{Board: b}),
		"Labels": map[string]string{
			"ticket": h.officeLabel(o, "queue.display.ticket"), "desk": h.officeLabel(o, "queue.display.desk"),
			"recent": h.officeLabel(o, "queue.display.recent"), "waiting": h.officeLabel(o, "queue.display.waiting"),
			"title": h.officeLabel(o, "queue.display.title"),
		},
		"Events": "/display/" + o.ID + "/events",
	})
}

// displayEvents streams the display's state after every change. All the
// displays of an office show the same thing: each event is rendered once
// and the bytes shared.
func (h *Handler) DisplayEvents(c *fiber.Ctx) error {
	o, err := h.Queue.Office(c.Params("office"))
	if err != nil {
		return fiber.ErrNotFound
	}
	m, _ := h.displayMemos.LoadOrStore(o.ID, &displayMemo{})
	memo := m.(*displayMemo)
	return h.streamEvents(c, o.ID, func(e queue.Event) ([]byte, bool) {
		return memo.render(e, func() ([]byte, error) { return json.Marshal(h.displayStateOf(o, e)) })
	})
}

// displayMemo keeps the latest rendered display event of one office.
type displayMemo struct {
	mu    sync.Mutex
	board *queue.Board
	call  *queue.Call
	msg   []byte
}

// render returns the message for e, rendering it only if e is not the
// event rendered last. Events are told apart by their board, which the
// queue builds anew for every change.
func (m *displayMemo) render(e queue.Event, marshal func() ([]byte, error)) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.board == e.Board && m.call == e.Call && m.msg != nil {
		return m.msg, true
	}
	b, err := marshal()
	if err != nil {
		return nil, false
	}
	m.board, m.call, m.msg = e.Board, e.Call, sseData(b)
	return m.msg, true
}

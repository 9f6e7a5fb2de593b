package public

import (
	"encoding/json"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"loket/server/locale"
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
	Letter  string      `json:"l"`
	Name    []labelPart `json:"name"`
	Waiting int         `json:"c"`
	// NameHTML is Name for the page as the server draws it.
	NameHTML template.HTML `json:"-"`
}

// labelPart is a display text in one language, marked with its language
// and direction so that screen readers and fonts get each part right.
type labelPart struct {
	Lang string `json:"l"`
	Dir  string `json:"d"`
	Text string `json:"t"`
}

// displayState is the whole display: current and recent calls, waiting
// counts, and the call that just happened (flashed).
type displayState struct {
	Now    []displayCall `json:"now"`
	Recent []displayCall `json:"recent"`
	Lines  []displayLine `json:"lines"`
	Call   *displayCall  `json:"call,omitempty"`
}

// callLanguages are the office's call display languages.
func callLanguages(o queue.Office) []string {
	if len(o.CallLanguages) > 0 {
		return o.CallLanguages
	}
	return o.Languages
}

// officeLabel is a text in each of the display's languages, for everyone
// in the hall: "Loket · Guichet · Desk · شباك"; a language saying the same
// as one before it is left out.
func (h *Handler) officeLabel(o queue.Office, key string, args ...any) []labelPart {
	return h.inCallLanguages(o, func(p *locale.Printer) string { return p.T(key, args...) })
}

// inCallLanguages is text in each of the office's call languages, each
// text once.
func (h *Handler) inCallLanguages(o queue.Office, text func(p *locale.Printer) string) []labelPart {
	langs := callLanguages(o)
	parts := make([]labelPart, 0, len(langs))
	for _, l := range langs {
		p := h.Catalogs.Printer(l)
		s := text(p)
		if !slices.ContainsFunc(parts, func(x labelPart) bool { return x.Text == s }) {
			parts = append(parts, labelPart{p.Lang(), p.Dir(), s})
		}
	}
	return parts
}

// lineLabel is a service's name in the office's call languages, as staff
// named it.
func (h *Handler) lineLabel(o queue.Office, serviceID string) []labelPart {
	return h.inCallLanguages(o, func(p *locale.Printer) string { return h.ServiceName(p, o.ID, serviceID) })
}

// labelHTML writes label parts as spans with their language and direction.
func labelHTML(parts []labelPart) template.HTML {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(" · ")
		}
		fmt.Fprintf(&b, `<span lang="%s" dir="%s">%s</span>`, template.HTMLEscapeString(p.Lang), template.HTMLEscapeString(p.Dir), template.HTMLEscapeString(p.Text))
	}
	return template.HTML(b.String()) // every part escaped above
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
		name := h.lineLabel(o, s.ID)
		st.Lines = append(st.Lines, displayLine{Letter: s.Letter, Name: name, NameHTML: labelHTML(name), Waiting: s.Waiting})
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
		"Labels": map[string]template.HTML{
			"ticket": labelHTML(h.officeLabel(o, "queue.display.ticket")), "desk": labelHTML(h.officeLabel(o, "queue.display.desk")),
			"recent": labelHTML(h.officeLabel(o, "queue.display.recent")), "waiting": labelHTML(h.officeLabel(o, "queue.display.waiting")),
			"title": labelHTML(h.officeLabel(o, "queue.display.title")), "sound": labelHTML(h.officeLabel(o, "queue.display.sound_on")),
		},
		"Audio":  h.Announcer != nil && !o.Silent,
		"Call":   "/display/" + o.ID + "/call.wav",
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

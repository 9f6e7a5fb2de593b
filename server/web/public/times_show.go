package public

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/proctimes"
)

// timesFiles are the processing times as JSON and CSV, made once per
// dossier snapshot (the figures change only when it is taken again).
type timesFiles struct {
	computed  time.Time
	json, csv []byte
}

// ProcessingTimes is the public page of processing times.
func (h *Handler) ProcessingTimes(c *fiber.Ctx) error {
	p := h.Printer(c)
	pg := proctimes.Build(p, h.Catalogs.Chain(p.Lang()), h.Dossiers.ProcessingTimes(), h.Dossiers.Catalog(), h.Content, h.Office)
	return h.Render(c, "processing_times", "times.title", pg)
}

// timesFilesNow returns the JSON and CSV of the current snapshot, making
// them when the snapshot is new.
func (h *Handler) timesFilesNow() (*timesFiles, error) {
	pt := h.Dossiers.ProcessingTimes()
	if f := h.times.Load(); f != nil && f.computed.Equal(pt.Computed) {
		return f, nil
	}
	f := &timesFiles{computed: pt.Computed}
	var err error
	if f.json, err = json.Marshal(pt); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := pt.WriteCSV(&b); err != nil {
		return nil, err
	}
	f.csv = b.Bytes()
	h.times.Store(f)
	return f, nil
}

// ProcessingTimesJSON serves the figures for journalists and researchers.
func (h *Handler) ProcessingTimesJSON(c *fiber.Ctx) error {
	f, err := h.timesFilesNow()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.Send(f.json)
}

// ProcessingTimesCSV serves the same figures as a spreadsheet file.
func (h *Handler) ProcessingTimesCSV(c *fiber.Ctx) error {
	f, err := h.timesFilesNow()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="processing-times.csv"`)
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.Send(f.csv)
}

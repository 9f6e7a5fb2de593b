package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"time"

	"loket/server/audit"
)

// auditHeads logs the trail's signed head at start and then every
// `every`, and appends it to file when one is named: a log shipped off
// the machine then holds heads that a trail cut short or rewritten no
// longer reaches (`loket audit verify -head`). A head is only logged when
// the trail moved since the last one.
func auditHeads(ctx context.Context, log *slog.Logger, trail *audit.Trail, every time.Duration, file string) {
	t := time.NewTicker(every)
	defer t.Stop()
	var last audit.Head
	for {
		h, err := trail.Head(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("audit head not written", "err", err)
		case err == nil && (h.Seq != last.Seq || h.Hash != last.Hash || last.MAC == ""):
			log.Info("audit head", "seq", h.Seq, "hash", h.Hash, "at", h.At, "key", h.Key, "mac", h.MAC)
			if err := appendHead(file, h); err != nil {
				log.Error("audit head not written", "file", file, "err", err)
			}
			last = h
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// appendHead adds h to file as one JSON line; no file, nothing to do.
func appendHead(file string, h audit.Head) error {
	if file == "" {
		return nil
	}
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("audit head: %w", err)
	}
	return f.Close()
}

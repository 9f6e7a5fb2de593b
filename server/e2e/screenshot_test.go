package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// screenshot saves the page open in ctx, 1366 px wide as a staff screen,
// as name.png in the folder
// LOKET_SCREENSHOTS names, for people to look at; without it, nothing.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("LOKET_SCREENSHOTS")
	if dir == "" {
		return
	}
	do(t, ctx, chromedp.EmulateViewport(1366, 900))
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeResult is the part of axe-core's result the tests read.
type axeResult struct {
	Violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target []any  `json:"target"`
			HTML   string `json:"html"`
		} `json:"nodes"`
	} `json:"violations"`
}

// checkAxe runs axe-core on the page open in ctx with the WCAG 2.0/2.1
// A and AA rules and fails the test for every violation.
func checkAxe(t *testing.T, ctx context.Context, label string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeJS+";undefined", chromedp.EvalIgnoreExceptions)); err != nil && !strings.Contains(err.Error(), "undefined") {
		t.Fatalf("%s: inject axe: %v", label, err)
	}
	s := eval[string](t, ctx, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']}).then(r => JSON.stringify({violations: r.violations}))`)
	var res axeResult
	if err := json.Unmarshal([]byte(s), &res); err != nil {
		t.Fatalf("%s: axe result: %v", label, err)
	}
	for _, v := range res.Violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
		}
		t.Errorf("%s: %s (%s): %s", label, v.ID, v.Help, strings.Join(where, " | "))
	}
}

// pages are every page of both shells, by path after the language.
var pages = []string{
	"/", "/info", "/info/asylum", "/info/short_stay", "/offline", "/no-such-page",
	"/api/docs",
}

// infoPages are the information pages with offices, metadata and search
// results, checked in a tab of their own (a tab has 90 seconds).
var infoPages = []string{"/info/return_counselling", "/info/unaccompanied_minors", "/info/search?q=Fedasil"}

var kioskPages = []string{"/home", "/info", "/info/family"}

func TestEveryPagePassesAxe(t *testing.T) {
	l := start(t, "-demo")
	ctx := tab(t)
	for _, lang := range []string{"en", "ar"} {
		for _, p := range pages {
			url := l.URL + "/" + lang + p
			do(t, ctx, chromedp.Navigate(url))
			checkAxe(t, ctx, url)
		}
		for _, p := range kioskPages {
			url := l.URL + "/kiosk/" + lang + p
			do(t, ctx, chromedp.Navigate(url))
			checkAxe(t, ctx, url)
		}
	}
	do(t, ctx, chromedp.Navigate(l.URL+"/kiosk"))
	checkAxe(t, ctx, "/kiosk")
}

// TestInformationPagesPassAxeAndReflow: the pages with offices, sources,
// related pages and search results, in English and Arabic, pass axe-core
// and fit a 320 px screen.
func TestInformationPagesPassAxeAndReflow(t *testing.T) {
	l := start(t, "-demo")
	ctx := tab(t)
	do(t, ctx, chromedp.EmulateViewport(320, 640))
	for _, lang := range []string{"en", "ar"} {
		for _, p := range infoPages {
			url := l.URL + "/" + lang + p
			do(t, ctx, chromedp.Navigate(url))
			checkAxe(t, ctx, url)
			if over := eval[int](t, ctx, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); over > 0 {
				t.Errorf("%s: %d px wider than the 320 px viewport", url, over)
			}
		}
	}
}

// TestAxeCatchesViolations proves the checker can fail: a page with an
// unlabelled input and an image without text must give violations.
func TestAxeCatchesViolations(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(`data:text/html,<html><body><img src="x.png"><input type="text"></body></html>`))
	chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeJS+";undefined", chromedp.EvalIgnoreExceptions))
	n := eval[int](t, ctx, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}}).then(r => r.violations.length)`)
	if n < 2 {
		t.Fatalf("axe found %d violations on a page with at least 2", n)
	}
}

// TestEveryPageOfTheWalkPassesAxe opens in Chromium every page a visitor
// reaches by following links from the phone's home page in English and
// Arabic and the kiosk's in Arabic (the same walk as the site test; pages
// made from one template with other data, such as each information page
// or each office's free times, twice per shell and language), runs
// axe-core on each and, on the phone, checks that it fits a 320 px screen
// (WCAG 1.4.10: a 1280 px screen at 400% zoom, a small phone at 200%).
func TestEveryPageOfTheWalkPassesAxe(t *testing.T) {
	l := start(t, "-demo")
	s := newSite(t, l.URL)
	crawled := s.walk([]string{"/en/", "/ar/", "/kiosk/ar/home"}, func(path string) bool {
		return strings.Contains(path, "/staff") || !(strings.HasPrefix(path, "/en/") || strings.HasPrefix(path, "/ar/") || strings.HasPrefix(path, "/kiosk/ar/"))
	})
	var ctx context.Context
	checked := 0
	shapes := map[string]int{}
	for _, pg := range crawled {
		if strings.HasSuffix(pg.path, ".css") {
			continue
		}
		if shapes[pageShape(pg.path)]++; shapes[pageShape(pg.path)] > 2 {
			continue
		}
		if checked%30 == 0 { // a tab has 90 seconds
			ctx = tab(t)
		}
		checked++
		kiosk := strings.HasPrefix(pg.path, "/kiosk/")
		if kiosk {
			do(t, ctx, chromedp.EmulateViewport(1080, 1920))
		} else {
			do(t, ctx, chromedp.EmulateViewport(320, 640))
		}
		do(t, ctx, chromedp.Navigate(l.URL+pg.path))
		checkAxe(t, ctx, pg.path)
		if !kiosk {
			if over := eval[int](t, ctx, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); over > 0 {
				t.Errorf("%s: %d px wider than the 320 px viewport", pg.path, over)
			}
		}
	}
	t.Logf("%d pages passed through axe", checked)
}

// Package content turns the information pages in translations/info
// (Markdown, one file per language and topic, edited by staff) into HTML
// once at start-up.
package content

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Page is one rendered information page.
type Page struct {
	Key     string
	Lang    string // the language the text is really in (after fallback)
	Title   string
	Summary string
	Body    template.HTML // everything after the title
	// Meta is shared by the page's languages; nil for the index intro.
	Meta *Meta
	// Edited is set for a text published in the content editor;
	// Reviewed when a translator checked the text, there or as shipped
	// (pages.json "reviewed"), so its "not yet checked" notice goes.
	Edited   bool
	Reviewed bool
	text     string // the body as plain text, for search snippets
}

// Library holds every page by language and key. Pages published in the
// editor replace the shipped ones while it serves: readers see either the
// old or the new set of pages, never half of it.
type Library struct {
	meta    []*Meta
	shipped map[string]map[string][]byte // lang -> key -> Markdown as shipped
	// reviewed lists the pages shipped as reviewed, per language.
	reviewed map[string][]string
	st       atomic.Pointer[libState]
	mu       sync.Mutex // serialises Apply
}

type libState struct {
	pages  map[string]map[string]*Page // lang -> key -> page
	search map[string]*index           // lang -> index of that language's own pages
}

// Load renders info/{lang}/{key}.md for every language folder in fsys and
// reads info/pages.json, which orders the index and holds each page's
// metadata; every procedure of procedures must have a page there, and
// every page file (but the "index" intro) an entry. Raw HTML in the
// Markdown is not passed through (goldmark's default), so a page cannot
// carry script. The search index of every language is built here, once.
func Load(fsys fs.FS, procedures []string) (*Library, error) {
	mf, err := loadMeta(fsys, procedures)
	if err != nil {
		return nil, err
	}
	meta := mf.Pages
	byKey := map[string]*Meta{}
	for _, m := range meta {
		byKey[m.Key] = m
	}
	l := &Library{meta: meta, shipped: map[string]map[string][]byte{}, reviewed: mf.Reviewed}
	st := &libState{pages: map[string]map[string]*Page{}, search: map[string]*index{}}
	files, err := fs.Glob(fsys, "info/*/*.md")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		src, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		lang := path.Base(path.Dir(f))
		key := strings.TrimSuffix(path.Base(f), ".md")
		if key != "index" && byKey[key] == nil {
			return nil, fmt.Errorf("%w: %s has no entry in pages.json", ErrMeta, f)
		}
		p, err := RenderIn(lang, src)
		if err != nil {
			return nil, fmt.Errorf("content: %s: %w", f, err)
		}
		p.Key, p.Lang, p.Meta = key, lang, byKey[key]
		p.Reviewed = l.ShippedReviewed(lang, key)
		if st.pages[lang] == nil {
			st.pages[lang] = map[string]*Page{}
			l.shipped[lang] = map[string][]byte{}
		}
		st.pages[lang][key] = p
		l.shipped[lang][key] = src
	}
	for lang, pages := range st.pages {
		st.search[lang] = buildIndex(lang, pages)
	}
	l.st.Store(st)
	return l, nil
}

// Shipped is a page's Markdown as shipped in translations/, in exactly
// this language (no fallback).
func (l *Library) Shipped(lang, key string) ([]byte, bool) {
	src, ok := l.shipped[lang][key]
	return src, ok
}

// ShippedReviewed reports whether a page is shipped as reviewed in lang
// (info/pages.json "reviewed").
func (l *Library) ShippedReviewed(lang, key string) bool {
	return slices.Contains(l.reviewed[lang], key)
}

// Apply makes src the live text of a page in one language (a revision
// published in the content editor) and rebuilds that language's search
// index. The key must be a page of the library (or the index intro).
func (l *Library) Apply(lang, key string, src []byte, reviewed bool) error {
	if key != "index" && !l.Has(key) {
		return fmt.Errorf("content: no page %q", key)
	}
	p, err := RenderIn(lang, src)
	if err != nil {
		return err
	}
	p.Key, p.Lang, p.Edited, p.Reviewed = key, lang, true, reviewed
	for _, m := range l.meta {
		if m.Key == key {
			p.Meta = m
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	old := l.st.Load()
	st := &libState{pages: maps.Clone(old.pages), search: maps.Clone(old.search)}
	st.pages[lang] = maps.Clone(old.pages[lang])
	if st.pages[lang] == nil {
		st.pages[lang] = map[string]*Page{}
	}
	st.pages[lang][key] = p
	st.search[lang] = buildIndex(lang, st.pages[lang])
	l.st.Store(st)
	return nil
}

// Keys lists every page key (not the intro) in index order.
func (l *Library) Keys() []string {
	out := make([]string, len(l.meta))
	for i, m := range l.meta {
		out[i] = m.Key
	}
	return out
}

// Has reports whether key is a page of the library.
func (l *Library) Has(key string) bool {
	return slices.ContainsFunc(l.meta, func(m *Meta) bool { return m.Key == key })
}

// RenderIn is Render with the typography of lang (French spacing).
func RenderIn(lang string, src []byte) (*Page, error) { return Render(typeset(lang, src)) }

// Render splits off the first heading as the title and the first paragraph
// as the summary, and renders the rest; the editor's preview uses it too.
func Render(src []byte) (*Page, error) {
	md := goldmark.New()
	doc := md.Parser().Parse(text.NewReader(src))
	p := &Page{}
	if h, ok := doc.FirstChild().(*ast.Heading); ok && h.Level == 1 {
		p.Title = plain(h, src)
		doc.RemoveChild(doc, h)
	} else {
		return nil, fmt.Errorf("the page must start with a '# Title' line")
	}
	if para, ok := doc.FirstChild().(*ast.Paragraph); ok {
		p.Summary = plain(para, src)
	}
	p.text = plainBlocks(doc, src)
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, src, doc); err != nil {
		return nil, err
	}
	p.Body = template.HTML(buf.String()) // goldmark escapes text and drops raw HTML
	return p, nil
}

// plain is a node's text without markup.
func plain(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// plainBlocks is a document's text without markup, one line per block.
func plainBlocks(doc ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(doc, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		switch {
		case entering && c.Kind() == ast.KindText:
			t := c.(*ast.Text)
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case !entering && c.Type() == ast.TypeBlock:
			b.WriteByte('\n')
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// Page finds key in the first language of chain that has it.
func (l *Library) Page(chain []string, key string) (*Page, bool) { return l.st.Load().page(chain, key) }

func (st *libState) page(chain []string, key string) (*Page, bool) {
	for _, lang := range chain {
		if p, ok := st.pages[lang][key]; ok {
			return p, true
		}
	}
	return nil, false
}

// Index lists the pages in the library's key order, each in the first
// language of chain that has it.
func (l *Library) Index(chain []string) []*Page {
	st := l.st.Load()
	var out []*Page
	for _, m := range l.meta {
		if p, ok := st.page(chain, m.Key); ok {
			out = append(out, p)
		}
	}
	return out
}

// Related lists the pages key links to, in the reader's chain.
func (l *Library) Related(chain []string, key string) []*Page {
	st := l.st.Load()
	var out []*Page
	for _, m := range l.meta {
		if m.Key != key {
			continue
		}
		for _, r := range m.Related {
			if p, ok := st.page(chain, r); ok {
				out = append(out, p)
			}
		}
	}
	return out
}

// Package content turns the information pages in translations/info
// (Markdown, one file per language and topic, edited by staff) into HTML
// once at start-up.
package content

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"

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
}

// Library holds every page by language and key.
type Library struct {
	keys  []string
	pages map[string]map[string]*Page // lang -> key -> page
}

// Load renders info/{lang}/{key}.md for every language folder in fsys.
// Raw HTML in the Markdown is not passed through (goldmark's default), so a
// page cannot carry script. keys orders the index; "index" is the intro.
func Load(fsys fs.FS, keys []string) (*Library, error) {
	l := &Library{keys: keys, pages: map[string]map[string]*Page{}}
	files, err := fs.Glob(fsys, "info/*/*.md")
	if err != nil {
		return nil, err
	}
	md := goldmark.New()
	for _, f := range files {
		src, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		lang := path.Base(path.Dir(f))
		key := strings.TrimSuffix(path.Base(f), ".md")
		p, err := render(md, src)
		if err != nil {
			return nil, fmt.Errorf("content: %s: %w", f, err)
		}
		p.Key, p.Lang = key, lang
		if l.pages[lang] == nil {
			l.pages[lang] = map[string]*Page{}
		}
		l.pages[lang][key] = p
	}
	return l, nil
}

// render splits off the first heading as the title and the first paragraph
// as the summary, and renders the rest.
func render(md goldmark.Markdown, src []byte) (*Page, error) {
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

// Page finds key in the first language of chain that has it.
func (l *Library) Page(chain []string, key string) (*Page, bool) {
	for _, lang := range chain {
		if p, ok := l.pages[lang][key]; ok {
			return p, true
		}
	}
	return nil, false
}

// Index lists the pages in the library's key order, each in the first
// language of chain that has it.
func (l *Library) Index(chain []string) []*Page {
	var out []*Page
	for _, k := range l.keys {
		if p, ok := l.Page(chain, k); ok {
			out = append(out, p)
		}
	}
	return out
}

// Package xliff reads and writes XLIFF 2.0 (OASIS, core module), the
// format translators' tools exchange: one document per target language,
// files of units, each unit one segment with a source and a target.
// Placeholders travel as <ph/> inline codes whose original text is kept
// in the unit's <originalData>, so tools protect them; plural forms are
// one unit per category in a group.
package xliff

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Namespace is the XLIFF 2.0 core namespace.
const Namespace = "urn:oasis:names:tc:xliff:document:2.0"

// ErrInvalid is returned for a document that is not the XLIFF 2.0 this
// package writes: wrong version or namespace, a missing language, a
// unit without a segment, a placeholder that points nowhere.
var ErrInvalid = errors.New("xliff: invalid document")

// Segment states (XLIFF 2.0 core).
const (
	StateInitial    = "initial"
	StateTranslated = "translated"
	StateReviewed   = "reviewed"
	StateFinal      = "final"
)

// Document is one exchange: the source and target language and files.
type Document struct {
	SrcLang string
	TrgLang string
	Files   []File
}

// File is one kind of text (UI strings, status texts, pages).
type File struct {
	ID    string
	Notes []string
	Units []Unit
}

// Unit is one translatable text. Group, when set, names the group the
// unit belongs to (a plural message); units of a group are adjacent.
type Unit struct {
	ID     string
	Group  string
	Notes  []string
	Source string // with {name} placeholders as written in the catalogs
	Target string
	State  string
}

// placeholder is the {name} syntax of Loket's catalogs.
var placeholder = regexp.MustCompile(`\{[a-z_][a-z0-9_]*\}`)

// nmtoken is what XLIFF 2.0 allows in an id (xs:NMTOKEN, ASCII subset).
var nmtoken = regexp.MustCompile(`^[A-Za-z0-9._:-]+$`)

// ValidID reports whether id may be used as a file, group or unit id.
func ValidID(id string) bool { return nmtoken.MatchString(id) }

// Marshal writes doc as an XLIFF 2.0 document.
func Marshal(doc Document) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, `<xliff xmlns=%s version="2.0" srcLang=%s trgLang=%s>`+"\n", attr(Namespace), attr(doc.SrcLang), attr(doc.TrgLang))
	for _, f := range doc.Files {
		if !ValidID(f.ID) {
			return nil, fmt.Errorf("%w: file id %q", ErrInvalid, f.ID)
		}
		fmt.Fprintf(&b, ` <file id=%s xml:space="preserve">`+"\n", attr(f.ID))
		writeNotes(&b, "  ", f.Notes)
		group := ""
		for _, u := range f.Units {
			if !ValidID(u.ID) || (u.Group != "" && !ValidID(u.Group)) {
				return nil, fmt.Errorf("%w: unit id %q", ErrInvalid, u.ID)
			}
			if u.Group != group {
				if group != "" {
					b.WriteString("  </group>\n")
				}
				if u.Group != "" {
					fmt.Fprintf(&b, `  <group id=%s name=%s type="loket:plural">`+"\n", attr(u.Group), attr(u.Group))
				}
				group = u.Group
			}
			indent := "  "
			if group != "" {
				indent = "   "
			}
			writeUnit(&b, indent, u)
		}
		if group != "" {
			b.WriteString("  </group>\n")
		}
		b.WriteString(" </file>\n")
	}
	b.WriteString("</xliff>\n")
	return b.Bytes(), nil
}

func writeNotes(b *bytes.Buffer, indent string, notes []string) {
	if len(notes) == 0 {
		return
	}
	b.WriteString(indent + "<notes>")
	for _, n := range notes {
		b.WriteString("<note>")
		_ = xml.EscapeText(b, []byte(n))
		b.WriteString("</note>")
	}
	b.WriteString("</notes>\n")
}

// writeUnit writes one unit; the placeholders of source and target become
// <ph/> codes referring to <data> elements that hold their text.
func writeUnit(b *bytes.Buffer, indent string, u Unit) {
	fmt.Fprintf(b, "%s<unit id=%s name=%s>\n", indent, attr(u.ID), attr(u.ID))
	writeNotes(b, indent+" ", u.Notes)
	data := map[string]string{} // placeholder text -> data id
	var order []string
	for _, t := range []string{u.Source, u.Target} {
		for _, p := range placeholder.FindAllString(t, -1) {
			if _, ok := data[p]; !ok {
				data[p] = fmt.Sprintf("d%d", len(order)+1)
				order = append(order, p)
			}
		}
	}
	if len(order) > 0 {
		b.WriteString(indent + " <originalData>")
		for _, p := range order {
			fmt.Fprintf(b, "<data id=%s>", attr(data[p]))
			_ = xml.EscapeText(b, []byte(p))
			b.WriteString("</data>")
		}
		b.WriteString("</originalData>\n")
	}
	state := u.State
	if state == "" {
		state = StateInitial
	}
	fmt.Fprintf(b, "%s <segment state=%s>\n%s  <source>", indent, attr(state), indent)
	writeInline(b, u.Source, data)
	b.WriteString("</source>\n")
	if u.Target != "" {
		b.WriteString(indent + "  <target>")
		writeInline(b, u.Target, data)
		b.WriteString("</target>\n")
	}
	fmt.Fprintf(b, "%s </segment>\n%s</unit>\n", indent, indent)
}

// writeInline escapes text and turns each placeholder into a <ph/>. The
// n-th occurrence of a placeholder has the same id in source and target
// ("d1-1"), as XLIFF 2.0 matches a target's codes to the source's by id.
func writeInline(b *bytes.Buffer, text string, data map[string]string) {
	seen := map[string]int{}
	last := 0
	for _, m := range placeholder.FindAllStringIndex(text, -1) {
		_ = xml.EscapeText(b, []byte(text[last:m[0]]))
		p := text[m[0]:m[1]]
		seen[p]++
		fmt.Fprintf(b, "<ph id=%s dataRef=%s disp=%s/>", attr(fmt.Sprintf("%s-%d", data[p], seen[p])), attr(data[p]), attr(p))
		last = m[1]
	}
	_ = xml.EscapeText(b, []byte(text[last:]))
}

func attr(s string) string {
	var b bytes.Buffer
	b.WriteByte('"')
	_ = xml.EscapeText(&b, []byte(s))
	b.WriteByte('"')
	return b.String()
}

// The XML shapes Unmarshal reads.
type xDoc struct {
	XMLName xml.Name `xml:"urn:oasis:names:tc:xliff:document:2.0 xliff"`
	Version string   `xml:"version,attr"`
	SrcLang string   `xml:"srcLang,attr"`
	TrgLang string   `xml:"trgLang,attr"`
	Files   []xFile  `xml:"file"`
}

// xFile keeps units and groups in document order.
type xFile struct {
	ID    string
	Notes []string
	Items []xItem
}

type xItem struct {
	group string
	unit  xUnit
}

func (f *xFile) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	for _, a := range start.Attr {
		if a.Name.Local == "id" {
			f.ID = a.Value
		}
	}
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "unit":
				var u xUnit
				if err := d.DecodeElement(&u, &t); err != nil {
					return err
				}
				f.Items = append(f.Items, xItem{unit: u})
			case "group":
				var g xGroup
				if err := d.DecodeElement(&g, &t); err != nil {
					return err
				}
				for _, u := range g.Units {
					f.Items = append(f.Items, xItem{group: g.ID, unit: u})
				}
			case "notes":
				var n struct {
					Notes []string `xml:"note"`
				}
				if err := d.DecodeElement(&n, &t); err != nil {
					return err
				}
				f.Notes = append(f.Notes, n.Notes...)
			default:
				if err := d.Skip(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			return nil
		}
	}
}

type xGroup struct {
	ID    string  `xml:"id,attr"`
	Units []xUnit `xml:"unit"`
}

type xUnit struct {
	ID       string     `xml:"id,attr"`
	Notes    []string   `xml:"notes>note"`
	Data     []xData    `xml:"originalData>data"`
	Segments []xSegment `xml:"segment"`
}

type xData struct {
	ID   string `xml:"id,attr"`
	Text string `xml:",chardata"`
}

type xSegment struct {
	State  string  `xml:"state,attr"`
	Source xInline `xml:"source"`
	Target xInline `xml:"target"`
}

// xInline keeps the mixed content of a source or target in order.
type xInline struct {
	Present bool
	Parts   []inlinePart
}

type inlinePart struct {
	text    string
	dataRef string // set for a <ph/>
	isPh    bool
}

func (x *xInline) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	x.Present = true
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			x.Parts = append(x.Parts, inlinePart{text: string(t)})
		case xml.StartElement:
			if t.Name.Local != "ph" {
				return fmt.Errorf("%w: inline element <%s> is not supported (only <ph/>)", ErrInvalid, t.Name.Local)
			}
			p := inlinePart{isPh: true}
			for _, a := range t.Attr {
				if a.Name.Local == "dataRef" {
					p.dataRef = a.Value
				}
			}
			x.Parts = append(x.Parts, p)
			if err := d.Skip(); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// text rebuilds the catalog text, each <ph/> replaced by its data.
func (x xInline) text(unit string, data map[string]string) (string, error) {
	var b strings.Builder
	for _, p := range x.Parts {
		if !p.isPh {
			b.WriteString(p.text)
			continue
		}
		v, ok := data[p.dataRef]
		if !ok {
			return "", fmt.Errorf("%w: unit %s: <ph/> refers to missing data %q", ErrInvalid, unit, p.dataRef)
		}
		b.WriteString(v)
	}
	return b.String(), nil
}

// Unmarshal reads an XLIFF 2.0 document. Units keep their file and group;
// a unit with several segments (a tool split it) is joined back.
func Unmarshal(b []byte) (Document, error) {
	var x xDoc
	if err := xml.Unmarshal(b, &x); err != nil {
		return Document{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if x.Version != "2.0" && x.Version != "2.1" {
		return Document{}, fmt.Errorf("%w: version %q, want 2.0", ErrInvalid, x.Version)
	}
	if x.SrcLang == "" || x.TrgLang == "" {
		return Document{}, fmt.Errorf("%w: srcLang and trgLang are required", ErrInvalid)
	}
	doc := Document{SrcLang: x.SrcLang, TrgLang: x.TrgLang}
	for _, xf := range x.Files {
		f := File{ID: xf.ID, Notes: xf.Notes}
		for _, it := range xf.Items {
			u, err := readUnit(it.group, it.unit)
			if err != nil {
				return Document{}, err
			}
			f.Units = append(f.Units, u)
		}
		doc.Files = append(doc.Files, f)
	}
	return doc, nil
}

func readUnit(group string, xu xUnit) (Unit, error) {
	if len(xu.Segments) == 0 {
		return Unit{}, fmt.Errorf("%w: unit %s has no segment", ErrInvalid, xu.ID)
	}
	data := map[string]string{}
	for _, d := range xu.Data {
		data[d.ID] = d.Text
	}
	u := Unit{ID: xu.ID, Group: group, Notes: xu.Notes, State: xu.Segments[0].State}
	for _, s := range xu.Segments {
		src, err := s.Source.text(xu.ID, data)
		if err != nil {
			return Unit{}, err
		}
		trg, err := s.Target.text(xu.ID, data)
		if err != nil {
			return Unit{}, err
		}
		u.Source += src
		u.Target += trg
		if rank(s.State) < rank(u.State) {
			u.State = s.State // a unit is as far as its least advanced segment
		}
	}
	return u, nil
}

func rank(state string) int {
	return slices.Index([]string{"", StateInitial, StateTranslated, StateReviewed, StateFinal}, state)
}

// Placeholders lists the {name} placeholders of text, sorted, for
// comparing a target with its source.
func Placeholders(text string) []string {
	ps := placeholder.FindAllString(text, -1)
	slices.Sort(ps)
	return ps
}

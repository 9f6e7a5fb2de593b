package dossierfile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// jsonlSource reads one JSON object per line; blank lines are skipped.
type jsonlSource struct {
	r    *bufio.Reader
	line int
	read int64
}

func (j *jsonlSource) Next() (Row, bool, error) {
	for {
		b, err := j.r.ReadBytes('\n')
		j.read += int64(len(b))
		if len(b) == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				return Row{}, false, nil
			}
			return Row{}, false, err
		}
		j.line++
		if t := bytes.TrimSpace(b); len(t) > 0 {
			return Row{Line: j.line, text: t}, true, nil
		}
	}
}

func (j *jsonlSource) Offset() int64 { return j.read }

func (j *jsonlSource) Convert(r Row) (string, map[string]any, error) {
	var body map[string]any
	if err := json.Unmarshal(r.text, &body); err != nil || body == nil {
		return "", nil, errors.New("not a JSON object")
	}
	number, ok := body["dossier"].(string)
	if !ok {
		return "", body, errors.New("dossier: a string of 8 digits is required")
	}
	return number, body, nil
}

// csvSource reads CSV with a header row.
type csvSource struct {
	r      *csv.Reader
	header []string
	skip   int // lines before the csv.Reader's first line (Excel's "sep=" line)
}

// separators are the field separators a header may use: Excel writes ";"
// where the decimal separator is a comma (Belgium, France, Germany), ","
// elsewhere, and tabs for "Text (Tab delimited)".
var separators = []rune{',', ';', '\t'}

func newCSVSource(br *bufio.Reader) (*csvSource, error) {
	sep, skip, err := detectSeparator(br)
	if err != nil {
		return nil, err
	}
	c := csv.NewReader(br)
	c.Comma = sep
	c.FieldsPerRecord = -1
	head, err := c.Read()
	if err != nil {
		return nil, fmt.Errorf("CSV header: %w", err)
	}
	for i, h := range head {
		head[i] = strings.TrimSpace(h)
	}
	// Spreadsheets often export empty columns after the last named one.
	for len(head) > 0 && head[len(head)-1] == "" {
		head = head[:len(head)-1]
	}
	for _, h := range head {
		if !slices.Contains(Columns, h) {
			return nil, fmt.Errorf("CSV header: unknown column %q (known: %s; fields separated by %s)", h, strings.Join(Columns, ", "), sepName(sep))
		}
	}
	return &csvSource{r: c, header: head, skip: skip}, nil
}

// detectSeparator reads Excel's optional "sep=X" first line, or else
// picks the separator that occurs most often in the header line, outside
// quotes. It returns the number of lines consumed.
func detectSeparator(br *bufio.Reader) (rune, int, error) {
	first, err := peekLine(br)
	if err != nil {
		return 0, 0, fmt.Errorf("CSV header: %w", err)
	}
	if s, ok := strings.CutPrefix(strings.TrimRight(first, "\r\n"), "sep="); ok && len([]rune(s)) == 1 {
		br.Discard(len(first))
		return []rune(s)[0], 1, nil
	}
	best, most := ',', 0
	for _, sep := range separators {
		if n := countOutsideQuotes(first, sep); n > most {
			best, most = sep, n
		}
	}
	return best, 0, nil
}

// peekLine returns the first line of br, with its end, without reading it.
func peekLine(br *bufio.Reader) (string, error) {
	b, err := br.Peek(br.Size())
	if len(b) == 0 && err != nil {
		if errors.Is(err, io.EOF) {
			return "", errors.New("the file is empty")
		}
		return "", err
	}
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i+1]
	}
	return string(b), nil
}

func countOutsideQuotes(line string, sep rune) int {
	n, quoted := 0, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case r == sep && !quoted:
			n++
		}
	}
	return n
}

func sepName(sep rune) string {
	switch sep {
	case '\t':
		return "tabs"
	case ';':
		return `";"`
	}
	return fmt.Sprintf("%q", sep)
}

func (c *csvSource) Next() (Row, bool, error) {
	for {
		rec, err := c.r.Read()
		if errors.Is(err, io.EOF) {
			return Row{}, false, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Row{Line: pe.StartLine + c.skip, bad: true}, true, nil
			}
			return Row{}, false, err
		}
		// Rows with only empty fields are what spreadsheets write for
		// blank rows (";;;;"): skip them as JSON Lines skips blank lines.
		if !slices.ContainsFunc(rec, func(s string) bool { return strings.TrimSpace(s) != "" }) {
			continue
		}
		line, _ := c.r.FieldPos(0)
		return Row{Line: line + c.skip, fields: rec}, true, nil
	}
}

func (c *csvSource) Offset() int64 { return c.r.InputOffset() }

func (c *csvSource) Convert(r Row) (string, map[string]any, error) {
	if r.bad {
		return "", nil, errors.New("malformed CSV row")
	}
	fields := r.fields
	for len(fields) > len(c.header) && fields[len(fields)-1] == "" {
		fields = fields[:len(fields)-1]
	}
	if len(fields) > len(c.header) {
		return "", nil, fmt.Errorf("%d fields, but the header names %d", len(fields), len(c.header))
	}
	body := map[string]any{}
	var number string
	for i, v := range fields {
		col := c.header[i]
		if v == "" {
			continue
		}
		switch col {
		case "dossier":
			number = v
		case "events":
			var evs []any
			for _, item := range strings.Split(v, ";") {
				p := strings.Split(strings.TrimSpace(item), ":")
				e := map[string]any{"code": p[0]}
				if len(p) > 1 {
					e["date"] = p[1]
				}
				if len(p) > 2 && p[2] != "" {
					e["id"] = p[2]
				}
				if len(p) > 3 && p[3] != "" {
					e["note"] = p[3]
				}
				evs = append(evs, e)
			}
			body["events"] = evs
		case "documents":
			var docs []any
			for _, item := range strings.Split(v, ";") {
				kind, due, _ := strings.Cut(strings.TrimSpace(item), ":")
				docs = append(docs, map[string]any{"kind": kind, "due": due})
			}
			body["documents"] = docs
		case "appointment_at", "appointment_office":
			a, _ := body["appointment"].(map[string]any)
			if a == nil {
				a = map[string]any{}
				body["appointment"] = a
			}
			a[strings.TrimPrefix(col, "appointment_")] = v
		default:
			body[col] = v
		}
	}
	return number, body, nil
}

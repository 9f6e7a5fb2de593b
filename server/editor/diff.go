package editor

import "strings"

// Line is one line of a diff: Op is ' ' (kept), '-' (removed) or '+'
// (added).
type Line struct {
	Op   byte
	Text string
}

// maxDiffLines bounds the quadratic table; pages are far shorter.
const maxDiffLines = 2000

// Diff compares two bodies line by line (longest common subsequence), as
// an editor reads a change before publishing or reverting it.
func Diff(a, b string) []Line {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(x) > maxDiffLines || len(y) > maxDiffLines {
		out := make([]Line, 0, len(x)+len(y))
		for _, l := range x {
			out = append(out, Line{'-', l})
		}
		for _, l := range y {
			out = append(out, Line{'+', l})
		}
		return out
	}
	// lcs[i][j] is the common length of x[i:] and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []Line
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			out = append(out, Line{' ', x[i]})
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, Line{'-', x[i]})
			i++
		default:
			out = append(out, Line{'+', y[j]})
			j++
		}
	}
	for ; i < len(x); i++ {
		out = append(out, Line{'-', x[i]})
	}
	for ; j < len(y); j++ {
		out = append(out, Line{'+', y[j]})
	}
	return out
}

// Added and Removed tell a template how to mark a line.
func (l Line) Added() bool   { return l.Op == '+' }
func (l Line) Removed() bool { return l.Op == '-' }

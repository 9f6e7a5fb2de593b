package kit

import "strings"

// CSVSafe defuses a value that a spreadsheet would run as a formula
// (CSV injection) by prefixing a quote; a phone number such as +32... is
// left as it is.
func CSVSafe(v string) string {
	if v == "" || !strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return v
	}
	if v[0] == '+' && strings.Trim(v[1:], "0123456789") == "" {
		return v
	}
	return "'" + v
}

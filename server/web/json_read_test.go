package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestOneJSONReader: every JSON endpoint reads its body the same way,
// those that check a map field by field as those that decode a struct
// (see TestBookingAPIRefusals): a body that is not one JSON object is a
// 400, a wrongly typed property a 422 naming it.
func TestOneJSONReader(t *testing.T) {
	sa := newStatusApp(t, nil)
	for _, tt := range []struct {
		method, path, token, body string
		status                    int
		want                      string
	}{
		{http.MethodPost, "/api/v1/status/lookup", "", `[{"dossier":"10000001"}]`, 400, `"code":"bad_request"`},
		{http.MethodPost, "/api/v1/status/lookup", "", `null`, 400, `"code":"bad_request"`},
		{http.MethodPut, "/api/v1/backoffice/dossiers/10000001", sa.token, `["x"]`, 400, `"code":"bad_request"`},
		{http.MethodPost, "/api/v1/backoffice/dossiers/10000001/events", sa.token, ` "event" `, 400, `"code":"bad_request"`},
	} {
		res, body := sa.api(t, tt.method, tt.path, tt.token, tt.body)
		if res.StatusCode != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("%s %s %s: %d %s, want %d with %s", tt.method, tt.path, tt.body, res.StatusCode, body, tt.status, tt.want)
		}
	}
}

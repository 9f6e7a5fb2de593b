package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loket/server/config"
)

func call(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "en")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestBackOfficePushIsVisibleAtOnce runs the real server on a store with a
// token made by "loket token create" and the demo data: a demo dossier
// shows an estimate, and a dossier pushed by the back office answers the
// next lookup with its new status.
func TestBackOfficePushIsVisibleAtOnce(t *testing.T) {
	data := filepath.Join(t.TempDir(), "loket.db")
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"token", "create", "-data", data, "-name", "feed"}, nil, &stdout, &stderr, func(string) string { return "" }); code != 0 {
		t.Fatalf("token: %s", stderr.String())
	}
	token := strings.TrimSpace(stdout.String())
	url, _, _ := startServer(t, func(c *config.Config) { c.Data = data; c.Demo = true })

	code, body := call(t, http.MethodPost, url+"/api/v1/status/lookup", "", `{"dossier":"10000001","birth_date":"1990-01-01"}`)
	var v struct {
		Status   struct{ Code string }
		Estimate *struct {
			SampleSize int `json:"sample_size"`
		}
		QueuePosition *int `json:"queue_position"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil || code != 200 {
		t.Fatalf("demo lookup: %d %s", code, body)
	}
	if v.Status.Code != "examination" || v.Estimate == nil || v.Estimate.SampleSize < 20 || v.QueuePosition == nil {
		t.Errorf("demo dossier: %s", body)
	}

	day := func(d int) string { return time.Now().AddDate(0, 0, d).Format(time.DateOnly) }
	put := fmt.Sprintf(`{"procedure":"work","received":"%s","birth_date":"1985-02-03","events":[{"id":"1","code":"received","date":"%s"}]}`, day(-9), day(-9))
	if code, body := call(t, http.MethodPut, url+"/api/v1/backoffice/dossiers/77770001", token, put); code != 200 {
		t.Fatalf("put: %d %s", code, body)
	}
	if code, body := call(t, http.MethodPost, url+"/api/v1/backoffice/dossiers/77770001/events", token,
		`{"id":"2","code":"region_check","date":"`+day(0)+`"}`); code != 201 {
		t.Fatalf("event: %d %s", code, body)
	}
	code, body = call(t, http.MethodPost, url+"/api/v1/status/lookup", "", `{"dossier":"77770001","birth_date":"1985-02-03"}`)
	if code != 200 || !strings.Contains(body, `"code":"region_check"`) {
		t.Errorf("pushed status not visible: %d %s", code, body)
	}
}

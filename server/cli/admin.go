package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"loket/server/compose"
	"loket/server/store"
)

// adminSocket is the Unix socket a running server listens on beside its
// data file. Only the file's owner may connect (mode 0600), so file-system
// permissions are its authentication.
func adminSocket(data string) string { return data + ".sock" }

// storeCommand is an admin command's work on an open store, with its
// arguments already checked. It runs in the command's own process when no
// server holds the data file, and inside the server, over the admin
// socket, when one does.
type storeCommand func(s compose.Store, args []string, stdout, stderr io.Writer) int

// storeCommands are the commands a running server runs for the command
// line, by name.
var storeCommands = map[string]storeCommand{
	"token":  tokenOnStore,
	"notify": notifyOnStore,
}

// adminAnswer is what the admin socket sends back for a command.
type adminAnswer struct {
	Code   int    `json:"code"`
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
}

// onStore runs the named command on the target store: directly on
// PostgreSQL or on a file no server holds, else through the admin socket
// of the server holding the file.
func onStore(t target, name string, args []string, stdout, stderr io.Writer) int {
	s, closer, err := t.open()
	if err == nil {
		defer closer.Close()
		return storeCommands[name](s, args, stdout, stderr)
	}
	if !errors.Is(err, store.ErrLocked) {
		fmt.Fprintf(stderr, "loket %s: %v\n", name, err)
		return 1
	}
	data := *t.data
	body, _ := json.Marshal(args)
	resp, err := adminClient(data).Post("http://loket/run/"+name, "application/json", bytes.NewReader(body))
	if err != nil {
		fmt.Fprintf(stderr, "loket %s: %s is in use and its server did not answer on %s: %v\n", name, data, adminSocket(data), err)
		return 1
	}
	defer resp.Body.Close()
	var a adminAnswer
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&a) != nil {
		fmt.Fprintf(stderr, "loket %s: the running server refused the command: %s\n", name, resp.Status)
		return 1
	}
	io.WriteString(stdout, a.Stdout)
	io.WriteString(stderr, a.Stderr)
	return a.Code
}

// adminClient talks HTTP over the admin socket of the server holding data.
func adminClient(data string) *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", adminSocket(data))
		},
	}}
}

// serveAdmin answers backups and store commands on the admin socket until
// ctx ends.
func serveAdmin(ctx context.Context, s *store.Store, path string) (func(), error) {
	os.Remove(path) // a socket left by a crashed server
	l, err := net.Listen("unix", path)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		l.Close()
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = s.Backup(w)
	})
	mux.HandleFunc("POST /run/{name}", func(w http.ResponseWriter, r *http.Request) {
		cmd, ok := storeCommands[r.PathValue("name")]
		var args []string
		if !ok || json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&args) != nil {
			http.Error(w, "unknown command or bad arguments", http.StatusBadRequest)
			return
		}
		var stdout, stderr bytes.Buffer
		code := cmd(s, args, &stdout, &stderr)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(adminAnswer{Code: code, Stdout: stdout.String(), Stderr: stderr.String()})
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(l)
	return func() {
		c, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(c)
		os.Remove(path)
	}, nil
}

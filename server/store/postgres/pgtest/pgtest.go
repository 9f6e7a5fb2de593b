// Package pgtest gives tests a PostgreSQL database of their own.
//
// With LOKET_TEST_DATABASE_URL set, every test gets a new database in that
// server. Without it, the first test that asks starts a throwaway cluster
// (initdb and postgres from Debian's postgresql package, run as the
// postgres user when the tests run as root) in a temporary directory, on a
// free port with its socket in that directory; the cluster lives as long
// as the test binary. A package using it calls Main from its TestMain, so
// the cluster is stopped and its directory removed when the tests end:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
// Without PostgreSQL the tests skip and say why; with CI=true they fail.
// With -short they skip: making a database per test takes a second.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the variable holding an existing server's URL; its user
// must be allowed to create databases.
const EnvURL = "LOKET_TEST_DATABASE_URL"

// cluster is the server every test of the binary shares.
type cluster struct {
	once    sync.Once
	adminDB string // URL of the maintenance database
	err     error  // why there is no server
	missing bool   // err means PostgreSQL is not installed: skip unless CI
	dir     string // the throwaway cluster's directory, "" for EnvURL
	proc    *exec.Cmd
	n       atomic.Int64

	mu        sync.Mutex
	templates map[string]error // prepared template databases by name
}

var shared cluster

// Main runs the tests and then stops the throwaway cluster, if one was
// started; it returns m.Run's exit code.
func Main(m *testing.M) int {
	code := m.Run()
	shared.stop()
	return code
}

// URL creates an empty database for t and returns its URL; the database
// is dropped when t ends. It skips t (fails it under CI=true) when no
// PostgreSQL is available.
func URL(t testing.TB) string {
	t.Helper()
	shared.ready(t)
	return shared.create(t, "template0")
}

// ready starts the cluster once, or skips (fails under CI) t without one.
func (c *cluster) ready(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("PostgreSQL tests do not run with -short: each needs a database of its own")
	}
	c.once.Do(c.start)
	if c.err != nil {
		if c.missing && os.Getenv("CI") != "true" {
			t.Skipf("PostgreSQL tests skipped: %v", c.err)
		}
		t.Fatalf("PostgreSQL for tests: %v", c.err)
	}
}

// URLFrom is URL with the database made as a copy of one that prepare
// filled (a schema, say): prepare runs once per name and test binary, and
// each copy costs a file copy instead of running it again.
func URLFrom(t testing.TB, name string, prepare func(url string) error) string {
	t.Helper()
	shared.ready(t)
	shared.mu.Lock()
	defer shared.mu.Unlock()
	tmpl := fmt.Sprintf("loket_template_%d_%s", os.Getpid(), name)
	if err, done := shared.templates[name]; done {
		if err != nil {
			t.Fatalf("template %s: %v", name, err)
		}
		return shared.create(t, tmpl)
	}
	err := shared.exec(context.Background(), "CREATE DATABASE "+tmpl+" STRATEGY FILE_COPY")
	if err == nil {
		err = prepare(shared.dbURL(tmpl))
	}
	if shared.templates == nil {
		shared.templates = map[string]error{}
	}
	shared.templates[name] = err
	if err != nil {
		t.Fatalf("template %s: %v", name, err)
	}
	return shared.create(t, tmpl)
}

// create makes an empty database for t from template, dropped when t ends.
func (c *cluster) create(t testing.TB, template string) string {
	t.Helper()
	name := fmt.Sprintf("loket_test_%d_%d", os.Getpid(), c.n.Add(1))
	ctx := context.Background()
	if err := c.exec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+template+" STRATEGY FILE_COPY"); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if err := c.exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database: %v", err)
		}
	})
	return c.dbURL(name)
}

// dbURL is the URL of database name in the cluster.
func (c *cluster) dbURL(name string) string {
	u, err := url.Parse(c.adminDB)
	if err != nil {
		return ""
	}
	u.Path = "/" + name
	return u.String()
}

func (c *cluster) exec(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, c.adminDB)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

func (c *cluster) start() {
	if u := os.Getenv(EnvURL); u != "" {
		c.adminDB = u
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := c.exec(ctx, "SELECT 1"); err != nil {
			c.err = fmt.Errorf("%s=%s does not answer: %w", EnvURL, u, err)
		}
		return
	}
	bin, err := binDir()
	if err != nil {
		c.err, c.missing = err, true
		return
	}
	// Durability is off: the cluster is thrown away, and the tests
	// measure behaviour, not the disk.
	if c.err = c.initCluster(bin, "fsync=off", "synchronous_commit=off", "full_page_writes=off", "shared_buffers=64MB"); c.err != nil {
		c.stop()
	}
}

// Start starts a throwaway cluster outside tests (the benchmark's), with
// the server settings given ("name=value", after the ones every cluster
// here has); stop ends it and removes its files. Without settings it is
// durable, as in production: fsync and synchronous_commit on.
func Start(settings ...string) (adminURL string, stop func(), err error) {
	bin, err := binDir()
	if err != nil {
		return "", nil, err
	}
	c := &cluster{}
	if err := c.initCluster(bin, settings...); err != nil {
		c.stop()
		return "", nil, err
	}
	return c.adminDB, c.stop, nil
}

// binDir finds initdb: on PATH, or in Debian's versioned directories.
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(dirs) == 0 {
		return "", fmt.Errorf("no initdb on PATH or in /usr/lib/postgresql/*/bin (install Debian's postgresql package, or set %s)", EnvURL)
	}
	return filepath.Dir(dirs[len(dirs)-1]), nil
}

// initCluster makes and starts a cluster that trusts local connections,
// with settings on top of the common ones.
func (c *cluster) initCluster(bin string, settings ...string) error {
	dir, err := os.MkdirTemp("", "loket-pg-")
	if err != nil {
		return err
	}
	c.dir = dir
	cred, err := runAs(dir)
	if err != nil {
		return err
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--locale=C")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %w: %s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	args := []string{"-D", data, "-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir, "-c", "max_connections=300"}
	for _, kv := range settings {
		args = append(args, "-c", kv)
	}
	c.proc = exec.Command(filepath.Join(bin, "postgres"), args...)
	log, err := os.Create(filepath.Join(dir, "postgres.log"))
	if err != nil {
		return err
	}
	defer log.Close()
	c.proc.Stdout, c.proc.Stderr = log, log
	// The server dies with the test binary even when Main does not run.
	c.proc.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
	if err := c.proc.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	c.adminDB = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := c.exec(ctx, "SELECT 1")
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			tail, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
			return fmt.Errorf("postgres did not start: %w: %s", err, tail)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// runAs is who runs the cluster: the postgres user when we are root
// (initdb refuses root), with dir handed to it; nobody else otherwise.
func runAs(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root needs the postgres user to run the test cluster: %w", err)
	}
	uid, err1 := strconv.Atoi(u.Uid)
	gid, err2 := strconv.Atoi(u.Gid)
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, err
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// stop drops the template databases, ends the throwaway cluster (fast
// shutdown) and removes its files.
func (c *cluster) stop() {
	if c.adminDB != "" && c.err == nil {
		for name := range c.templates {
			_ = c.exec(context.Background(), fmt.Sprintf("DROP DATABASE IF EXISTS loket_template_%d_%s WITH (FORCE)", os.Getpid(), name))
		}
	}
	if c.proc != nil && c.proc.Process != nil {
		_ = c.proc.Process.Signal(syscall.SIGINT)
		done := make(chan struct{})
		go func() { _ = c.proc.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = c.proc.Process.Kill()
			<-done
		}
	}
	if c.dir != "" && strings.HasPrefix(filepath.Base(c.dir), "loket-pg-") {
		_ = os.RemoveAll(c.dir)
	}
}

// Package pgtest gives tests a real PostgreSQL server and an empty
// database of their own on it.
//
// Where the server comes from, in this order:
//
//   - $KORPUS_TEST_POSTGRES, a DSN (URL or keyword string) of a server the
//     tests may create and drop databases on (the role needs CREATEDB);
//   - a throwaway cluster: when initdb and pg_ctl are found (on PATH or
//     under /usr/lib/postgresql/*/bin, where Debian's `postgresql` package
//     puts them), the first test that asks runs initdb into a temporary
//     directory and starts the server on 127.0.0.1 at a free port (and a
//     Unix socket inside that directory), with fsync off; Main stops it and
//     removes the directory when the test binary ends. PostgreSQL refuses
//     to run as root, so as root (CI, this project's machines) the cluster
//     belongs to the unprivileged `postgres` user the Debian package
//     creates, and initdb, pg_ctl and the server run under its uid;
//   - none: the test is skipped, except under CI=true, where it fails
//     (CI installs PostgreSQL with scripts/test-deps, so a missing server
//     there is a broken setup, not a reason to pass).
//
// A package whose tests use it calls Main from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
// Every wait (initdb, start, stop, connecting) is bounded.
package pgtest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDSN names the variable holding the DSN of an existing server.
const EnvDSN = "KORPUS_TEST_POSTGRES"

// startTimeout bounds initdb, pg_ctl start and stop, each.
const startTimeout = 60 * time.Second

var (
	once     sync.Once
	adminDSN string // connects to the maintenance database "postgres"
	startErr error  // why there is no server
	cluster  *localCluster
	seq      atomic.Int64
)

// Main runs the tests and then stops the throwaway cluster, if one was
// started, and removes its directory. It returns m.Run's exit code.
func Main(m *testing.M) int {
	code := m.Run()
	if cluster != nil {
		if err := cluster.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// Available reports whether a server can be had, starting the throwaway
// cluster if needed; the error says why not.
func Available() error {
	once.Do(setup)
	return startErr
}

// NewDatabase creates an empty database for the test on the server and
// returns its DSN (a URL); the database is dropped when the test ends.
// Without a server it skips the test, or fails it under CI=true.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	if err := Available(); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("PostgreSQL needed under CI=true: %v (scripts/test-deps installs it)", err)
		}
		tb.Skipf("no PostgreSQL for this test: %v (set %s, or install postgresql)", err, EnvDSN)
	}
	name := fmt.Sprintf("korpus_%s_%d_%d", sanitize(tb.Name()), os.Getpid(), seq.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, adminDSN)
	if err != nil {
		tb.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()+` TEMPLATE template0 ENCODING 'UTF8'`); err != nil {
		tb.Fatalf("pgtest: create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, adminDSN)
		if err != nil {
			tb.Errorf("pgtest: connect to drop %s: %v", name, err)
			return
		}
		defer conn.Close(context.Background())
		// FORCE: a pool the test forgot to close must not keep the
		// database (and the next run's disk) alive.
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			tb.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	cfg, err := pgx.ParseConfig(adminDSN)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return dsnFor(cfg, name)
}

// dsnFor returns a URL DSN for database name on cfg's server.
func dsnFor(cfg *pgx.ConnConfig, name string) string {
	u := "postgres://" + urlUser(cfg.User, cfg.Password) + "@" + net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))) + "/" + name
	q := []string{}
	if cfg.TLSConfig == nil {
		q = append(q, "sslmode=disable")
	}
	if len(q) > 0 {
		u += "?" + strings.Join(q, "&")
	}
	return u
}

func urlUser(user, pass string) string {
	esc := func(s string) string {
		return strings.NewReplacer("%", "%25", "@", "%40", ":", "%3A", "/", "%2F", "?", "%3F", "#", "%23").Replace(s)
	}
	if pass == "" {
		return esc(user)
	}
	return esc(user) + ":" + esc(pass)
}

var unsafeChars = regexp.MustCompile(`[^a-z0-9]+`)

// sanitize turns a test name into a short database-name part.
func sanitize(s string) string {
	s = unsafeChars.ReplaceAllString(strings.ToLower(s), "_")
	if len(s) > 30 {
		s = s[:30]
	}
	return strings.Trim(s, "_")
}

func setup() {
	if dsn := os.Getenv(EnvDSN); dsn != "" {
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			startErr = fmt.Errorf("%s: %v", EnvDSN, err)
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			startErr = fmt.Errorf("%s: %v", EnvDSN, err)
			return
		}
		conn.Close(ctx)
		cfg.Database = "postgres"
		adminDSN = dsnFor(cfg, cfg.Database)
		return
	}
	bin, err := findBin()
	if err != nil {
		startErr = err
		return
	}
	c, err := startCluster(bin)
	if err != nil {
		startErr = err
		return
	}
	cluster = c
	adminDSN = fmt.Sprintf("postgres://korpus@%s/postgres?sslmode=disable", net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)))
}

// findBin returns the directory holding initdb and pg_ctl.
func findBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "pg_ctl")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	// The newest version first: "15" < "16", and "9.6" is older than both.
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("no initdb/pg_ctl on PATH or under /usr/lib/postgresql/*/bin")
}

func version(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

// localCluster is a throwaway PostgreSQL cluster.
type localCluster struct {
	bin, dir string
	port     int
	cred     *syscall.Credential // nil: run as the current user
}

func (c *localCluster) data() string { return filepath.Join(c.dir, "data") }

// run runs a PostgreSQL program of the cluster, bounded by startTimeout.
func (c *localCluster) run(name string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "PGTZ=UTC")
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
		cmd.Env = append(cmd.Env, "HOME="+c.dir)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, tail(out.String(), 2000))
	}
	return nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// unprivileged returns the credential to run PostgreSQL with when this
// process is root: the `postgres` user's.
func unprivileged() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, and PostgreSQL refuses root: no unprivileged user 'postgres' to run it as (%v)", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("user postgres: uid %q gid %q", u.Uid, u.Gid)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
}

func startCluster(bin string) (*localCluster, error) {
	cred, err := unprivileged()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "korpus-pgtest-")
	if err != nil {
		return nil, err
	}
	c := &localCluster{bin: bin, dir: dir, cred: cred}
	fail := func(err error) (*localCluster, error) {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := os.Mkdir(filepath.Join(dir, "sock"), 0o700); err != nil {
		return fail(err)
	}
	if cred != nil {
		for _, p := range []string{dir, filepath.Join(dir, "sock")} {
			if err := os.Chown(p, int(cred.Uid), int(cred.Gid)); err != nil {
				return fail(err)
			}
		}
	}
	initArgs := []string{"-D", c.data(), "-U", "korpus", "--auth=trust", "--encoding=UTF8", "-N"}
	if err := c.run("initdb", append(initArgs, "--locale=C.UTF-8")...); err != nil {
		// An older system without the C.UTF-8 locale: byte order is what
		// korpus compares by anyway.
		os.RemoveAll(c.data())
		if err2 := c.run("initdb", append(initArgs, "--no-locale")...); err2 != nil {
			return fail(fmt.Errorf("%v\n%v", err, err2))
		}
	}
	// A free port can be taken by someone else before the server binds it:
	// try a few.
	var lastErr error
	for try := 0; try < 3; try++ {
		port, err := freePort()
		if err != nil {
			return fail(err)
		}
		c.port = port
		opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB",
			port, filepath.Join(dir, "sock"))
		lastErr = c.run("pg_ctl", "-D", c.data(), "-l", filepath.Join(dir, "server.log"), "-w", "-t", strconv.Itoa(int(startTimeout/time.Second)), "-o", opts, "start")
		if lastErr == nil {
			return c, nil
		}
		b, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		lastErr = fmt.Errorf("%v\nserver.log: %s", lastErr, tail(string(b), 2000))
	}
	return fail(lastErr)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// stop stops the server (immediate: nothing in it is worth a checkpoint)
// and removes its directory.
func (c *localCluster) stop() error {
	err := c.run("pg_ctl", "-D", c.data(), "-m", "immediate", "-w", "-t", strconv.Itoa(int(startTimeout/time.Second)), "stop")
	if rerr := os.RemoveAll(c.dir); err == nil && rerr != nil {
		err = rerr
	}
	return err
}

// ServerCPU returns the CPU time the throwaway cluster's processes have
// used so far: the postmaster's own and its reaped children's (from
// /proc/PID/stat), and the live children's. ok is false without a
// throwaway cluster (a server of $KORPUS_TEST_POSTGRES is not ours to
// measure) or off Linux.
func ServerCPU() (d time.Duration, ok bool) {
	if cluster == nil {
		return 0, false
	}
	b, err := os.ReadFile(filepath.Join(cluster.data(), "postmaster.pid"))
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil {
		return 0, false
	}
	const hz = 100 // USER_HZ on Linux
	ticks := func(p string) (ppid int, own, reaped int64, ok bool) {
		s, err := os.ReadFile(filepath.Join("/proc", p, "stat"))
		if err != nil {
			return 0, 0, 0, false
		}
		// Fields after the command name, which is in parentheses.
		i := bytes.LastIndexByte(s, ')')
		if i < 0 {
			return 0, 0, 0, false
		}
		f := strings.Fields(string(s[i+1:]))
		if len(f) < 15 {
			return 0, 0, 0, false
		}
		num := func(k int) int64 { n, _ := strconv.ParseInt(f[k], 10, 64); return n }
		// f[0] is state (field 3): ppid is field 4, utime..cstime 14..17.
		return int(num(1)), num(11) + num(12), num(13) + num(14), true
	}
	_, own, reaped, ok := ticks(strconv.Itoa(pid))
	if !ok {
		return 0, false
	}
	total := own + reaped
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if e.Name()[0] < '0' || e.Name()[0] > '9' {
			continue
		}
		if pp, o, _, ok := ticks(e.Name()); ok && pp == pid {
			total += o
		}
	}
	return time.Duration(total) * time.Second / hz, true
}

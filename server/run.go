package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/korpus/korpus/tm"
)

// MaxHeaderBytes bounds a request's line and headers. It is above 1 MiB
// so that a 1 MB query in a URL reaches the handlers, which answer it with
// a JSON 414; only a larger header block gets net/http's plain 431.
const MaxHeaderBytes = 2 << 20

// RunOptions configure Run.
type RunOptions struct {
	Addr            string
	TLSCert, TLSKey string            // both or neither
	Grace           time.Duration     // how long requests in flight may finish after ctx ends
	Listening       func(addr string) // called with the bound address (":0" resolved)
	// Logger gets net/http's own errors (TLS handshakes, broken
	// connections) as warnings; nil: the standard logger.
	Logger *slog.Logger
}

// Run serves h on opts.Addr until ctx ends, then shuts down gracefully:
// no new connections, requests in flight get opts.Grace to finish. It
// returns nil after a clean shutdown.
func Run(ctx context.Context, h http.Handler, opts RunOptions) error {
	if (opts.TLSCert == "") != (opts.TLSKey == "") {
		return tm.Errorf(tm.EINVALID, "--tls-cert and --tls-key go together")
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return tm.Errorf(tm.EINVALID, "cannot listen on %s: %v", opts.Addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // an import body may be large; slowloris is cut by ReadHeaderTimeout
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
	if opts.Logger != nil {
		srv.ErrorLog = slog.NewLogLogger(opts.Logger.Handler(), slog.LevelWarn)
	}
	scheme := "http"
	if opts.TLSCert != "" {
		scheme = "https"
	}
	if opts.Listening != nil {
		opts.Listening(scheme + "://" + ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() {
		if opts.TLSCert != "" {
			errc <- srv.ServeTLS(ln, opts.TLSCert, opts.TLSKey)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return tm.Errorf(tm.EINVALID, "serve: %v", err)
	case <-ctx.Done():
	}
	grace := opts.Grace
	if grace <= 0 {
		grace = 10 * time.Second
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return tm.Errorf(tm.EINTERNAL, "shutdown: requests still running after %s were cut", grace)
	}
	return nil
}

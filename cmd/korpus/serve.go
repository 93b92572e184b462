package main

import (
	"context"
	"fmt"
	"log/slog"
	"os/signal"
	"syscall"
	"time"

	"github.com/korpus/korpus/server"
	"github.com/korpus/korpus/store"
	"github.com/spf13/cobra"
)

type serveOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)

	Addr            string
	TLSCert, TLSKey string
	AnonymousRead   bool
	Grace           time.Duration
}

func newServeCmd(f *factory) *cobra.Command {
	opts := &serveOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the memory over HTTP: amaGama-compatible tmserver, JSON API, metrics",
		Long: `Serve the database over HTTP until SIGINT or SIGTERM; requests in flight
then get --grace to finish and korpus exits 0.

Endpoints (see server/openapi.yaml):
  GET  /tmserver/{src}/{tgt}/unit/{text}   amaGama API (Weblate, Virtaal, Pootle)
  GET  /tmserver/languages/
  POST /api/v1/lookup                      bulk lookup, the JSON of lookup --json
  GET  /api/v1/concordance?q=TERM
  GET  /healthz, /metrics (Prometheus)

Requests carry "Authorization: Bearer TOKEN" (korpus token create);
--anonymous-read opens the read endpoints without one. One JSON line per
request is logged on standard error.`,
		Example: `  korpus token create weblate --role read
  korpus serve --addr 127.0.0.1:8080
  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/tmserver/de/en/unit/Guten%20Tag`,
		Args: noArguments,
		RunE: func(cmd *cobra.Command, args []string) error {
			return serveRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "listen `ADDRESS` (host:port; port 0 picks a free one)")
	fl.StringVar(&opts.TLSCert, "tls-cert", "", "TLS certificate `FILE` (PEM); serve HTTPS")
	fl.StringVar(&opts.TLSKey, "tls-key", "", "TLS private key `FILE` (PEM)")
	fl.BoolVar(&opts.AnonymousRead, "anonymous-read", false, "allow lookups and concordance without a token")
	fl.DurationVar(&opts.Grace, "grace", 10*time.Second, "how long requests in flight may finish at shutdown")
	return cmd
}

func serveRun(ctx context.Context, opts *serveOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewJSONHandler(opts.IO.ErrOut, nil))
	h := server.New(db, server.Options{AnonymousRead: opts.AnonymousRead, Logger: log})
	return server.Run(ctx, h, server.RunOptions{
		Addr: opts.Addr, TLSCert: opts.TLSCert, TLSKey: opts.TLSKey, Grace: opts.Grace, Logger: log,
		Listening: func(addr string) {
			fmt.Fprintf(opts.IO.ErrOut, "korpus serve: listening on %s\n", addr)
		},
	})
}

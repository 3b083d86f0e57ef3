package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/server"
)

// shutdownGrace bounds how long requests in flight may take after a signal.
const shutdownGrace = 10 * time.Second

// retentionInterval is how often the purge of old events and appointments runs.
const retentionInterval = time.Hour

// run is the whole program without os.Exit, so tests can drive it; it returns the exit
// status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	if len(args) > 0 && args[0] == "audit-verify" {
		return auditVerify(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "migrate" {
		return migrateCommand(ctx, args[1:], stdout, stderr, logger)
	}
	if len(args) > 0 && args[0] == "pki" {
		o, err := parsePKIFlags(args[1:], stderr)
		if err != nil {
			return 2
		}
		return writePKI(o, stdout, logger)
	}
	o, err := parseFlags(args, stderr)
	if err != nil {
		return 2
	}
	if err := serve(ctx, o, logger); err != nil {
		logger.Error("centrald stopped", "err", err)
		return 1
	}
	return 0
}

func writePKI(o pkiOptions, stdout io.Writer, logger *slog.Logger) int {
	f, err := server.WriteDevPKI(o.dir, o.hosts, o.kiosks...)
	if err != nil {
		logger.Error("pki", "err", err)
		return 1
	}
	fmt.Fprintf(stdout, "CA:                 %s\nserver certificate: %s\nserver key:         %s\n", f.CACert, f.ServerCert, f.ServerKey)
	for _, c := range f.Clients {
		fmt.Fprintf(stdout, "kiosk %s of site %s: %s (key %s)\n", c.KioskID, c.Site, c.Cert, c.Key)
	}
	fmt.Fprintf(stdout, "\ncentrald --tls-cert %s --tls-key %s --client-ca %s ...\n", f.ServerCert, f.ServerKey, f.CACert)
	return 0
}

// serve runs the server until ctx is done, then shuts down: no new connections, requests
// in flight get shutdownGrace to finish, and the database closes last.
func serve(ctx context.Context, o options, logger *slog.Logger) (err error) {
	var tlsConfig *tls.Config
	if !o.insecureLoopback {
		if tlsConfig, err = server.TLSConfig(o.tlsCert, o.tlsKey, o.clientCA); err != nil {
			return err
		}
	}
	srv, err := server.New(o.db, server.Options{Site: o.site, Logger: logger, KeyFile: o.keyFile,
		CodesPerKioskHour: o.codesPerKiosk, CodesPerStaffHour: o.codesPerStaff,
		Retention: time.Duration(o.retentionDays) * 24 * time.Hour})
	if err != nil {
		return err
	}
	// The purge stops before the database closes.
	rctx, stopRetention := context.WithCancel(ctx)
	retention := make(chan struct{})
	go func() { srv.RunRetention(rctx, retentionInterval); close(retention) }()
	defer func() {
		stopRetention()
		<-retention
		if cerr := srv.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if o.demoSeed {
		if _, err := srv.SeedDemo(time.Now()); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		TLSConfig:         tlsConfig,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		// Handshake failures (a kiosk without a certificate) land here; they name addresses,
		// not people.
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	scheme := "https"
	if tlsConfig == nil {
		scheme = "http"
	}
	logger.Info("listening", "url", scheme+"://"+ln.Addr().String()+api.BasePath, "site", o.site, "demo", o.demoSeed)

	done := make(chan error, 1)
	go func() {
		if tlsConfig != nil {
			done <- hs.ServeTLS(ln, "", "")
		} else {
			done <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("stopped")
	return nil
}

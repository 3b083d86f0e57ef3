package site

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// ServeOptions say how the desk listens.
type ServeOptions struct {
	Addr string // host:port
	// CA, Cert and Key are the site CA (whose client certificates are accepted) and the
	// desk's own certificate and key. All empty: plain HTTP, allowed on loopback only.
	CA, Cert, Key string
}

// Listen opens the desk's listener: mutual TLS that refuses a client without a
// certificate of the site CA during the handshake, or plain TCP on a loopback address.
func Listen(o ServeOptions) (net.Listener, error) {
	plain := o.CA == "" && o.Cert == "" && o.Key == ""
	if plain {
		host, _, err := net.SplitHostPort(o.Addr)
		if err != nil || !loopbackHost(host) {
			return nil, fmt.Errorf("%w: plain HTTP on %q, which is not a loopback address; give the site certificates", ErrConfig, o.Addr)
		}
		return net.Listen("tcp", o.Addr)
	}
	cert, err := tls.LoadX509KeyPair(o.Cert, o.Key)
	if err != nil {
		return nil, fmt.Errorf("%w: desk certificate: %w", ErrConfig, err)
	}
	pool, err := loadPool(o.CA)
	if err != nil {
		return nil, err
	}
	cfg := &tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientCAs:    pool,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS13, // every machine of a site runs this program
	}
	l, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return nil, err
	}
	return tls.NewListener(l, cfg), nil
}

// Serve serves h on l until ctx ends, then shuts down, giving requests in flight a few
// seconds. Streams end at once: their clients reconnect to the next desk.
func Serve(ctx context.Context, l net.Listener, h http.Handler) error {
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

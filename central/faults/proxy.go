package faults

import (
	"errors"
	"io"
	"net"
	"sync"
)

// Mode is how a Proxy treats new connections.
type Mode int

// The modes of a Proxy.
const (
	Forward   Mode = iota // pass bytes both ways
	Refuse                // accept and close at once, as a server that is down behind a balancer
	Blackhole             // accept and read, never forward or answer: a hanging server
)

// Proxy is a TCP proxy on loopback between a client and a server. Tests change its mode,
// cut the connections open now, or point it at a restarted server, while the client keeps
// the proxy's address.
type Proxy struct {
	ln net.Listener

	mu     sync.Mutex
	target string
	mode   Mode
	conns  map[net.Conn]struct{}
	wg     sync.WaitGroup
	closed bool
}

// Listen starts a proxy on 127.0.0.1 that forwards to target (host:port).
func Listen(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr returns the proxy's address, host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// SetTarget points new connections at another server address.
func (p *Proxy) SetTarget(target string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.target = target
}

// SetMode changes how new connections are treated; open ones go on as they were.
func (p *Proxy) SetMode(m Mode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = m
}

// ResetAll cuts every open connection with a TCP reset (RST), as a network that fails
// in the middle of a request or an answer.
func (p *Proxy) ResetAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // close with RST instead of FIN
		}
		c.Close()
		delete(p.conns, c)
	}
}

// Close stops the proxy and cuts every connection.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	err := p.ln.Close()
	p.ResetAll()
	p.wg.Wait()
	return err
}

func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *Proxy) forget(c net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.conns, c)
	c.Close()
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			continue
		}
		p.mu.Lock()
		mode, target := p.mode, p.target
		p.mu.Unlock()
		if !p.track(c) {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer p.forget(c)
			p.serve(c, mode, target)
		}()
	}
}

func (p *Proxy) serve(c net.Conn, mode Mode, target string) {
	switch mode {
	case Refuse:
		return
	case Blackhole:
		_, _ = io.Copy(io.Discard, c)
		return
	}
	up, err := net.Dial("tcp", target)
	if err != nil {
		return // the client sees its connection closed
	}
	if !p.track(up) {
		return
	}
	defer p.forget(up)
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		_, _ = io.Copy(dst, src)
		// Closing both ends on the first EOF stops the other copy too.
		dst.Close()
		src.Close()
		done <- struct{}{}
	}
	go pipe(up, c)
	go pipe(c, up)
	<-done
	<-done
}

package main

import (
	"log/slog"
	"net"

	"github.com/integry-go/integry/sandbox"
)

// demoUser is the demo's user when -user is not given.
const demoUser = "demo-user"

// startDemo starts the embedded sandbox in memory on a loopback port and
// points c at it. Its consent pages (login_url) connect apps from a
// browser, and programs can post to them as sandboxtest does
// (docs/protocol.md#sandbox-consent).
func startDemo(c *config, log *slog.Logger) (stop func(), err error) {
	srv, err := sandbox.New(sandbox.Options{Memory: true, Logger: log})
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Close()
		return nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(l)
	}()
	url := "http://" + l.Addr().String()
	c.appKey, c.appSecret, c.hash = srv.AppKey(), sandbox.DefaultAppSecret, ""
	c.apiURL, c.baseURL = url, url
	if c.user == "" {
		c.user = demoUser
	}
	return func() {
		srv.Close()
		<-done
	}, nil
}

package webdriver

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// BiDi is a WebDriver BiDi session with a browser, over a WebSocket: the
// protocol Firefox speaks natively (https://w3c.github.io/webdriver-bidi/).
// Commands block until their answer; events are dispatched to the handlers
// registered with On.
type BiDi struct {
	ws     *wsConn
	mu     sync.Mutex
	nextID int64
	wait   map[int64]chan bidiAnswer
	on     map[string][]func(json.RawMessage)
	closed chan struct{}
	err    error // why the connection ended, once closed is closed
}

type bidiAnswer struct {
	Result json.RawMessage
	Err    error
}

// dialBiDi connects to a BiDi endpoint (ws://host:port/session) and starts
// reading its messages.
func dialBiDi(addr string) (*BiDi, error) {
	ws, err := dialWS(addr, 30*time.Second)
	if err != nil {
		return nil, err
	}
	b := &BiDi{ws: ws, wait: map[int64]chan bidiAnswer{}, on: map[string][]func(json.RawMessage){}, closed: make(chan struct{})}
	go b.read()
	return b, nil
}

func (b *BiDi) read() {
	for {
		msg, err := b.ws.ReadText()
		if err != nil {
			b.mu.Lock()
			b.err = err
			for id, ch := range b.wait {
				ch <- bidiAnswer{Err: fmt.Errorf("webdriver: bidi connection ended: %w", err)}
				delete(b.wait, id)
			}
			b.mu.Unlock()
			close(b.closed)
			return
		}
		var m struct {
			Type    string          `json:"type"`
			ID      *int64          `json:"id"`
			Result  json.RawMessage `json:"result"`
			Error   string          `json:"error"`
			Message string          `json:"message"`
			Method  string          `json:"method"`
			Params  json.RawMessage `json:"params"`
		}
		if json.Unmarshal(msg, &m) != nil {
			continue
		}
		switch {
		case m.Type == "event":
			b.mu.Lock()
			hs := append([]func(json.RawMessage){}, b.on[m.Method]...)
			b.mu.Unlock()
			for _, h := range hs {
				h(m.Params)
			}
		case m.ID != nil:
			b.mu.Lock()
			ch := b.wait[*m.ID]
			delete(b.wait, *m.ID)
			b.mu.Unlock()
			if ch == nil {
				continue
			}
			if m.Type == "error" {
				ch <- bidiAnswer{Err: &Error{Code: m.Error, Message: m.Message}}
			} else {
				ch <- bidiAnswer{Result: m.Result}
			}
		}
	}
}

// Error is an error the remote end answered with.
type Error struct {
	Code    string // "no such element", "javascript error", …
	Message string
}

func (e *Error) Error() string { return "webdriver: " + e.Code + ": " + e.Message }

// Call sends a command and decodes its result into res (nil ignores it).
func (b *BiDi) Call(ctx context.Context, method string, params, res any) error {
	if params == nil {
		params = struct{}{}
	}
	b.mu.Lock()
	if b.err != nil {
		b.mu.Unlock()
		return fmt.Errorf("webdriver: bidi connection ended: %w", b.err)
	}
	b.nextID++
	id := b.nextID
	ch := make(chan bidiAnswer, 1)
	b.wait[id] = ch
	b.mu.Unlock()
	msg, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		return err
	}
	if err := b.ws.WriteText(msg); err != nil {
		return err
	}
	select {
	case a := <-ch:
		if a.Err != nil {
			return fmt.Errorf("%s: %w", method, a.Err)
		}
		if res != nil {
			return json.Unmarshal(a.Result, res)
		}
		return nil
	case <-ctx.Done():
		b.mu.Lock()
		delete(b.wait, id)
		b.mu.Unlock()
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// On calls h with the params of every event named method (subscribe to it
// with session.subscribe as well).
func (b *BiDi) On(method string, h func(params json.RawMessage)) {
	b.mu.Lock()
	b.on[method] = append(b.on[method], h)
	b.mu.Unlock()
}

// Close closes the connection.
func (b *BiDi) Close() error { return b.ws.Close() }

// Firefox is a headless Firefox driven over WebDriver BiDi, with its own
// profile. Close ends the browser.
type Firefox struct {
	*BiDi
	cmd  *exec.Cmd
	done chan struct{}
}

// FirefoxBinary returns the Firefox on PATH (firefox-esr first, Debian's
// name), or "".
func FirefoxBinary() string {
	for _, name := range []string{"firefox-esr", "firefox"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// StartFirefox starts headless Firefox with a fresh profile in dir, with
// prefs written into the profile's user.js (name → JSON value), connects to
// its BiDi endpoint and opens a session.
func StartFirefox(ctx context.Context, dir string, prefs map[string]any) (*Firefox, error) {
	bin := FirefoxBinary()
	if bin == "" {
		return nil, errors.New("webdriver: no firefox-esr or firefox on PATH")
	}
	var userJS strings.Builder
	for k, v := range prefs {
		j, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&userJS, "user_pref(%q, %s);\n", k, j)
	}
	if err := os.WriteFile(filepath.Join(dir, "user.js"), []byte(userJS.String()), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--headless", "--no-remote", "--profile", dir, "--remote-debugging-port=0", "about:blank")
	cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	f := &Firefox{cmd: cmd, done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(stderr)
		s.Buffer(make([]byte, 64<<10), 1<<20)
		sent := false
		for s.Scan() { // keep reading, so that Firefox never blocks on a full pipe
			if u, ok := wsURL(s.Text()); ok && !sent {
				addr <- u
				sent = true
			}
		}
	}()
	go func() { cmd.Wait(); close(f.done) }()
	var u string
	select {
	case u = <-addr:
	case <-f.done:
		return nil, errors.New("webdriver: firefox exited before it listened for WebDriver BiDi")
	case <-ctx.Done():
		f.kill()
		return nil, fmt.Errorf("webdriver: waiting for firefox: %w", ctx.Err())
	}
	b, err := dialBiDi(strings.TrimSuffix(u, "/") + "/session")
	if err != nil {
		f.kill()
		return nil, err
	}
	f.BiDi = b
	if err := b.Call(ctx, "session.new", map[string]any{"capabilities": map[string]any{}}, nil); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func (f *Firefox) kill() {
	if f.cmd.Process != nil {
		syscall.Kill(-f.cmd.Process.Pid, syscall.SIGKILL)
	}
	<-f.done
}

// Close ends the session and the browser.
func (f *Firefox) Close() error {
	if f.BiDi != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		f.Call(ctx, "browser.close", nil, nil)
		cancel()
		f.BiDi.Close()
	}
	select {
	case <-f.done:
	case <-time.After(5 * time.Second):
	}
	f.kill()
	return nil
}

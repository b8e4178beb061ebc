package webdriver

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
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// Classic is a classic WebDriver session (https://w3c.github.io/webdriver/),
// plain JSON over HTTP: what WebKitWebDriver speaks.
type Classic struct {
	base string // http://host:port/session/<id>
	hc   *http.Client
}

// Call sends method to path (relative to the session; "" is the session
// itself) with body as JSON (nil sends none), and decodes the answer's
// "value" into res (nil ignores it).
func (c *Classic) Call(ctx context.Context, method, path string, body, res any) error {
	return call(ctx, c.hc, method, c.base+path, body, res)
}

func call(ctx context.Context, hc *http.Client, method, url string, body, res any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	var out struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return fmt.Errorf("webdriver: %s %s: %s: %.200s", method, url, resp.Status, b)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		json.Unmarshal(out.Value, &e)
		return &Error{Code: e.Error, Message: e.Message}
	}
	if res != nil {
		return json.Unmarshal(out.Value, res)
	}
	return nil
}

// WebKit is MiniBrowser (WebKitGTK) driven by WebKitWebDriver, on a virtual
// display from xvfb-run when the process has none. Close ends both.
type WebKit struct {
	*Classic
	cmd  *exec.Cmd
	done chan struct{}
}

// MiniBrowserBinary returns WebKitGTK's MiniBrowser (Debian installs it
// under /usr/lib/<triplet>/webkit2gtk-4.*/), or "".
func MiniBrowserBinary() string {
	for _, pat := range []string{"/usr/lib/*/webkit2gtk-4.1/MiniBrowser", "/usr/lib/*/webkit2gtk-4.0/MiniBrowser", "/usr/lib/*/webkitgtk-6.0/MiniBrowser", "/usr/libexec/webkit2gtk-4.*/MiniBrowser"} {
		if m, _ := filepath.Glob(pat); len(m) > 0 {
			return m[0]
		}
	}
	return ""
}

// WebKitAvailable reports whether WebKitWebDriver and MiniBrowser are
// installed (and xvfb-run, when there is no display).
func WebKitAvailable() bool {
	if _, err := exec.LookPath("WebKitWebDriver"); err != nil {
		return false
	}
	if os.Getenv("DISPLAY") == "" {
		if _, err := exec.LookPath("xvfb-run"); err != nil {
			return false
		}
	}
	return MiniBrowserBinary() != ""
}

// StartWebKit starts WebKitWebDriver on a free loopback port (under
// xvfb-run when there is no DISPLAY) and opens a session on MiniBrowser
// with args (MiniBrowser's command line, e.g. its settings).
func StartWebKit(ctx context.Context, args ...string) (*WebKit, error) {
	if !WebKitAvailable() {
		return nil, errors.New("webdriver: WebKitWebDriver, MiniBrowser or xvfb-run is missing (apt-get install webkit2gtk-driver xvfb)")
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	argv := []string{"WebKitWebDriver", "--host=127.0.0.1", "--port=" + strconv.Itoa(port)}
	if os.Getenv("DISPLAY") == "" {
		argv = append([]string{"xvfb-run", "-a", "-s", "-screen 0 1280x1024x24"}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	w := &WebKit{cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); close(w.done) }()
	root := "http://127.0.0.1:" + strconv.Itoa(port)
	hc := &http.Client{}
	for { // until the driver answers /status
		var st struct {
			Ready bool `json:"ready"`
		}
		sctx, cancel := context.WithTimeout(ctx, time.Second)
		err := call(sctx, hc, "GET", root+"/status", nil, &st)
		cancel()
		if err == nil {
			break
		}
		select {
		case <-w.done:
			return nil, errors.New("webdriver: WebKitWebDriver exited before it answered")
		case <-ctx.Done():
			w.kill()
			return nil, fmt.Errorf("webdriver: waiting for WebKitWebDriver: %w (%v)", ctx.Err(), err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"webkitgtk:browserOptions": map[string]any{
			"binary": MiniBrowserBinary(),
			"args":   append([]string{"--automation"}, args...),
		},
	}}}
	var sess struct {
		SessionID string `json:"sessionId"`
	}
	if err := call(ctx, hc, "POST", root+"/session", caps, &sess); err != nil {
		w.kill()
		return nil, fmt.Errorf("webdriver: new WebKit session: %w", err)
	}
	w.Classic = &Classic{base: root + "/session/" + sess.SessionID, hc: hc}
	return w, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (w *WebKit) kill() {
	if w.cmd.Process != nil {
		syscall.Kill(-w.cmd.Process.Pid, syscall.SIGKILL)
	}
	<-w.done
}

// Close ends the session, the browser and the driver.
func (w *WebKit) Close() error {
	if w.Classic != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		w.Call(ctx, "DELETE", "", nil, nil)
		cancel()
	}
	syscall.Kill(-w.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-w.done:
	case <-time.After(5 * time.Second):
		w.kill()
	}
	return nil
}

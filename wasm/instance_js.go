//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/integry-go/integry/jsbridge"
	"github.com/integry-go/integry/sdk"
)

// instance is one `new IntegryJS(config)`: a Client for one user, its root
// context (cancelled by destroy() with a destroyed cause, which every pending
// promise then rejects with) and its event emitter.
type instance struct {
	id      int
	client  *sdk.Client
	ctx     context.Context
	cancel  context.CancelCauseFunc
	emitter *sdk.Emitter
	events  *jsbridge.Events
	cfg     sdk.Config
	// options is the config's `options` object (the official userConfig),
	// kept as JavaScript for the UI; undefined when absent.
	options js.Value

	verified  chan struct{} // closed when the background verification ends
	verifyErr error         // set before verified is closed

	mu     sync.Mutex
	pagers map[int]*pager
	nextPg int
}

// method is one promise-returning IntegryJS method. It runs synchronously in
// the JavaScript call: it checks args (returning an error rejects the promise
// at once) and may do synchronous browser work that needs the user's gesture
// (window.open). It returns the work to run on the promise's goroutine, with
// the instance's context: waiting (fetch, timers, user input) happens only
// there. The work's result crosses as described by jsbridge.ToJS: nil is
// undefined, a json.RawMessage is parsed, other Go values go as JSON.
type method func(inst *instance, args []js.Value) (work func(ctx context.Context) (any, error), err error)

// methods holds every promise-returning method by its JavaScript name.
var methods = map[string]method{}

// registerMethod adds a promise-returning method to every IntegryJS
// instance. Call it from an init function in any file of package main; a
// second registration of a name panics at start-up, so clashes show at once.
// The script-tag loader and the npm entry expose a fixed list of method names
// on IntegryJS.prototype (web/loader/loader.mjs, METHODS); add new names there
// too.
func registerMethod(name string, m method) {
	if _, dup := methods[name]; dup {
		panic("wasm: method " + name + " registered twice")
	}
	methods[name] = m
}

// destroyedError is the cause every pending promise rejects with after
// destroy().
var destroyedError = &sdk.Error{Code: sdk.CodeDestroyed, Message: "The IntegryJS instance was destroyed"}

// newInstance reads the constructor's config. Missing credentials are one
// invalid_argument error naming all of them.
func newInstance(id int, config js.Value) (*instance, error) {
	c, options, err := readConfig(safejs.Safe(config))
	if err != nil {
		return nil, err
	}
	em := sdk.NewEmitter()
	client, err := sdk.NewClient(c, sdk.WithTransport(jsbridge.Fetch{}), sdk.WithEmitter(em))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	inst := &instance{
		id: id, client: client, ctx: ctx, cancel: cancel,
		emitter: em, events: jsbridge.NewEvents(em), cfg: client.Config(),
		options: safejs.Unsafe(options), verified: make(chan struct{}), pagers: map[int]*pager{},
	}
	return inst, nil
}

// verify checks the credentials in the background: ready {isReady: true} on
// success, error with the coded error on failure (not after destroy()).
func (inst *instance) verify() {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				inst.verifyErr = &sdk.Error{Code: sdk.CodeInternal, Message: fmt.Sprint("internal error: ", r)}
				close(inst.verified)
			}
		}()
		_, err := inst.client.VerifyConfig(inst.ctx)
		inst.verifyErr = err
		close(inst.verified)
		if inst.ctx.Err() != nil {
			return
		}
		if err != nil {
			inst.emitter.Emit(sdk.EventError, err)
			return
		}
		inst.emitter.Emit(sdk.EventReady, jsbridge.SmallValue(readyPayload{IsReady: true}))
	}()
}

// readyPayload is the ready event's payload.
type readyPayload struct {
	IsReady bool `js:"isReady"`
}

// destroy cancels everything the instance started and removes every handler.
func (inst *instance) destroy() {
	inst.cancel(destroyedError)
	inst.events.OffAll()
	inst.mu.Lock()
	pagers := inst.pagers
	inst.pagers = map[int]*pager{}
	inst.mu.Unlock()
	for _, p := range pagers {
		p.stop()
	}
}

// readConfig turns the constructor's config object into an sdk.Config.
// It accepts appKey, hash, userId or user.userId (a string or a number, as
// the official SDK applies String()), deploymentId, baseUrl, authBaseUrl,
// baseAPIUrl (alias apiBaseUrl; the former wins), lang, options, and our
// timeout, connectTimeout (milliseconds) and retries.
func readConfig(cfg safejs.Value) (sdk.Config, safejs.Value, error) {
	var c sdk.Config
	if jsbridge.Kind(cfg) != safejs.TypeObject || cfg.IsNull() {
		return c, cfg, jsbridge.InvalidArgument("IntegryJS: the config must be an object with appKey, hash and userId")
	}
	var bad []string
	str := func(key string) string {
		v, err := cfg.Get(key)
		if err != nil || v.IsUndefined() || v.IsNull() {
			return ""
		}
		s, ok := text(v)
		if !ok {
			bad = append(bad, key)
		}
		return s
	}
	c.AppKey = str("appKey")
	c.Hash = str("hash")
	c.UserID = str("userId")
	if c.UserID == "" {
		if u, err := cfg.Get("user"); err == nil && jsbridge.Kind(u) == safejs.TypeObject && !u.IsNull() {
			if v, err := u.Get("userId"); err == nil && !v.IsUndefined() && !v.IsNull() {
				if s, ok := text(v); ok {
					c.UserID = s
				} else {
					bad = append(bad, "user.userId")
				}
			}
		}
	}
	c.DeploymentID = str("deploymentId")
	c.BaseURL = str("baseUrl")
	c.AuthBaseURL = str("authBaseUrl")
	c.APIBaseURL = str("baseAPIUrl")
	if c.APIBaseURL == "" {
		c.APIBaseURL = str("apiBaseUrl")
	}
	c.Lang = str("lang")
	ms := func(key string) time.Duration {
		v, err := cfg.Get(key)
		if err != nil || v.IsUndefined() || v.IsNull() {
			return 0
		}
		f, err := v.Float()
		if jsbridge.Kind(v) != safejs.TypeNumber || err != nil || math.IsNaN(f) || f < 0 || f > 24*3600*1000 {
			bad = append(bad, key)
			return 0
		}
		return time.Duration(f * float64(time.Millisecond))
	}
	c.Timeout = ms("timeout")
	c.ConnectTimeout = ms("connectTimeout")
	if v, err := cfg.Get("retries"); err == nil && !v.IsUndefined() && !v.IsNull() {
		n, err := v.Float()
		if jsbridge.Kind(v) != safejs.TypeNumber || err != nil || n != math.Trunc(n) || n < 0 || n > 10 {
			bad = append(bad, "retries")
		} else if n == 0 {
			c.Retries = -1 // sdk: 0 means the default, negative means none
		} else {
			c.Retries = int(n)
		}
	}
	options, _ := cfg.Get("options")
	var missing []string
	for _, f := range []struct{ name, v string }{{"appKey", c.AppKey}, {"hash", c.Hash}, {"userId", c.UserID}} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	var msg []string
	if len(missing) > 0 {
		msg = append(msg, "missing "+strings.Join(missing, ", "))
	}
	if len(bad) > 0 {
		msg = append(msg, "invalid "+strings.Join(bad, ", "))
	}
	if len(msg) > 0 {
		return c, options, jsbridge.InvalidArgument("IntegryJS config: %s", strings.Join(msg, "; "))
	}
	if err := c.Validate(); err != nil {
		return c, options, err
	}
	return c, options, nil
}

// text reads a string, or a finite number as String() would write it.
func text(v safejs.Value) (string, bool) {
	switch jsbridge.Kind(v) {
	case safejs.TypeString:
		n, err := jsbridge.StringLength(v)
		if err != nil || n > jsbridge.MaxNameLength*4 {
			return "", false
		}
		s, err := v.String()
		return s, err == nil
	case safejs.TypeNumber:
		f, err := v.Float()
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return "", false
		}
		s, err := jsbridge.Global().Call("String", v)
		if err != nil {
			return "", false
		}
		out, err := s.String()
		return out, err == nil
	}
	return "", false
}

//go:build js && wasm

package main

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/integry-go/integry/jsbridge"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/ui"
)

// instance is one `new IntegryJS(config)`: a Client for one user, its root
// context (cancelled by destroy() with a destroyed cause).
type instance struct {
	handle int
	client *sdk.Client
	ctx    context.Context
	cancel context.CancelCauseFunc
	cfg    sdk.Config
	// title, tags and debug are the constructor's options
	// (docs/protocol.md#surface-options).
	title string
	tags  []string
	debug bool

	verified  chan struct{} // closed when the background verification ends
	verifyErr error         // set before verified is closed

	mu      sync.Mutex
	cancels map[int]context.CancelCauseFunc // calls with an AbortSignal
}

// runner is what a method leaves to do once its arguments are checked: it
// runs with the call's context and calls done once with the result, which
// reaches the page through jsbridge.ToJS.
type runner interface {
	run(ctx context.Context, done func(any, error))
}

// work is a runner that may wait (requests, timers, the user): it runs on a
// goroutine of its own.
type work func(ctx context.Context) (any, error)

func (w work) run(ctx context.Context, done func(any, error)) {
	go func() {
		var v any
		var err error
		func() {
			defer jsbridge.Recover(&err)
			v, err = w(ctx)
		}()
		done(v, err)
	}()
}

// start is a runner that never waits: it starts what it does and calls done
// later, from the event that brings the answer (sdk.Client.StartCall). The
// hot methods use it: no goroutine per call, none per pending call.
type start func(ctx context.Context, done func(any, error))

func (s start) run(ctx context.Context, done func(any, error)) { s(ctx, done) }

// method is one promise-returning IntegryJS method. It runs synchronously
// in the page's call: it checks the arguments (an error rejects at once) and
// may do browser work that needs the user's gesture. Waiting happens only in
// the runner it returns.
type method func(inst *instance, a jsbridge.Args) (runner, error)

// methods holds every method by its JavaScript name; see registerMethod.
var methods = map[string]method{}

// registerMethod adds a method whose work may wait (it runs on a goroutine
// of its own), from an init function of any file of this package. Its name
// must be in Methods (contract.go); main checks that every name there has
// one.
func registerMethod(name string, m func(*instance, jsbridge.Args) (work, error)) {
	register(name, func(inst *instance, a jsbridge.Args) (runner, error) {
		w, err := m(inst, a)
		if err != nil {
			return nil, err
		}
		return w, nil
	})
}

// registerStart adds a method that never waits: its start hands the result
// over from the event that brings it.
func registerStart(name string, m func(*instance, jsbridge.Args) (start, error)) {
	register(name, func(inst *instance, a jsbridge.Args) (runner, error) {
		s, err := m(inst, a)
		if err != nil {
			return nil, err
		}
		return s, nil
	})
}

func register(name string, m method) {
	if _, dup := methods[name]; dup {
		panic("wasm: method " + name + " registered twice")
	}
	methods[name] = m
}

// registry holds the live instances by the loader's handle.
var registry = struct {
	sync.Mutex
	m map[int]*instance
}{m: map[int]*instance{}}

func lookup(handle int) *instance {
	registry.Lock()
	defer registry.Unlock()
	return registry.m[handle]
}

// destroyedError is the cause every pending call rejects with after
// destroy().
var destroyedError = &sdk.Error{Code: sdk.CodeDestroyed, Message: "The IntegryJS instance was destroyed"}

// create makes instance handle from the config the loader has already
// checked (web/loader/loader.mjs, checkConfig): the loader is the one place
// that validates it and throws the page's TypeError.
func create(handle int, config jsbridge.Value) {
	ms := func(key string) time.Duration {
		f, _ := config.Get(key).Num()
		return time.Duration(f * float64(time.Millisecond))
	}
	cfg := sdk.Config{
		AppKey: config.Get("appKey").Str(), Hash: config.Get("hash").Str(), UserID: config.Get("userId").Str(),
		DeploymentID: config.Get("deploymentId").Str(), Lang: config.Get("lang").Str(),
		BaseURL: config.Get("baseUrl").Str(), AuthBaseURL: config.Get("authBaseUrl").Str(),
		APIBaseURL: config.Get("apiBaseUrl").Str(),
		Timeout:    ms("timeout"), ConnectTimeout: ms("connectTimeout"),
		UserAPIKey: config.Get("selfApiKey").Str(), UserExtras: config.Get("selfExtras").Str(), // docs/flows.md#user-variables
		UserValues: splitTags(config.Get("selfValues").Str()),
		Objects:    config.Get("objects").Str(), // docs/flows.md#payloads
	}
	if n, ok := config.Get("retries").Num(); ok {
		cfg.Retries = int(n)
		if n == 0 {
			cfg.Retries = -1 // the page's 0 is none; the sdk's 0 is the default
		}
	}
	em := sdk.NewEmitter()
	debug, _ := config.Get("debug").Num()
	var transport sdk.Transport = jsbridge.Fetch{}
	if debug == 1 {
		transport = debugTransport{}
	}
	client, err := sdk.NewClient(cfg, sdk.WithTransport(transport), sdk.WithEmitter(em))
	if err != nil {
		// The loader's checks are the sdk's; reaching this is a bug.
		jsbridge.Emit(handle, string(sdk.EventError), err)
		return
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	inst := &instance{
		handle: handle, client: client, ctx: ctx, cancel: cancel, cfg: client.Config(),
		verified: make(chan struct{}), cancels: map[int]context.CancelCauseFunc{},
		title: config.Get("title").Str(), tags: splitTags(config.Get("tags").Str()), debug: debug == 1,
	}
	for _, name := range append([]sdk.Event{sdk.EventError, sdk.EventAppConnected, sdk.EventAppDisconnected, sdk.EventModalClosed, sdk.EventDidRenderFunction, sdk.EventDidRemoveAuthorization}, ui.FlowEvents...) {
		em.On(name, func(payload any) { inst.emit(name, payload) })
	}
	em.OnPanic(inst.handlerPanicked)
	registry.Lock()
	registry.m[handle] = inst
	registry.Unlock()
	go inst.verify()
}

// splitTags reads the constructor's options.tags, which the loader joins
// with newlines.
func splitTags(s string) []string {
	var tags []string
	for _, t := range strings.Split(s, "\n") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

// handlerPanicked reports a Go handler of the instance's emitter that
// panicked: on the console, and as the instance's "error" event, unless the
// panicking handler was one of "error" itself (docs/design.md#goroutines-in-ui).
func (inst *instance) handlerPanicked(name sdk.Event, r any) {
	msg := "a \"" + string(name) + "\" handler panicked: " + sdk.PanicText(r)
	jsbridge.ConsoleError("integry: " + msg)
	if name != sdk.EventError {
		inst.emit(sdk.EventError, sdk.NewError(sdk.CodeInternal, "internal error: "+msg))
	}
}

// emit sends an event of this instance to the page, unless it was
// destroyed.
func (inst *instance) emit(name sdk.Event, payload any) {
	if inst.ctx.Err() != nil {
		return
	}
	jsbridge.Emit(inst.handle, string(name), eventPayload(payload))
}

// verify checks the credentials in the background: ready {isReady: true} on
// success, error with the coded error on failure.
func (inst *instance) verify() {
	var err error
	defer func() {
		jsbridge.Recover(&err)
		inst.verifyErr = err
		close(inst.verified)
		if err != nil {
			inst.emit(sdk.EventError, err)
		} else {
			inst.emit(sdk.EventReady, sdk.ReadyPayload{IsReady: true})
		}
	}()
	_, err = inst.client.VerifyConfig(inst.ctx)
}

// abortedError is the cause a call's AbortSignal ends it with.
var abortedError = &sdk.Error{Code: sdk.CodeCancelled, Message: "The call was aborted"}

// call starts method name of instance handle for the page's promise callID.
// A call with an AbortSignal gets a context of its own, which lives as long
// as what the call started (a marketplace outlives the call that rendered
// it) and ends when the signal fires or the instance is destroyed.
func call(handle, callID int, name string, a jsbridge.Args, cancellable bool) {
	inst := lookup(handle)
	if handle == 0 && statics[name] {
		inst = staticInstance
	}
	if inst == nil {
		jsbridge.Reject(callID, destroyedError)
		return
	}
	m := methods[name]
	if m == nil {
		jsbridge.Reject(callID, sdk.InvalidArgument("IntegryJS has no method "+name))
		return
	}
	w, err := checked(inst, m, a)
	if err != nil {
		jsbridge.Reject(callID, err)
		return
	}
	ctx := inst.ctx
	if cancellable {
		var cancel context.CancelCauseFunc
		ctx, cancel = context.WithCancelCause(inst.ctx)
		inst.mu.Lock()
		inst.cancels[callID] = cancel
		inst.mu.Unlock()
		context.AfterFunc(ctx, func() {
			inst.mu.Lock()
			delete(inst.cancels, callID)
			inst.mu.Unlock()
		})
	}
	_, quiet := w.(start)
	quiet = quiet && !cancellable
	var once sync.Once
	done := func(v any, err error) {
		if quiet {
			// The answer of a request the call started settles the promise
			// here, inside the respond entry: nothing to resume after it.
			defer jsbridge.Quiet()
		}
		once.Do(func() {
			if err == nil && inst.ctx.Err() != nil {
				err = destroyedError
			}
			if err != nil {
				jsbridge.Reject(callID, err)
				return
			}
			jsbridge.Resolve(callID, v)
		})
	}
	if quiet {
		// It only starts a request: no goroutine is ready when the call
		// entry returns (docs/design.md#abi).
		jsbridge.Quiet()
	}
	func() {
		defer jsbridge.Recover(&err)
		w.run(ctx, done)
	}()
	if err != nil {
		done(nil, err)
	}
}

// checked runs a method's synchronous part, turning a panic into internal.
func checked(inst *instance, m method, a jsbridge.Args) (r runner, err error) {
	defer jsbridge.Recover(&err)
	return m(inst, a)
}

// cancelCall ends call callID of instance handle: its AbortSignal fired.
func cancelCall(handle, callID int) {
	inst := lookup(handle)
	if inst == nil {
		return
	}
	inst.mu.Lock()
	cancel := inst.cancels[callID]
	inst.mu.Unlock()
	if cancel != nil {
		cancel(abortedError)
	}
}

// destroy cancels everything instance handle started. The loader has already
// rejected its pending promises and removed its handlers.
func destroy(handle int) {
	registry.Lock()
	inst := registry.m[handle]
	delete(registry.m, handle)
	registry.Unlock()
	if inst == nil {
		return
	}
	inst.cancel(destroyedError)
}

// stats garbage-collects, then reports the live callback count, the number
// of instances, the Go heap in use, the memory the runtime took from the
// wasm linear memory and the goroutine count (what the leak tests compare),
// and the bytes and objects allocated and collections run so far.
func stats() jsbridge.Value {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	registry.Lock()
	n := len(registry.m)
	registry.Unlock()
	v, _ := jsbridge.ToJS(jsbridge.Fields(
		"liveFuncs", float64(jsbridge.LiveCallbacks()), "instances", float64(n),
		"heapAlloc", float64(ms.HeapAlloc), "sys", float64(ms.Sys), "goroutines", float64(runtime.NumGoroutine()),
		"totalAlloc", float64(ms.TotalAlloc), "mallocs", float64(ms.Mallocs), "numGC", float64(ms.NumGC),
	))
	return v
}

//go:build js && wasm

package main

import (
	"context"
	"runtime"
	"sync"
	"syscall/js"

	"github.com/hack-pad/safejs"
	"github.com/integry-go/integry/jsbridge"
	"github.com/integry-go/integry/sdk"
)

// GlobalName is where main puts the API object the loader drives. It is
// internal: pages use IntegryJS from the loader.
const GlobalName = "__integryWasm"

// registry holds the live instances by handle.
var registry = struct {
	sync.Mutex
	next      int
	instances map[int]*instance
}{instances: map[int]*instance{}}

func lookup(h safejs.Value) *instance {
	f, err := h.Float()
	if jsbridge.Kind(h) != safejs.TypeNumber || err != nil {
		return nil
	}
	registry.Lock()
	defer registry.Unlock()
	return registry.instances[int(f)]
}

// api builds the object the loader drives. Its functions live as long as the
// program and are never released:
//
//	version                         sdk.Version
//	create(config)                  a handle (number), or an Error to throw
//	call(handle, name, args)        a Promise (see registerMethod)
//	events(handle, op, name, fn, args)  undefined, or an Error to throw
//	destroy(handle)                 undefined
//	getAuthHash(userId, appSecret)  a Promise of the hex HMAC-SHA256
//	listeners(handle)               how many event handlers are registered
//	stats()                         {liveFuncs, instances, heapAlloc, sys, goroutines}
func api() (safejs.Value, error) {
	obj := jsbridge.NewObject()
	if err := obj.Set("version", sdk.Version); err != nil {
		return obj, err
	}
	for name, fn := range map[string]func(args jsbridge.Args) safejs.Value{
		"create":      create,
		"call":        call,
		"events":      events,
		"destroy":     destroy,
		"getAuthHash": getAuthHash,
		"listeners":   listeners,
		"stats":       stats,
	} {
		f, err := jsbridge.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
			return fn(jsbridge.Args(args))
		})
		if err != nil {
			return obj, err
		}
		if err := obj.Set(name, f.Value()); err != nil {
			return obj, err
		}
	}
	return obj, nil
}

// create(config) makes an instance and starts its verification. A bad config
// returns a TypeError (code invalid_argument) for the loader to throw.
func create(a jsbridge.Args) (out safejs.Value) {
	var err error
	defer func() {
		if err != nil {
			out = jsbridge.NewTypeError(err)
		}
	}()
	defer jsbridge.Recover(&err)
	registry.Lock()
	registry.next++
	id := registry.next
	registry.Unlock()
	inst, err := newInstance(id, safejs.Unsafe(a.At(0)))
	if err != nil {
		return safejs.Undefined()
	}
	registry.Lock()
	registry.instances[id] = inst
	registry.Unlock()
	inst.verify()
	v, _ := safejs.ValueOf(id)
	return v
}

// call(handle, name, args) runs one promise-returning method.
func call(a jsbridge.Args) (out safejs.Value) {
	var err error
	defer func() {
		if err != nil {
			out = jsbridge.Rejected(err)
		}
	}()
	defer jsbridge.Recover(&err)
	inst := lookup(a.At(0))
	if inst == nil {
		err = destroyedError
		return
	}
	name, err := a.Name(1, "method")
	if err != nil {
		return
	}
	m, ok := methods[name]
	if !ok {
		err = &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "IntegryJS has no method " + name}
		return
	}
	args, err := arrayArgs(a.At(2))
	if err != nil {
		return
	}
	work, err := m(inst, args)
	if err != nil {
		return
	}
	return jsbridge.Promise(inst.ctx, func(ctx context.Context) (any, error) { return work(ctx) })
}

// arrayArgs reads a JavaScript array of arguments.
func arrayArgs(v safejs.Value) ([]js.Value, error) {
	if v.IsUndefined() {
		return nil, nil
	}
	n, err := v.Length()
	if err != nil || n > 64 {
		return nil, jsbridge.InvalidArgument("arguments must be an array")
	}
	out := make([]js.Value, n)
	for i := range n {
		x, err := v.Index(i)
		if err != nil {
			return nil, jsbridge.InvalidArgument("arguments must be an array")
		}
		out[i] = safejs.Unsafe(x)
	}
	return out, nil
}

// events(handle, op, name, fn, args) drives the instance's eventEmitter: op is
// on, once, off, unsub (an alias of off), offAll or emit.
func events(a jsbridge.Args) (out safejs.Value) {
	var err error
	defer func() {
		if err != nil {
			out = jsbridge.NewTypeError(err)
		}
	}()
	defer jsbridge.Recover(&err)
	inst := lookup(a.At(0))
	if inst == nil {
		return safejs.Undefined() // destroyed: nothing is registered any more
	}
	op, err := a.Name(1, "operation")
	if err != nil {
		return
	}
	if op == "offAll" {
		inst.events.OffAll()
		return safejs.Undefined()
	}
	name, err := a.Name(2, "eventName")
	if err != nil {
		return
	}
	switch op {
	case "on", "once":
		var fn safejs.Value
		if fn, err = a.Func(3, "handler"); err == nil {
			err = inst.events.On(name, fn, op == "once")
		}
	case "off", "unsub":
		inst.events.Off(name, a.At(3))
	case "emit":
		var args []js.Value
		if args, err = arrayArgs(a.At(4)); err == nil {
			inst.events.Emit(name, jsbridge.Values(args))
		}
	default:
		err = jsbridge.InvalidArgument("unknown eventEmitter operation %q", op)
	}
	return safejs.Undefined()
}

// destroy(handle) rejects every pending promise with destroyed and removes
// every handler; a second destroy does nothing.
func destroy(a jsbridge.Args) safejs.Value {
	inst := lookup(a.At(0))
	if inst == nil {
		return safejs.Undefined()
	}
	registry.Lock()
	delete(registry.instances, inst.id)
	registry.Unlock()
	inst.destroy()
	return safejs.Undefined()
}

// getAuthHash(userId, appSecret) resolves the hex HMAC-SHA256 of userId keyed
// with appSecret: the official runtime's argument order (its typings say the
// opposite), computed with WebCrypto as the official does. userId may be a
// number, as the official SDK stringifies it.
func getAuthHash(a jsbridge.Args) (out safejs.Value) {
	var err error
	defer func() {
		if err != nil {
			out = jsbridge.Rejected(err)
		}
	}()
	defer jsbridge.Recover(&err)
	var userID string
	if jsbridge.Kind(a.At(0)) == safejs.TypeNumber {
		s, ok := text(a.At(0))
		if !ok {
			err = jsbridge.InvalidArgument("userId must be a string or a finite number")
			return
		}
		userID = s
	} else if userID, err = a.Name(0, "userId"); err != nil {
		return
	}
	secret, err := a.Name(1, "appSecret")
	if err != nil {
		return
	}
	return jsbridge.Promise(context.Background(), func(ctx context.Context) (any, error) {
		return jsbridge.HMACSHA256(ctx, secret, userID)
	})
}

// listeners(handle) returns how many handlers the instance has (0 once
// destroyed).
func listeners(a jsbridge.Args) safejs.Value {
	n := 0
	if inst := lookup(a.At(0)); inst != nil {
		n = inst.events.Len()
	}
	v, _ := safejs.ValueOf(n)
	return v
}

// statsValue is what stats() returns.
type statsValue struct {
	LiveFuncs  int `js:"liveFuncs"`
	Instances  int `js:"instances"`
	HeapAlloc  int `js:"heapAlloc"`
	Sys        int `js:"sys"` // memory the Go runtime took from the wasm linear memory
	Goroutines int `js:"goroutines"`
}

// stats() garbage-collects, then reports the live js.Func count, the number
// of instances, the Go heap in use and the goroutine count: what the leak
// tests compare.
func stats(jsbridge.Args) safejs.Value {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	registry.Lock()
	n := len(registry.instances)
	registry.Unlock()
	v, err := jsbridge.ToJS(jsbridge.SmallValue(statsValue{
		LiveFuncs: int(jsbridge.LiveFuncs()), Instances: n,
		HeapAlloc: int(ms.HeapAlloc), Sys: int(ms.Sys), Goroutines: runtime.NumGoroutine(),
	}))
	if err != nil {
		return safejs.Undefined()
	}
	return v
}

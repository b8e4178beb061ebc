//go:build js && wasm

package jsbridge

import (
	"context"

	"github.com/hack-pad/safejs"
	"github.com/integry-go/integry/sdk"
)

// Work is what a promise does, on its own goroutine. Its result becomes
// JavaScript through [ToJS].
type Work func(ctx context.Context) (any, error)

type settled struct {
	v   any
	err error
}

// Promise returns a JavaScript Promise and runs work on a new goroutine: the
// promise resolves with work's result converted by [ToJS], or rejects with
// [NewError] of its error. A panic in work rejects with code internal. When
// ctx ends first, the promise rejects at once with the context's cause as a
// coded error (destroy() cancels with a destroyed cause), and work's late
// result is dropped.
//
// Promise itself never blocks, so it may be called from a JavaScript
// callback; that is what it is for.
//
// MDN: https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/Promise
func Promise(ctx context.Context, work Work) safejs.Value {
	p, resolve, reject, err := newPromise()
	if err != nil {
		ConsoleError("integry: cannot create a Promise:", err.Error())
		return safejs.Undefined()
	}
	go func() {
		done := make(chan settled, 1)
		go func() {
			var r settled
			defer func() {
				if x := recover(); x != nil {
					r = settled{err: panicError(x)}
				}
				done <- r
			}()
			r.v, r.err = work(ctx)
		}()
		var r settled
		select {
		case r = <-done:
		case <-ctx.Done():
			r = settled{err: causeOf(ctx)}
		}
		settle(resolve, reject, r)
	}()
	return p
}

// Rejected returns a Promise already rejected with [NewError] of err.
func Rejected(err error) safejs.Value {
	p, err2 := jsPromise.Call("reject", NewError(err))
	if err2 != nil {
		return safejs.Undefined()
	}
	return p
}

// Resolved returns a Promise already resolved with v.
func Resolved(v safejs.Value) safejs.Value {
	p, err := jsPromise.Call("resolve", v)
	if err != nil {
		return safejs.Undefined()
	}
	return p
}

func newPromise() (p, resolve, reject safejs.Value, err error) {
	exec, err := FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		resolve, reject = args[0], args[1]
		return nil
	})
	if err != nil {
		return p, resolve, reject, err
	}
	// The constructor calls the executor synchronously, so it can go now.
	defer exec.Release()
	p, err = jsPromise.New(exec.Value())
	return p, resolve, reject, err
}

func settle(resolve, reject safejs.Value, r settled) {
	defer func() {
		if x := recover(); x != nil {
			_, _ = reject.Invoke(NewError(panicError(x)))
		}
	}()
	if r.err == nil {
		v, err := ToJS(r.v)
		if err == nil {
			if _, err = resolve.Invoke(v); err == nil {
				return
			}
		}
		r.err = err
	}
	_, _ = reject.Invoke(NewError(r.err))
}

// causeOf returns why ctx ended, as a coded error.
func causeOf(ctx context.Context) error {
	if c := context.Cause(ctx); c != nil {
		return sdk.AsError(c)
	}
	return sdk.AsError(ctx.Err())
}

// Await waits for p (a Promise or any value) to settle and returns its value,
// or its rejection as an error from [FromJS]. It returns the context's cause
// if ctx ends first; the callbacks are then released when p settles.
//
// Await blocks: never call it on a JavaScript callback's goroutine (that
// deadlocks the program), only on a goroutine of your own, such as the one
// [Promise] runs work on.
//
// MDN: https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/Promise/then
func Await(ctx context.Context, p safejs.Value) (safejs.Value, error) {
	type result struct {
		v   safejs.Value
		err error
	}
	ch := make(chan result, 1)
	var ok, ko *Func
	release := func() { ok.Release(); ko.Release() }
	var err error
	ok, err = FuncOf(func(_ safejs.Value, a []safejs.Value) any {
		release()
		ch <- result{v: arg(a, 0)}
		return nil
	})
	if err != nil {
		return safejs.Undefined(), err
	}
	ko, err = FuncOf(func(_ safejs.Value, a []safejs.Value) any {
		release()
		ch <- result{err: FromJS(arg(a, 0))}
		return nil
	})
	if err != nil {
		ok.Release()
		return safejs.Undefined(), err
	}
	thenable, err := jsPromise.Call("resolve", p)
	if err == nil {
		_, err = thenable.Call("then", ok.Value(), ko.Value())
	}
	if err != nil {
		release()
		return safejs.Undefined(), err
	}
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return safejs.Undefined(), causeOf(ctx)
	}
}

func arg(a []safejs.Value, i int) safejs.Value {
	if i < len(a) {
		return a[i]
	}
	return safejs.Undefined()
}

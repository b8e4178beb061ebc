//go:build js && wasm

package jsbridge

import (
	"context"
	"testing"
	"time"

	"github.com/hack-pad/safejs"
)

// evalJS evaluates JavaScript source in the global scope.
func evalJS(t *testing.T, src string) safejs.Value {
	t.Helper()
	v, err := Global().Call("eval", src)
	if err != nil {
		t.Fatalf("eval %s: %v", src, err)
	}
	return v
}

// await settles p within 10 s.
func await(t *testing.T, p safejs.Value) (safejs.Value, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return Await(ctx, p)
}

// field reads a string property.
func field(t *testing.T, v safejs.Value, key string) string {
	t.Helper()
	s, _ := GetString(v, key)
	return s
}

// rejection awaits p and returns the rejection value; it fails if p resolved.
func rejection(t *testing.T, p safejs.Value) safejs.Value {
	t.Helper()
	v, err := await(t, p)
	if err == nil {
		s, _ := Stringify(v)
		t.Fatalf("resolved %s, want a rejection", s)
	}
	r, ok := Thrown(err)
	if !ok {
		t.Fatalf("rejected with %v, which carries no JavaScript value", err)
	}
	return r
}

// jsonOf returns JSON.stringify(v).
func jsonOf(t *testing.T, v safejs.Value) string {
	t.Helper()
	s, err := Stringify(v)
	if err != nil {
		t.Fatalf("stringify: %v", err)
	}
	return s
}

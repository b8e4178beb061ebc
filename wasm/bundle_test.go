//go:build !js

package main

import (
	"os"
	"testing"

	"github.com/integry-go/integry/internal/browsertest"
)

// testVersion is compiled into the bundle the tests build.
const testVersion = browsertest.TestVersion

// buildBundle is the bundle as `make wasm` ships it, built once per test
// binary.
func buildBundle(t *testing.T) string { return browsertest.Bundle(t) }

func TestMain(m *testing.M) {
	code := m.Run()
	browsertest.Cleanup()
	os.Exit(code)
}

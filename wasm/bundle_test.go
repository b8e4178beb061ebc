//go:build !js

package main

import "testing"

import "github.com/integry-go/integry/internal/browsertest"

// buildBundle is the bundle as `make wasm` ships it (web/dist, rebuilt when
// stale).
func buildBundle(t *testing.T) string { return browsertest.Bundle(t) }

// testVersion is the version compiled into it.
func testVersion(t *testing.T) string { return browsertest.Version(t) }

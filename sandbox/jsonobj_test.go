package sandbox

import (
	"strings"
	"testing"

	"github.com/integry-go/integry/internal/jsonx"
)

// parseObject and decodeArgs walk JSON with internal/jsonx and stop at
// jsonx.MaxDepth levels (issue 12).
func TestParseObjectDepthLimit(t *testing.T) {
	deep := func(n int) []byte {
		return []byte(strings.Repeat(`{"a":`, n-1) + "{}" + strings.Repeat("}", n-1))
	}
	if _, err := parseObject(deep(jsonx.MaxDepth + 1)); err != jsonx.ErrDepth {
		t.Errorf("parseObject past the limit: %v, want jsonx.ErrDepth", err)
	}
	if _, err := parseObject(deep(jsonx.MaxDepth)); err != nil {
		t.Errorf("parseObject at the limit: %v", err)
	}
	if _, err := decodeArgs(deep(50000)); err == nil || !strings.Contains(err.Error(), "nested deeper than 1000 levels") {
		t.Errorf("decodeArgs of 50,000 levels: %v", err)
	}
	o, err := parseObject([]byte(` {"b": [1, {"c": 2}] , "a":"x\u00e9", "b": null} `))
	if err != nil || len(o) != 3 || o[0].Key != "b" || string(o[0].Value) != `[1, {"c": 2}]` || o[1].Key != "a" || string(o[1].Value) != `"x\u00e9"` {
		t.Errorf("parseObject kept %+v, %v", o, err)
	}
	for _, bad := range []string{``, `[]`, `{"a":}`, `{"a":1} {}`, `{"a":1`} {
		if _, err := parseObject([]byte(bad)); err == nil {
			t.Errorf("parseObject(%q) accepted", bad)
		}
	}
}

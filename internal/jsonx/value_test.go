package jsonx

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// object writes an object of n members k0..k(n-1) with values 0..n-1, then
// the members of extra, as written.
func object(n int, extra string) []byte {
	var b strings.Builder
	b.WriteByte('{')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"k` + strconv.Itoa(i) + `":` + strconv.Itoa(i))
	}
	if extra != "" {
		if n > 0 {
			b.WriteByte(',')
		}
		b.WriteString(extra)
	}
	b.WriteByte('}')
	return []byte(b.String())
}

// A key written twice is kept once: the last value, at the first position,
// as JSON.parse reads it; below and above the size where the index starts.
func TestParseKeepsADuplicateKeyOnceLastValueFirstPosition(t *testing.T) {
	for _, n := range []int{0, 3, indexFrom - 1, indexFrom, 100} {
		in := object(n, `"dup":"first","k0":"again","dup":"last"`)
		v, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		wantLen := n + 1 // k0 again is not a new member when n > 0
		if n == 0 {
			wantLen = 2
		}
		if len(v.Fields) != wantLen {
			t.Fatalf("n=%d: %d members, want %d: %s", n, len(v.Fields), wantLen, v.JSON())
		}
		if got := v.Get("dup").Str(); got != "last" {
			t.Errorf("n=%d: dup = %q, want the last value", n, got)
		}
		if got := v.Get("k0").Str(); got != "again" {
			t.Errorf("n=%d: k0 = %q, want the last value", n, got)
		}
		if n > 0 && v.Fields[0].Key != "k0" {
			t.Errorf("n=%d: k0 moved to %q's place: %s", n, v.Fields[0].Key, v.JSON())
		}
		if v.Fields[n].Key != "dup" {
			t.Errorf("n=%d: dup is not where it was first written: %s", n, v.JSON())
		}
		// Get over bytes and SetKey agree with the tree.
		if raw, _ := Get(in, "dup"); string(raw) != `"last"` {
			t.Errorf("n=%d: Get(bytes) = %s, want the last value", n, raw)
		}
	}
}

func TestSetReplacesInPlaceOrAppends(t *testing.T) {
	for _, n := range []int{2, indexFrom - 1, indexFrom + 5} {
		v, _ := Parse(object(n, ""))
		v.Set("k1", &Value{Kind: String, Text: "one"})
		v.Set("new", &Value{Kind: Null})
		if len(v.Fields) != n+1 || v.Fields[1].Key != "k1" || v.Fields[n].Key != "new" {
			t.Fatalf("n=%d: after Set: %s", n, v.JSON())
		}
		if v.Get("k1").Str() != "one" || v.Get("new") == nil || v.Get("k0").Text != "0" {
			t.Fatalf("n=%d: lookups after Set: %s", n, v.JSON())
		}
		v.Delete("k0")
		if v.Get("k0") != nil || v.Get("new") == nil || len(v.Fields) != n {
			t.Fatalf("n=%d: after Delete: %s", n, v.JSON())
		}
		if v.Get("k1").Str() != "one" {
			t.Fatalf("n=%d: lookups after Delete: %s", n, v.JSON())
		}
	}
}

// Fields filled by code, even past the index size and even with a key twice,
// are looked up right: the last one wins, as in Parse.
func TestGetOnFieldsBuiltInCode(t *testing.T) {
	v := &Value{Kind: Object}
	for i := range indexFrom + 2 {
		v.Fields = append(v.Fields, Field{Key: "k" + strconv.Itoa(i), Value: &Value{Kind: Number, Text: strconv.Itoa(i)}})
	}
	if v.Get("k17").Text != "17" {
		t.Fatal("k17 not found")
	}
	v.Fields = append(v.Fields, Field{Key: "k3", Value: &Value{Kind: String, Text: "later"}})
	if v.Get("k3").Str() != "later" {
		t.Fatalf("k3 = %s, want the later member", v.Get("k3").JSON())
	}
	v.Fields = append(v.Fields, Field{Key: "tail", Value: &Value{Kind: Null}})
	if v.Get("tail") == nil {
		t.Fatal("a member appended to Fields after a lookup is not found")
	}
}

// A parsed tree is read by several goroutines at once (a schema shared by a
// form's widgets, a catalog shared by the sandbox's requests): Parse leaves
// the key index built, so lookups only read. go test -race checks it.
func TestParsedTreesAreReadConcurrently(t *testing.T) {
	v, _ := Parse(object(100, ""))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := range 100 {
				if v.Get("k"+strconv.Itoa(i)) == nil {
					t.Errorf("k%d not found", i)
				}
			}
		})
	}
	wg.Wait()
}

func TestPathAndMarshalJSON(t *testing.T) {
	v, _ := Parse([]byte(`{"a":{"b":{"c":"x"}},"z":[1,{"y":true}]}`))
	if v.Path("a", "b", "c").Str() != "x" || v.Path("a", "nope", "c") != nil || v.Path("z", "y") != nil {
		t.Fatal("Path")
	}
	out, err := json.Marshal(map[string]any{"v": v})
	if err != nil || string(out) != `{"v":{"a":{"b":{"c":"x"}},"z":[1,{"y":true}]}}` {
		t.Fatalf("json.Marshal = %s, %v", out, err)
	}
	if !v.Path("z").Items[1].Get("y").True() || v.Get("a").False() {
		t.Fatal("True/False")
	}
}

package sdk

import (
	"testing"

	"github.com/integry-go/integry/internal/jsonx"
)

// A body with a key written twice reads as JSON.parse reads it, which is
// what a Doc over a browser's parsed body shows: the key once, with its last
// value, at its first position (docs/design.md#duplicate-keys).
func TestDocReadsADuplicateKeyAsJSONParse(t *testing.T) {
	d, err := ParseDoc([]byte(`{"next_page":"old","output":[1],"next_page":"c2"}`))
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 2 || d.Key(0) != "next_page" || d.Key(1) != "output" {
		t.Fatalf("members: %d, %q %q; want next_page, output", d.Len(), d.Key(0), d.Key(1))
	}
	if got := d.Index(0).Text(); got != "c2" {
		t.Errorf("Index(0) = %q, want the last value", got)
	}
	if got := text(d, "next_page"); got != "c2" {
		t.Errorf("Get(next_page) = %q, want the last value", got)
	}
	// The tree the form reads is the Doc's own, not a copy.
	tree := Tree(d)
	if tree == nil || tree.Get("next_page").Str() != "c2" || len(tree.Fields) != 2 {
		t.Fatalf("Tree = %s", tree.JSON())
	}
	if Tree(d) != tree {
		t.Error("Tree copied a Doc parsed in Go")
	}
}

// Tree copies a Doc that is not a parsed tree (in the browser, one over a
// JavaScript value), keeping order.
func TestTreeCopiesOtherDocs(t *testing.T) {
	d, _ := ParseDoc([]byte(`{"b":[true,null,1.5],"a":{"c":"x"}}`))
	v := Tree(wrapped{d})
	if v == nil || string(v.JSON()) != `{"b":[true,null,1.5],"a":{"c":"x"}}` {
		t.Fatalf("Tree of a copy = %s", v.JSON())
	}
	if Tree(nil) != nil {
		t.Error("Tree(nil) is not nil")
	}
	if v.Path("a", "c").Kind != jsonx.String {
		t.Error("a.c is not a string")
	}
}

// wrapped is a Doc that is not a treeDoc.
type wrapped struct{ d Doc }

func (w wrapped) Kind() Kind         { return w.d.Kind() }
func (w wrapped) Text() string       { return w.d.Text() }
func (w wrapped) Len() int           { return w.d.Len() }
func (w wrapped) Index(i int) Doc    { return wrapOf(w.d.Index(i)) }
func (w wrapped) Key(i int) string   { return w.d.Key(i) }
func (w wrapped) Get(key string) Doc { return wrapOf(w.d.Get(key)) }
func (w wrapped) JSON() []byte       { return w.d.JSON() }
func wrapOf(d Doc) Doc {
	if d == nil {
		return nil
	}
	return wrapped{d}
}

package sdk

import (
	"slices"
	"testing"
)

// parent_fields is a JSON list of machine names written as text; a list
// is read too, and anything else is no parents.
func TestParentFields(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		want []string
	}{
		{`"[\"workspace\", \"project\"]"`, []string{"workspace", "project"}},
		{`["workspace", 3, ""]`, []string{"workspace"}},
		{`"null"`, nil},
		{`""`, nil},
		{`null`, nil},
		{`{"a": 1}`, nil},
	} {
		d, err := ParseDoc([]byte(c.in))
		if err != nil {
			t.Fatal(err)
		}
		if got := parentFields(d); !slices.Equal(got, c.want) {
			t.Errorf("parentFields(%s) = %q, want %q", c.in, got, c.want)
		}
	}
}

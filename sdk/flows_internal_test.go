package sdk

import (
	"slices"
	"testing"
)

// parent_fields is a JSON list of machine names written as text; anything
// else is no parents.
func TestParentFields(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		want []string
	}{
		{`["workspace", "project"]`, []string{"workspace", "project"}},
		{` [ "workspace" ,"" ] `, []string{"workspace"}},
		{`[]`, nil},
		{`null`, nil},
		{``, nil},
		{`{"a": 1}`, nil},
	} {
		if got := parentFields(c.in); !slices.Equal(got, c.want) {
			t.Errorf("parentFields(%s) = %q, want %q", c.in, got, c.want)
		}
	}
}

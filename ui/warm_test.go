package ui_test

import (
	"strings"
	"testing"

	"github.com/integry-go/integry/ui"
	"github.com/integry-go/integry/ui/uitest"
)

// Warm builds a form without touching the page: nothing is appended to a
// node the page has.
func TestWarmStaysOffThePage(t *testing.T) {
	t.Parallel()
	doc := uitest.NewDocument()
	ui.Warm(doc, ui.NewStrings("en"))
	if n := len(doc.Body().(*uitest.Element).Children()); n != 0 {
		t.Errorf("Warm attached %d nodes to the body", n)
	}
	if !strings.Contains(doc.Log(), `"Warm-up"`) {
		t.Error("Warm built nothing")
	}
}

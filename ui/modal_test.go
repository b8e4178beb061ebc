package ui_test

import (
	"testing"

	"github.com/integry-go/integry/ui"
	"github.com/integry-go/integry/ui/uitest"
)

// Two modals open on one page (two showFunction calls): Escape closes the
// one opened last, then the other, never both at once.
func TestEscapeClosesTheTopModalOnly(t *testing.T) {
	t.Parallel()
	doc := uitest.NewDocument()
	s := ui.NewStrings("en")
	var closed []string
	var first, second *ui.Modal
	first = ui.NewModal(doc, s, "first", func() { closed = append(closed, "first"); first.Destroy() })
	second = ui.NewModal(doc, s, "second", func() { closed = append(closed, "second"); second.Destroy() })
	first.Mount()
	second.Mount()

	if e := doc.Press("Escape", false); !e.DefaultPrevented() || len(closed) != 1 || closed[0] != "second" {
		t.Fatalf("first Escape closed %v", closed)
	}
	if n := len(doc.Find("integry-modal")); n != 1 {
		t.Fatalf("%d modals left after one Escape, want 1", n)
	}
	doc.Press("Escape", false)
	if len(closed) != 2 || closed[1] != "first" {
		t.Fatalf("second Escape closed %v", closed)
	}
	if e := doc.Press("Escape", false); e.DefaultPrevented() {
		t.Fatal("with no modal open, Escape is the page's")
	}
}

package ui

import (
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/integry-go/integry/sdk"
)

// nullHost is a Host that accepts every batch and answers every query empty.
type nullHost struct{}

func (nullHost) Render(ops []byte) []byte        { return []byte("[-1]") }
func (nullHost) FlushSoon()                      {}
func (nullHost) Listen(func(HostEvent) bool) int { return 1 }
func (nullHost) Unlisten(int)                    {}
func (nullHost) Later(int, func()) func()        { return func() {} }

// signature writes a function signature of n string fields, as the bench's.
func signature(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"name":"big","parameters":{"type":"object","properties":{`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"field_` + strconv.Itoa(i) + `":{"type":"string","description":"Field number ` + strconv.Itoa(i) + `."}`)
	}
	b.WriteString(`},"required":["field_0"]}}`)
	return []byte(b.String())
}

// BenchmarkFormRender is the Go side of a form's first paint at 10, 100,
// 500 and 1000 fields: the signature parsed, the form model built and its
// DOM batched. The time per field should not grow with the form (go test
// -bench FormRender -cpuprofile/-memprofile shows where the time goes).
func BenchmarkFormRender(b *testing.B) {
	for _, n := range []int{10, 100, 500, 1000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			sig := signature(n)
			s := NewStrings("en")
			b.ReportAllocs()
			for b.Loop() {
				d := NewBatchDocument(nullHost{})
				doc, err := sdk.ParseDoc(sig)
				if err != nil {
					b.Fatal(err)
				}
				form, err := parseForm(doc)
				if err != nil {
					b.Fatal(err)
				}
				var mu sync.Mutex
				view := NewFormView(d, s, form, FormOptions{}, func() func() { mu.Lock(); return mu.Unlock })
				_ = view
				_ = d.Flush()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/field")
		})
	}
}

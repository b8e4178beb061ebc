package jsonx

import (
	"strconv"
	"strings"
	"testing"
)

// schema writes a function signature of n fields, each with a few members,
// as the function form receives it.
func schema(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"name":"big","parameters":{"type":"object","properties":{`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"field_` + strconv.Itoa(i) + `":{"type":"string","description":"Field number ` + strconv.Itoa(i) + `.","meta":{"ui":{"ui_field":{"type":"TEXTFIELD"}}}}`)
	}
	b.WriteString(`},"required":["field_0"]}}`)
	return []byte(b.String())
}

// BenchmarkParse decodes signatures of 10 and 1000 fields into a tree.
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{10, 1000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			in := schema(n)
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseAndLookUp decodes a signature of 1000 fields and looks every
// property up by name, as the form does with a prefill.
func BenchmarkParseAndLookUp(b *testing.B) {
	in := schema(1000)
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = "field_" + strconv.Itoa(i)
	}
	b.ReportAllocs()
	for b.Loop() {
		v, err := Parse(in)
		if err != nil {
			b.Fatal(err)
		}
		props := v.Get("parameters").Get("properties")
		for _, k := range keys {
			if props.Get(k) == nil {
				b.Fatal(k)
			}
		}
	}
}

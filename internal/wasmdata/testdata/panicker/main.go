// Command panicker is the program the line-table tests run: it asks
// runtime.Caller where it is, makes the collector scan its stacks, recovers
// one panic and then dies of the same panic, so that Go prints a traceback.
package main

import (
	"runtime"
	"strconv"
	"strings"
)

type box struct{ s []int }

func inner(n int) int {
	if n > 2 {
		var b *box
		return len(b.s) // a nil dereference, three calls deep
	}
	x := inner(n + 1)
	return x + 1
}

func main() {
	_, file, line, _ := runtime.Caller(0)
	println("caller:", file[strings.LastIndex(file, "/")+1:]+":"+strconv.Itoa(line))
	var keep [][]byte
	for i := range 100000 {
		keep = append(keep, make([]byte, i%100))
		if i%1000 == 0 {
			runtime.GC()
		}
	}
	println("collected, kept", len(keep))
	func() {
		defer func() { println("recovered:", recover().(error).Error()) }()
		inner(0)
	}()
	inner(0)
}

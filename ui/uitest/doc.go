// Package uitest gives the tests of package ui, and of anything that renders
// with it, a [ui.Document] without a browser: an element tree in memory that
// records every call, for golden tests of the widgets. It is the ui
// counterpart of package sandboxtest, and nothing outside tests imports it.
//
//	doc := uitest.NewDocument()
//	m := ui.NewModal(doc, ui.NewStrings("en"), "Title", onDismiss)
//	m.Mount()
//	doc.Press("Escape", false)             // as a person would
//	doc.Find("integry-close")[0].Click()
//	log, tree := doc.Log(), doc.Tree()     // compare with a golden file
//
// Timers and paint callbacks run only when a test says so
// ([Document.RunTimers], [Document.RunPaint], [Document.WaitPaint]), so no
// test depends on time. Each document has its own element numbers and
// element ids, so tests that each make their own run with t.Parallel.
package uitest

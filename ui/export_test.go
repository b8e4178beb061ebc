package ui

// Messages exposes the string tables to the page tests of package ui_test,
// which check the rendered widgets against them.
var Messages = messages

// Golden and ReadFixture are the golden-file helpers (golden_test.go), for
// the tests of package ui_test.
var (
	Golden      = golden
	ReadFixture = readFixture
)

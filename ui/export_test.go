package ui

// Messages exposes the string tables to the page tests of package ui_test,
// which check the rendered widgets against them.
var Messages = messages

package ui

import "testing"

func TestStringsPerInstanceWithEnglishFallback(t *testing.T) {
	en, es := NewStrings("en"), NewStrings("es-MX")
	if got := es.T("connect_app", "app", "Slack"); got != "Conectar Slack" {
		t.Errorf("es connect_app = %q", got)
	}
	// Creating a Spanish table did not change the English one (defect 16).
	if got := en.T("connect_app", "app", "Slack"); got != "Connect Slack" {
		t.Errorf("en connect_app = %q", got)
	}
	if got := NewStrings("xx").T("submit"); got != "Submit" {
		t.Errorf("unknown language: %q, want English", got)
	}
	// A key only English has falls back to English, never to the key.
	messages["en"]["only_in_english"] = "Only English"
	defer delete(messages["en"], "only_in_english")
	if got := es.T("only_in_english"); got != "Only English" {
		t.Errorf("fallback = %q", got)
	}
	if got := es.T("no_such_key"); got == "no_such_key" {
		t.Errorf("a missing key showed the raw key")
	}
}

// Every language has every English key, so the fallback is a safety net,
// not a habit.
func TestStringsTablesComplete(t *testing.T) {
	for _, lang := range Languages() {
		for key := range messages["en"] {
			if _, ok := messages[lang][key]; !ok {
				t.Errorf("%s lacks %q", lang, key)
			}
		}
	}
}

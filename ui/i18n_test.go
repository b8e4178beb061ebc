package ui

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestStringsPerInstanceWithEnglishFallback(t *testing.T) {
	t.Parallel()
	en, es := NewStrings("en"), NewStrings("es-MX")
	if got := es.T("connect_app", "app", "Slack"); got != "Conectar Slack" {
		t.Errorf("es connect_app = %q", got)
	}
	// Creating a Spanish table did not change the English one
	// (docs/protocol.md#differs-per-instance-strings).
	if got := en.T("connect_app", "app", "Slack"); got != "Connect Slack" {
		t.Errorf("en connect_app = %q", got)
	}
	if got := NewStrings("xx").T("submit"); got != "Submit" {
		t.Errorf("unknown language: %q, want English", got)
	}
	// A key only English has falls back to English, never to the key (an
	// empty Spanish table, built beside the shared ones, never in them).
	if got := (&Strings{lang: "es", table: map[string]string{}}).T("submit"); got != "Submit" {
		t.Errorf("fallback = %q", got)
	}
	if got := es.T("no_such_key"); got == "no_such_key" {
		t.Errorf("a missing key showed the raw key")
	}
}

// Every language has every English key, so the fallback is a safety net,
// not a habit.
func TestStringsTablesComplete(t *testing.T) {
	t.Parallel()
	for _, lang := range Languages() {
		for key := range messages["en"] {
			if _, ok := messages[lang][key]; !ok {
				t.Errorf("%s lacks %q", lang, key)
			}
		}
	}
}

// The official SDK ships en, es, fr, ja and pt-BR; so do we, each complete,
// with no key English lacks, every placeholder kept, and each language
// reached by the names pages pass as lang.
func TestStringsFiveLanguages(t *testing.T) {
	t.Parallel()
	if got := strings.Join(Languages(), " "); got != "en es fr ja pt-BR" {
		t.Fatalf("languages %s", got)
	}
	for _, lang := range Languages() {
		for key, msg := range messages[lang] {
			en, ok := messages["en"][key]
			if !ok {
				t.Errorf("%s has %q, which English lacks", lang, key)
				continue
			}
			if !slices.Equal(placeholders(en), placeholders(msg)) && !sameSet(placeholders(en), placeholders(msg)) {
				t.Errorf("%s %q has placeholders %v, English %v", lang, key, placeholders(msg), placeholders(en))
			}
			if lang != "en" && msg == en && len(en) > 8 {
				t.Errorf("%s %q is the English text %q", lang, key, en)
			}
		}
	}
	for in, want := range map[string]string{"pt-BR": "pt-BR", "pt-br": "pt-BR", "pt_BR": "pt-BR", "pt": "pt-BR", "PT-PT": "pt-BR",
		"fr": "fr", "fr-CA": "fr", "ja": "ja", "JA-jp": "ja", "es-MX": "es", "en-GB": "en", "de": "en", "": "en"} {
		if got := NewStrings(in).Lang(); got != want {
			t.Errorf("NewStrings(%q).Lang() = %s, want %s", in, got, want)
		}
	}
	if got := NewStrings("ja").T("connect_app", "app", "Slack"); got != "Slack に接続" {
		t.Errorf("ja connect_app = %q", got)
	}
	if got := NewStrings("pt-BR").T("fix_problems", "count", "2"); got != "Corrija os campos destacados (2)." {
		t.Errorf("pt-BR fix_problems = %q", got)
	}
}

// A key one language lacks falls back to English for that key only.
func TestStringsFallBackPerKey(t *testing.T) {
	t.Parallel()
	// French without "retry", built beside the shared tables, never in them.
	fr := &Strings{lang: "fr", table: maps.Clone(messages["fr"])}
	delete(fr.table, "retry")
	if got := fr.T("retry"); got != messages["en"]["retry"] {
		t.Errorf("missing fr key: %q, want the English one", got)
	}
	if got := fr.T("submit"); got != "Envoyer" {
		t.Errorf("the other keys stay French: %q", got)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

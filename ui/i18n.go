package ui

import (
	"slices"
	"strings"
)

// messages holds the UI strings per language. English is complete and is the
// fallback for any key another language lacks, so a person never sees a raw
// key (defect 16). Placeholders are {name}, filled by [Strings.T].
var messages = map[string]map[string]string{
	"en": {
		"close":             "Close",
		"submit":            "Submit",
		"loading":           "Loading…",
		"required_mark":     "required",
		"choose":            "Choose…",
		"yes":               "Yes",
		"no":                "No",
		"list_hint":         "One value per line.",
		"json_hint":         "JSON.",
		"connect_app":       "Connect {app}",
		"connect_needed":    "Connect your {app} account to continue.",
		"connecting":        "Connecting {app}…",
		"connect_error":     "Could not connect {app}: {error}",
		"fix_problems":      "Please fix the highlighted fields ({count}).",
		"err_required":      "This field is required.",
		"err_number":        "Enter a number.",
		"err_integer":       "Enter a whole number.",
		"err_boolean":       "Choose yes or no.",
		"err_json":          "Enter valid JSON.",
		"err_json_depth":    "This JSON is nested too deeply (at most 1000 levels).",
		"err_array":         "Enter a JSON array.",
		"err_object":        "Enter a JSON object.",
		"err_pattern":       "The value does not have the expected format.",
		"apps_title":        "Apps",
		"accounts_title":    "{app} accounts",
		"search":            "Search apps",
		"load_more":         "Load more",
		"no_apps":           "No apps found.",
		"apps_count":        "{count} apps",
		"load_error":        "Could not load the apps: {error}",
		"connected":         "Connected",
		"not_connected":     "Not connected",
		"no_login":          "No login required",
		"connect":           "Connect",
		"disconnect":        "Disconnect",
		"disconnect_named":  "Disconnect {account}",
		"add_account":       "Add account",
		"confirm_title":     "Disconnect {account} from {app}?",
		"confirm":           "Yes, disconnect",
		"cancel":            "Cancel",
		"disconnect_error":  "Could not disconnect: {error}",
		"account_connected": "{app} connected.",
		"disconnected":      "{account} disconnected.",
	},
	"es": {
		"close":             "Cerrar",
		"submit":            "Enviar",
		"loading":           "Cargando…",
		"required_mark":     "obligatorio",
		"choose":            "Elegir…",
		"yes":               "Sí",
		"no":                "No",
		"list_hint":         "Un valor por línea.",
		"json_hint":         "JSON.",
		"connect_app":       "Conectar {app}",
		"connect_needed":    "Conecta tu cuenta de {app} para continuar.",
		"connecting":        "Conectando {app}…",
		"connect_error":     "No se pudo conectar {app}: {error}",
		"fix_problems":      "Corrige los campos marcados ({count}).",
		"err_required":      "Este campo es obligatorio.",
		"err_number":        "Introduce un número.",
		"err_integer":       "Introduce un número entero.",
		"err_boolean":       "Elige sí o no.",
		"err_json":          "Introduce un JSON válido.",
		"err_json_depth":    "Este JSON tiene demasiados niveles (como máximo 1000).",
		"err_array":         "Introduce un array JSON.",
		"err_object":        "Introduce un objeto JSON.",
		"err_pattern":       "El valor no tiene el formato esperado.",
		"apps_title":        "Aplicaciones",
		"accounts_title":    "Cuentas de {app}",
		"search":            "Buscar aplicaciones",
		"load_more":         "Cargar más",
		"no_apps":           "No se encontraron aplicaciones.",
		"apps_count":        "{count} aplicaciones",
		"load_error":        "No se pudieron cargar las aplicaciones: {error}",
		"connected":         "Conectada",
		"not_connected":     "No conectada",
		"no_login":          "No requiere inicio de sesión",
		"connect":           "Conectar",
		"disconnect":        "Desconectar",
		"disconnect_named":  "Desconectar {account}",
		"add_account":       "Añadir cuenta",
		"confirm_title":     "¿Desconectar {account} de {app}?",
		"confirm":           "Sí, desconectar",
		"cancel":            "Cancelar",
		"disconnect_error":  "No se pudo desconectar: {error}",
		"account_connected": "{app} conectada.",
		"disconnected":      "{account} desconectada.",
	},
}

// Strings is one SDK instance's string table. Each instance has its own, so
// two instances with different languages never overwrite each other
// (defect 16). The zero value speaks English.
type Strings struct {
	lang  string
	table map[string]string
}

// NewStrings returns the table for lang ("es", "es-MX", "EN"…): the language
// part is matched case-insensitively, and an unknown language is English.
func NewStrings(lang string) *Strings {
	base := strings.ToLower(lang)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	t, ok := messages[base]
	if !ok {
		base, t = "en", messages["en"]
	}
	return &Strings{lang: base, table: t}
}

// Lang returns the language the table speaks, for the lang attribute.
func (s *Strings) Lang() string {
	if s == nil || s.lang == "" {
		return "en"
	}
	return s.lang
}

// T returns the string for key with {name} placeholders replaced from
// pairs (name, value, name, value…). A key missing from the language falls
// back to English; a key missing from English too is returned as a readable
// phrase rather than the raw key, and a test keeps that from happening.
func (s *Strings) T(key string, pairs ...string) string {
	var msg string
	var ok bool
	if s != nil && s.table != nil {
		msg, ok = s.table[key]
	}
	if !ok {
		msg, ok = messages["en"][key]
	}
	if !ok {
		msg = readable(key)
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		msg = strings.ReplaceAll(msg, "{"+pairs[i]+"}", pairs[i+1])
	}
	return msg
}

// Languages lists the languages with a table, sorted.
func Languages() []string {
	out := make([]string, 0, len(messages))
	for l := range messages {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

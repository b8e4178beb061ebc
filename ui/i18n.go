package ui

import "strings"

// messages holds the UI strings in the official SDK's five languages.
// English is complete and is the fallback, key by key, for any key another
// language lacks, so a person never sees a raw key
// (docs/protocol.md#differs-per-instance-strings); a test keeps every
// language complete. Placeholders are {name}, filled by
// [Strings.T].
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
		"tool_auth":         "Authorization",
		"tool_input":        "Input",
		"add_account_app":   "Add a {app} account",
		"confirm_title":     "Disconnect {account} from {app}?",
		"confirm":           "Yes, disconnect",
		"cancel":            "Cancel",
		"ai_filled":         "AI filled",
		"insert_tag":        "Insert a value into {field}",
		"save":              "Save",
		"disconnect_error":  "Could not disconnect: {error}",
		"account_connected": "{app} connected.",
		"disconnected":      "{account} disconnected.",
		"loading_options":   "Loading options…",
		"no_options":        "No options to choose from.",
		"no_matches":        "Nothing matches “{query}”.",
		"options_error":     "Could not load the options: {error}",
		"retry":             "Try again",
		"choose_first":      "Choose {field} first.",
		"remove_value":      "Remove {value}",
		"loading_fields":    "Loading fields…",
		"no_fields":         "No fields to fill in.",
		"fields_error":      "Could not load the fields: {error}",
		"no_accounts":       "No account connected yet.",
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
		"tool_auth":         "Autorización",
		"tool_input":        "Entrada",
		"add_account_app":   "Añadir una cuenta de {app}",
		"confirm_title":     "¿Desconectar {account} de {app}?",
		"confirm":           "Sí, desconectar",
		"cancel":            "Cancelar",
		"ai_filled":         "Lo rellena la IA",
		"insert_tag":        "Insertar un valor en {field}",
		"save":              "Guardar",
		"disconnect_error":  "No se pudo desconectar: {error}",
		"account_connected": "{app} conectada.",
		"disconnected":      "{account} desconectada.",
		"loading_options":   "Cargando opciones…",
		"no_options":        "No hay opciones para elegir.",
		"no_matches":        "Nada coincide con «{query}».",
		"options_error":     "No se pudieron cargar las opciones: {error}",
		"retry":             "Reintentar",
		"choose_first":      "Elige primero {field}.",
		"remove_value":      "Quitar {value}",
		"loading_fields":    "Cargando campos…",
		"no_fields":         "No hay campos que rellenar.",
		"fields_error":      "No se pudieron cargar los campos: {error}",
		"no_accounts":       "Todavía no hay ninguna cuenta conectada.",
	},
	"fr": {
		"close":             "Fermer",
		"submit":            "Envoyer",
		"loading":           "Chargement…",
		"required_mark":     "obligatoire",
		"choose":            "Choisir…",
		"yes":               "Oui",
		"no":                "Non",
		"list_hint":         "Une valeur par ligne.",
		"json_hint":         "JSON.",
		"connect_app":       "Connecter {app}",
		"connect_needed":    "Connectez votre compte {app} pour continuer.",
		"connecting":        "Connexion à {app}…",
		"connect_error":     "Impossible de connecter {app} : {error}",
		"fix_problems":      "Corrigez les champs signalés ({count}).",
		"err_required":      "Ce champ est obligatoire.",
		"err_number":        "Saisissez un nombre.",
		"err_integer":       "Saisissez un nombre entier.",
		"err_boolean":       "Choisissez oui ou non.",
		"err_json":          "Saisissez un JSON valide.",
		"err_json_depth":    "Ce JSON est trop imbriqué (1000 niveaux au plus).",
		"err_array":         "Saisissez un tableau JSON.",
		"err_object":        "Saisissez un objet JSON.",
		"err_pattern":       "La valeur n’a pas le format attendu.",
		"apps_title":        "Applications",
		"accounts_title":    "Comptes {app}",
		"search":            "Rechercher des applications",
		"load_more":         "Afficher plus",
		"no_apps":           "Aucune application trouvée.",
		"apps_count":        "{count} applications",
		"load_error":        "Impossible de charger les applications : {error}",
		"connected":         "Connectée",
		"not_connected":     "Non connectée",
		"no_login":          "Aucune connexion requise",
		"connect":           "Connecter",
		"disconnect":        "Déconnecter",
		"disconnect_named":  "Déconnecter {account}",
		"add_account":       "Ajouter un compte",
		"tool_auth":         "Autorisation",
		"tool_input":        "Entrée",
		"add_account_app":   "Ajouter un compte {app}",
		"confirm_title":     "Déconnecter {account} de {app} ?",
		"confirm":           "Oui, déconnecter",
		"cancel":            "Annuler",
		"ai_filled":         "Rempli par l’IA",
		"insert_tag":        "Insérer une valeur dans {field}",
		"save":              "Enregistrer",
		"disconnect_error":  "Impossible de déconnecter : {error}",
		"account_connected": "{app} connectée.",
		"disconnected":      "{account} déconnecté.",
		"loading_options":   "Chargement des options…",
		"no_options":        "Aucune option à choisir.",
		"no_matches":        "Rien ne correspond à « {query} ».",
		"options_error":     "Impossible de charger les options : {error}",
		"retry":             "Réessayer",
		"choose_first":      "Choisissez d’abord {field}.",
		"remove_value":      "Retirer {value}",
		"loading_fields":    "Chargement des champs…",
		"no_fields":         "Aucun champ à remplir.",
		"fields_error":      "Impossible de charger les champs : {error}",
		"no_accounts":       "Aucun compte connecté pour l’instant.",
	},
	"ja": {
		"close":             "閉じる",
		"submit":            "送信",
		"loading":           "読み込み中…",
		"required_mark":     "必須",
		"choose":            "選択…",
		"yes":               "はい",
		"no":                "いいえ",
		"list_hint":         "1 行に 1 つの値を入力してください。",
		"json_hint":         "JSON 形式。",
		"connect_app":       "{app} に接続",
		"connect_needed":    "続けるには {app} アカウントを接続してください。",
		"connecting":        "{app} に接続中…",
		"connect_error":     "{app} に接続できませんでした: {error}",
		"fix_problems":      "強調表示された項目を修正してください（{count} 件）。",
		"err_required":      "この項目は必須です。",
		"err_number":        "数値を入力してください。",
		"err_integer":       "整数を入力してください。",
		"err_boolean":       "「はい」か「いいえ」を選んでください。",
		"err_json":          "有効な JSON を入力してください。",
		"err_json_depth":    "この JSON は入れ子が深すぎます（最大 1000 階層）。",
		"err_array":         "JSON 配列を入力してください。",
		"err_object":        "JSON オブジェクトを入力してください。",
		"err_pattern":       "値の形式が正しくありません。",
		"apps_title":        "アプリ",
		"accounts_title":    "{app} のアカウント",
		"search":            "アプリを検索",
		"load_more":         "さらに読み込む",
		"no_apps":           "アプリが見つかりません。",
		"apps_count":        "{count} 件のアプリ",
		"load_error":        "アプリを読み込めませんでした: {error}",
		"connected":         "接続済み",
		"not_connected":     "未接続",
		"no_login":          "ログイン不要",
		"connect":           "接続",
		"disconnect":        "接続解除",
		"disconnect_named":  "{account} の接続を解除",
		"add_account":       "アカウントを追加",
		"tool_auth":         "認証",
		"tool_input":        "入力",
		"add_account_app":   "{app} のアカウントを追加",
		"confirm_title":     "{app} から {account} の接続を解除しますか？",
		"confirm":           "はい、解除します",
		"cancel":            "キャンセル",
		"ai_filled":         "AI が入力",
		"insert_tag":        "{field} に値を挿入",
		"save":              "保存",
		"disconnect_error":  "接続を解除できませんでした: {error}",
		"account_connected": "{app} に接続しました。",
		"disconnected":      "{account} の接続を解除しました。",
		"loading_options":   "選択肢を読み込み中…",
		"no_options":        "選択肢がありません。",
		"no_matches":        "「{query}」に一致するものはありません。",
		"options_error":     "選択肢を読み込めませんでした: {error}",
		"retry":             "再試行",
		"choose_first":      "先に {field} を選んでください。",
		"remove_value":      "{value} を削除",
		"loading_fields":    "項目を読み込み中…",
		"no_fields":         "入力する項目はありません。",
		"fields_error":      "項目を読み込めませんでした: {error}",
		"no_accounts":       "接続済みのアカウントはまだありません。",
	},
	"pt-BR": {
		"close":             "Fechar",
		"submit":            "Enviar",
		"loading":           "Carregando…",
		"required_mark":     "obrigatório",
		"choose":            "Escolher…",
		"yes":               "Sim",
		"no":                "Não",
		"list_hint":         "Um valor por linha.",
		"json_hint":         "JSON.",
		"connect_app":       "Conectar {app}",
		"connect_needed":    "Conecte sua conta do {app} para continuar.",
		"connecting":        "Conectando {app}…",
		"connect_error":     "Não foi possível conectar {app}: {error}",
		"fix_problems":      "Corrija os campos destacados ({count}).",
		"err_required":      "Este campo é obrigatório.",
		"err_number":        "Informe um número.",
		"err_integer":       "Informe um número inteiro.",
		"err_boolean":       "Escolha sim ou não.",
		"err_json":          "Informe um JSON válido.",
		"err_json_depth":    "Este JSON tem níveis demais (no máximo 1000).",
		"err_array":         "Informe um array JSON.",
		"err_object":        "Informe um objeto JSON.",
		"err_pattern":       "O valor não está no formato esperado.",
		"apps_title":        "Aplicativos",
		"accounts_title":    "Contas do {app}",
		"search":            "Buscar aplicativos",
		"load_more":         "Carregar mais",
		"no_apps":           "Nenhum aplicativo encontrado.",
		"apps_count":        "{count} aplicativos",
		"load_error":        "Não foi possível carregar os aplicativos: {error}",
		"connected":         "Conectado",
		"not_connected":     "Não conectado",
		"no_login":          "Não requer login",
		"connect":           "Conectar",
		"disconnect":        "Desconectar",
		"disconnect_named":  "Desconectar {account}",
		"add_account":       "Adicionar conta",
		"tool_auth":         "Autorização",
		"tool_input":        "Entrada",
		"add_account_app":   "Adicionar uma conta {app}",
		"confirm_title":     "Desconectar {account} do {app}?",
		"confirm":           "Sim, desconectar",
		"cancel":            "Cancelar",
		"ai_filled":         "Preenchido pela IA",
		"insert_tag":        "Inserir um valor em {field}",
		"save":              "Salvar",
		"disconnect_error":  "Não foi possível desconectar: {error}",
		"account_connected": "{app} conectado.",
		"disconnected":      "{account} desconectada.",
		"loading_options":   "Carregando opções…",
		"no_options":        "Não há opções para escolher.",
		"no_matches":        "Nada corresponde a “{query}”.",
		"options_error":     "Não foi possível carregar as opções: {error}",
		"retry":             "Tentar novamente",
		"choose_first":      "Escolha {field} primeiro.",
		"remove_value":      "Remover {value}",
		"loading_fields":    "Carregando campos…",
		"no_fields":         "Não há campos para preencher.",
		"fields_error":      "Não foi possível carregar os campos: {error}",
		"no_accounts":       "Nenhuma conta conectada ainda.",
	},
}

// Strings is one SDK instance's string table. Each instance has its own, so
// two instances with different languages never overwrite each other
// (docs/protocol.md#differs-per-instance-strings). The zero value speaks
// English.
type Strings struct {
	lang  string
	table map[string]string
}

// NewStrings returns the table for lang, as the official SDK's languages
// are named (en, es, fr, ja, pt-BR): an exact match ignoring case first
// ("pt-br"), then the language part ("es-MX" is es, "pt" and "pt-PT" are
// pt-BR, the only Portuguese); an unknown language is English.
func NewStrings(lang string) *Strings {
	want := strings.ReplaceAll(strings.TrimSpace(lang), "_", "-")
	for name, t := range messages {
		if strings.EqualFold(name, want) {
			return &Strings{lang: name, table: t}
		}
	}
	base, _, _ := strings.Cut(strings.ToLower(want), "-")
	for _, name := range Languages() {
		if b, _, _ := strings.Cut(strings.ToLower(name), "-"); b == base {
			return &Strings{lang: name, table: messages[name]}
		}
	}
	return &Strings{lang: "en", table: messages["en"]}
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
	// Five names: an insertion sort, where slices.Sort would link 17 KB of
	// generic sorting code for strings (docs/bundle.md#size).
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

package sdk

import (
	"errors"
	"strconv"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
)

// Code is the stable, machine-readable kind of an [Error]. Callers switch on
// Code, never on message text. The same strings reach JavaScript as
// `error.code`, and web/npm/index.d.ts lists them again (a test keeps the two
// lists equal).
type Code string

// The codes an [Error] can carry.
const (
	CodeInvalidArgument  Code = "invalid_argument"   // bad input from the caller
	CodeUnauthorized     Code = "unauthorized"       // credentials missing or wrong
	CodeForbidden        Code = "forbidden"          // credentials fine, access refused
	CodeNotFound         Code = "not_found"          // some other resource is missing
	CodeAppNotFound      Code = "app_not_found"      // no app of that name
	CodeFunctionNotFound Code = "function_not_found" // no function of that name
	CodeNoLoginRequired  Code = "no_login_required"  // connect on an app without login
	CodeNotConnected     Code = "not_connected"      // the user has no account for the app
	CodeAmbiguousAccount Code = "ambiguous_account"  // several accounts, none chosen
	CodeNetworkError     Code = "network_error"      // the request never got an answer
	CodeTimeout          Code = "timeout"            // the request or call ran out of time
	CodeRateLimited      Code = "rate_limited"       // HTTP 429
	CodeServerError      Code = "server_error"       // HTTP 5xx or an unreadable answer
	CodePopupBlocked     Code = "popup_blocked"      // window.open returned null
	CodeConnectCancelled Code = "connect_cancelled"  // the user closed the connect popup
	CodeConnectTimeout   Code = "connect_timeout"    // the connect flow hit its deadline
	CodeConnectFailed    Code = "connect_failed"     // the login page reported a failure
	CodeCancelled        Code = "cancelled"          // the caller or the user gave up
	CodeDestroyed        Code = "destroyed"          // the instance was destroyed
	CodeUnsupported      Code = "unsupported"        // a member of the official UI this SDK does not have
	CodeInternal         Code = "internal"           // a bug: a recovered panic
)

// Codes returns every [Code], in declaration order.
func Codes() []Code {
	return []Code{
		CodeInvalidArgument, CodeUnauthorized, CodeForbidden, CodeNotFound,
		CodeAppNotFound, CodeFunctionNotFound, CodeNoLoginRequired, CodeNotConnected,
		CodeAmbiguousAccount, CodeNetworkError, CodeTimeout, CodeRateLimited,
		CodeServerError, CodePopupBlocked, CodeConnectCancelled, CodeConnectTimeout,
		CodeConnectFailed, CodeCancelled, CodeDestroyed, CodeUnsupported, CodeInternal,
	}
}

// Error is every error the SDK returns. Status is the HTTP status when there
// was a response; Details is the server's JSON body (or a part of it) when it
// said more than a message. Error never includes the hash or the app key.
type Error struct {
	Code    Code
	Status  int
	Message string
	Details Doc
	Err     error // the underlying cause, if any
}

// Sentinels for [errors.Is]: an *Error matches a sentinel with the same Code.
var (
	ErrInvalidArgument  = &Error{Code: CodeInvalidArgument, Message: "invalid argument"}
	ErrUnauthorized     = &Error{Code: CodeUnauthorized, Message: "unauthorized"}
	ErrForbidden        = &Error{Code: CodeForbidden, Message: "forbidden"}
	ErrNotFound         = &Error{Code: CodeNotFound, Message: "not found"}
	ErrAppNotFound      = &Error{Code: CodeAppNotFound, Message: "app not found"}
	ErrFunctionNotFound = &Error{Code: CodeFunctionNotFound, Message: "function not found"}
	ErrNotConnected     = &Error{Code: CodeNotConnected, Message: "not connected"}
	ErrTimeout          = &Error{Code: CodeTimeout, Message: "timeout"}
	ErrCancelled        = &Error{Code: CodeCancelled, Message: "cancelled"}
	ErrDestroyed        = &Error{Code: CodeDestroyed, Message: "destroyed"}
)

// NewError returns an *Error with the given code and message.
func NewError(code Code, msg string) *Error { return &Error{Code: code, Message: msg} }

// InvalidArgument returns the error of bad input from the caller
// ([CodeInvalidArgument]) with msg, which names the argument: the one
// constructor of that error in the module.
func InvalidArgument(msg string) *Error { return &Error{Code: CodeInvalidArgument, Message: msg} }

// TooDeep is the invalid_argument of an argument nested deeper than
// jsonx.MaxDepth levels: "<what> is nested deeper than 1000 levels".
func TooDeep(what string) *Error { return InvalidArgument(what + " is " + jsonx.TooDeep) }

// Error reads "sdk: <message> (<code>[, HTTP <status>])".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("sdk: ")
	b.WriteString(scrub(e.Message))
	b.WriteString(" (")
	b.WriteString(string(e.Code))
	if e.Status != 0 {
		b.WriteString(", HTTP ")
		b.WriteString(strconv.Itoa(e.Status))
	}
	b.WriteString(")")
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same Code, so that
// errors.Is(err, sdk.ErrNotConnected) works for any not_connected error.
func (e *Error) Is(target error) bool {
	if t, ok := errors.AsType[*Error](target); ok {
		return t.Code == e.Code
	}
	return false
}

// CodeOf returns the Code of err: the Code of the first *Error in its chain,
// [CodeCancelled] or [CodeTimeout] for context errors, otherwise
// [CodeInternal]. CodeOf(nil) is "".
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return AsError(err).Code
}

// AsError converts any error into an *Error. An *Error in the chain is
// returned as it is; context.Canceled becomes cancelled and
// context.DeadlineExceeded timeout; anything else is internal.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e
	}
	switch {
	case isCanceled(err):
		return &Error{Code: CodeCancelled, Message: "the operation was cancelled", Err: err}
	case isDeadline(err):
		return &Error{Code: CodeTimeout, Message: "the operation timed out", Err: err}
	}
	return &Error{Code: CodeInternal, Message: err.Error(), Err: err}
}

// scrub removes credential query parameters (hash, app_key) from any URL that
// found its way into a message.
func scrub(s string) string {
	for _, key := range []string{"hash=", "app_key="} {
		for i := 0; ; {
			j := strings.Index(s[i:], key)
			if j < 0 {
				break
			}
			j += i
			// Only a query parameter: preceded by ? or &.
			if j == 0 || (s[j-1] != '?' && s[j-1] != '&') {
				i = j + len(key)
				continue
			}
			start := j + len(key)
			end := start
			for end < len(s) && s[end] != '&' && s[end] != ' ' && s[end] != '"' && s[end] != '#' {
				end++
			}
			s = s[:start] + "REDACTED" + s[end:]
			i = start + len("REDACTED")
		}
	}
	return s
}

package sdk

import (
	"strconv"
	"strings"
)

// AccountID checks a connected account ID a caller gave as text: a positive
// decimal integer, with white space around it allowed. It returns the ID
// trimmed, "" for none (an empty or blank id), and otherwise an
// invalid_argument naming what ("<what> must be a positive integer"). The
// wasm's options objects (showFunction's connectedAccountId), [CallOptions]
// (invokeFunction's) and [Client.DeleteConnectedAccount] check it here, so
// showFunction refuses what invokeFunction refuses.
func AccountID(what, id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return "", nil
	}
	if n, err := strconv.ParseInt(id, 10, 64); err != nil || n <= 0 {
		return "", InvalidArgument(what + " must be a positive integer")
	}
	return id, nil
}

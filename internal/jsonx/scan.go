package jsonx

// The scanner: skipValue walks one value without building anything. It keeps
// its own stack of open brackets instead of recursing, so no input can grow
// the Go stack, and it stops at MaxDepth.

// skipValue returns the index just past the JSON value starting at b[i].
func skipValue(b []byte, i int) (int, error) {
	var stack []byte // the closers of the open arrays and objects
	for {
		if i >= len(b) {
			return 0, ErrSyntax
		}
		var err error
		switch c := b[i]; {
		case c == '"':
			i, err = skipString(b, i)
		case c == '{' || c == '[':
			if len(stack) >= MaxDepth {
				return 0, ErrDepth
			}
			closer := byte(']')
			if c == '{' {
				closer = '}'
			}
			i = skipSpace(b, i+1)
			if i < len(b) && b[i] == closer {
				i++ // empty: a complete value
				break
			}
			stack = append(stack, closer)
			if closer == '}' {
				if i, err = skipKey(b, i); err != nil {
					return 0, err
				}
			}
			continue // the first element
		case c == '-' || '0' <= c && c <= '9':
			i, err = skipNumber(b, i)
		case c == 't':
			i, err = skipLiteral(b, i, "true")
		case c == 'f':
			i, err = skipLiteral(b, i, "false")
		case c == 'n':
			i, err = skipLiteral(b, i, "null")
		default:
			return 0, ErrSyntax
		}
		if err != nil {
			return 0, err
		}
		// A value is complete: close what it completes, or move to the next
		// element of the innermost open container.
		for {
			if len(stack) == 0 {
				return i, nil
			}
			i = skipSpace(b, i)
			if i >= len(b) {
				return 0, ErrSyntax
			}
			closer := stack[len(stack)-1]
			if b[i] == closer {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			if b[i] != ',' {
				return 0, ErrSyntax
			}
			i = skipSpace(b, i+1)
			if closer == '}' {
				if i, err = skipKey(b, i); err != nil {
					return 0, err
				}
			}
			break
		}
	}
}

// skipKey skips `"key" :` and the space after it.
func skipKey(b []byte, i int) (int, error) {
	if i >= len(b) || b[i] != '"' {
		return 0, ErrSyntax
	}
	i, err := skipString(b, i)
	if err != nil {
		return 0, err
	}
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != ':' {
		return 0, ErrSyntax
	}
	return skipSpace(b, i+1), nil
}

// skipString returns the index just past the string starting at b[i] == '"'.
// Bytes of 0x80 and above are not checked: encoding/json accepts invalid
// UTF-8 in strings too (and replaces it when decoding, as unquote does).
func skipString(b []byte, i int) (int, error) {
	for i++; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i + 1, nil
		case c < 0x20:
			return 0, ErrSyntax
		case c == '\\':
			i++
			if i >= len(b) {
				return 0, ErrSyntax
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(b) {
					return 0, ErrSyntax
				}
				for _, h := range b[i+1 : i+5] {
					if !isHex(h) {
						return 0, ErrSyntax
					}
				}
				i += 4
			default:
				return 0, ErrSyntax
			}
		}
	}
	return 0, ErrSyntax
}

// skipNumber returns the index just past the number starting at b[i].
func skipNumber(b []byte, i int) (int, error) {
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i = skipDigits(b, i)
	default:
		return 0, ErrSyntax
	}
	if i < len(b) && b[i] == '.' {
		j := skipDigits(b, i+1)
		if j == i+1 {
			return 0, ErrSyntax
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := skipDigits(b, i)
		if j == i {
			return 0, ErrSyntax
		}
		i = j
	}
	return i, nil
}

func skipDigits(b []byte, i int) int {
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	return i
}

func skipLiteral(b []byte, i int, lit string) (int, error) {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return 0, ErrSyntax
	}
	return i + len(lit), nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

package tools

import (
	"encoding/json"
	"errors"
	"strconv"
)

// ParseCalls reads the tool calls out of a model's answer in format f (see
// [Set.Handle] for what each format takes). Calls whose arguments are not
// a JSON object are kept: running one gives an error result.
func ParseCalls(f Format, modelOutput []byte) ([]Call, error) {
	v, err := parse(modelOutput)
	if err != nil {
		return nil, errors.New("tools: the model's answer is not JSON: " + err.Error())
	}
	var calls []Call
	switch f {
	case OpenAIChat:
		if o, ok := v.(*object); ok {
			if ch, ok := o.get("choices"); ok {
				v = first(ch)
				if m, ok := v.(*object); ok {
					v = m.obj("message")
				}
			}
		}
		if o, ok := v.(*object); ok {
			v, _ = o.get("tool_calls")
		}
		for _, e := range items(v) {
			c, ok := e.(*object)
			if !ok {
				continue
			}
			fn := c.obj("function")
			if fn == nil {
				continue
			}
			args, _ := fn.get("arguments")
			calls = append(calls, newCall(c.str("id"), fn.str("name"), args))
		}
	case OpenAIResponses:
		if o, ok := v.(*object); ok {
			if out, ok := o.get("output"); ok {
				v = out
			} else {
				v = []any{o}
			}
		}
		for _, e := range items(v) {
			c, ok := e.(*object)
			if !ok || c.str("type") != "function_call" {
				continue
			}
			id := c.str("call_id")
			if id == "" {
				id = c.str("id")
			}
			args, _ := c.get("arguments")
			calls = append(calls, newCall(id, c.str("name"), args))
		}
	case Anthropic:
		if o, ok := v.(*object); ok {
			v, _ = o.get("content")
		}
		for _, e := range items(v) {
			c, ok := e.(*object)
			if !ok || c.str("type") != "tool_use" {
				continue
			}
			args, _ := c.get("input")
			calls = append(calls, newCall(c.str("id"), c.str("name"), args))
		}
	case Gemini:
		if o, ok := v.(*object); ok {
			if cand, ok := o.get("candidates"); ok {
				v = first(cand)
				if c, ok := v.(*object); ok {
					v = c.obj("content")
				}
			}
		}
		if o, ok := v.(*object); ok {
			v, _ = o.get("parts")
		}
		for _, e := range items(v) {
			p, ok := e.(*object)
			if !ok {
				continue
			}
			fc := p.obj("functionCall")
			if fc == nil {
				fc = p.obj("function_call")
			}
			if fc == nil {
				continue
			}
			args, _ := fc.get("args")
			calls = append(calls, newCall(fc.str("id"), fc.str("name"), args))
		}
	case JSONSchema:
		if o, ok := v.(*object); ok {
			v = []any{o}
		}
		for _, e := range items(v) {
			c, ok := e.(*object)
			if !ok || c.str("name") == "" {
				continue
			}
			args, _ := c.get("arguments")
			calls = append(calls, newCall(c.str("id"), c.str("name"), args))
		}
	default:
		return nil, errors.New("tools: unknown format " + strconv.Quote(string(f)))
	}
	return calls, nil
}

func first(v node) node {
	if a, ok := v.([]any); ok && len(a) > 0 {
		return a[0]
	}
	return nil
}

func items(v node) []any {
	a, _ := v.([]any)
	return a
}

// newCall normalizes arguments: an object as it is, a string holding an
// object (OpenAI's) decoded, none as {}.
func newCall(id, name string, args node) Call {
	c := Call{ID: id, Name: name}
	switch a := args.(type) {
	case nil:
		c.Arguments = json.RawMessage("{}")
	case *object:
		c.Arguments = mustJSON(a)
	case string:
		if a == "" {
			c.Arguments = json.RawMessage("{}")
			break
		}
		v, err := parse([]byte(a))
		if o, ok := v.(*object); err == nil && ok {
			c.Arguments = mustJSON(o)
		} else {
			c.argErr = "the arguments must be a JSON object; got " + strconv.Quote(truncate(a, 200))
		}
	default:
		c.argErr = "the arguments must be a JSON object"
	}
	return c
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// FormatResults writes results as the provider's conversation takes them
// (see [Set.Handle]).
func FormatResults(f Format, results []Result) (json.RawMessage, error) {
	var out []any
	switch f {
	case OpenAIChat:
		for _, r := range results {
			out = append(out, obj("role", "tool", "tool_call_id", r.Call.ID, "content", string(r.Content)))
		}
	case OpenAIResponses:
		for _, r := range results {
			out = append(out, obj("type", "function_call_output", "call_id", r.Call.ID, "output", string(r.Content)))
		}
	case Anthropic:
		var blocks []any
		for _, r := range results {
			b := obj("type", "tool_result", "tool_use_id", r.Call.ID, "content", string(r.Content))
			if r.IsError {
				b.set("is_error", true)
			}
			blocks = append(blocks, b)
		}
		return mustJSON(obj("role", "user", "content", orEmpty(blocks))), nil
	case Gemini:
		var parts []any
		for _, r := range results {
			fr := &object{}
			if r.Call.ID != "" {
				fr.set("id", r.Call.ID)
			}
			fr.set("name", r.Call.Name)
			fr.set("response", r.Content)
			parts = append(parts, obj("functionResponse", fr))
		}
		return mustJSON(obj("role", "user", "parts", orEmpty(parts))), nil
	case JSONSchema:
		for _, r := range results {
			o := &object{}
			if r.Call.ID != "" {
				o.set("id", r.Call.ID)
			}
			o.set("name", r.Call.Name)
			o.set("content", r.Content)
			o.set("is_error", r.IsError)
			out = append(out, o)
		}
	default:
		return nil, errors.New("tools: unknown format " + strconv.Quote(string(f)))
	}
	return mustJSON(orEmpty(out)), nil
}

func orEmpty(a []any) []any {
	if a == nil {
		return []any{}
	}
	return a
}

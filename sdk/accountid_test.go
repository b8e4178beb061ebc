package sdk

import (
	"context"
	"testing"
)

// One rule for a connected account ID, whichever method takes it: a
// positive integer, as text or as a number; blank is none.
func TestAccountID(t *testing.T) {
	for in, want := range map[string]string{"": "", "  ": "", "12": "12", " 7 ": "7", "9007199254740993": "9007199254740993"} {
		if got, err := AccountID("connectedAccountId", in); err != nil || got != want {
			t.Errorf("AccountID(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "-3", "1.5", "abc", "1e3", "12 34", "99999999999999999999"} {
		_, err := AccountID("connectedAccountId", in)
		if CodeOf(err) != CodeInvalidArgument || err.(*Error).Message != "connectedAccountId must be a positive integer" {
			t.Errorf("AccountID(%q) = %v, want invalid_argument naming connectedAccountId", in, err)
		}
	}
}

// invokeFunction's account ID (CallOptions) is checked by the same rule.
func TestCallRefusesAnAccountIDShowFunctionWouldRefuse(t *testing.T) {
	c, err := NewClient(Config{AppKey: "k", Hash: "h", UserID: "u"}, WithTransport(TransportFunc(func(context.Context, *Request) (*Response, error) {
		t.Fatal("a request was sent")
		return nil, nil
	})))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CallFunction(t.Context(), "f", nil, &CallOptions{ConnectedAccountID: "-5"})
	if CodeOf(err) != CodeInvalidArgument {
		t.Errorf("CallFunction with account -5 = %v, want invalid_argument", err)
	}
}

func TestTooDeepIsWordedOnce(t *testing.T) {
	if got := TooDeep("params").Message; got != "params is nested deeper than 1000 levels" {
		t.Errorf("TooDeep = %q", got)
	}
}

//go:build !js

package tools_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"

	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/authhash"
	"github.com/integry-go/integry/sdk/nethttp"
	"github.com/integry-go/integry/sdk/tools"
)

// sandboxClient starts an in-memory sandbox (the stand-in for Integry that
// this repository ships) and returns a client of it for user-1. Against
// Integry itself, leave APIBaseURL empty and use your app's key and secret.
func sandboxClient() (*sdk.Client, func()) {
	srv, err := sandbox.New(sandbox.Options{Memory: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		panic(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go srv.Serve(l)
	client, err := nethttp.NewClient(sdk.Config{
		AppKey:     srv.AppKey(),
		Hash:       authhash.Compute(sandbox.DefaultAppSecret, "user-1"),
		UserID:     "user-1",
		APIBaseURL: "http://" + l.Addr().String(),
	})
	if err != nil {
		panic(err)
	}
	return client, func() { srv.Close() }
}

// Give a model the functions that fit the user's request, then run the
// calls it makes. Here the model is Claude (Anthropic's Messages API); the
// other formats work the same way.
func Example() {
	client, stop := sandboxClient()
	defer stop()
	ctx := context.Background()

	// 1. Which functions fit? (Or list them: client.Functions.)
	fns, err := client.PredictFunctions(ctx, "What will the weather be in Berlin?", &sdk.PredictOptions{IncludeMeta: true})
	if err != nil {
		panic(err)
	}
	set, err := tools.New(client, fns, nil)
	if err != nil {
		panic(err)
	}

	// 2. Send them as the request's "tools".
	defs, _ := set.Definitions(tools.Anthropic)
	var sent []struct{ Name string }
	json.Unmarshal(defs, &sent)
	fmt.Println("tools:", sent[0].Name)

	// 3. The model answers with a tool call...
	answer := `{"role":"assistant","stop_reason":"tool_use","content":[
		{"type":"tool_use","id":"toolu_01","name":"open-meteo-get-forecast","input":{"city":"berlin","days":1}}]}`

	// 4. ...which Handle runs, answering with the next user message.
	msg, _, err := set.Handle(ctx, tools.Anthropic, []byte(answer))
	if err != nil {
		panic(err)
	}
	var reply struct {
		Role    string
		Content []struct {
			Type      string
			ToolUseID string `json:"tool_use_id"`
			Content   string
		}
	}
	json.Unmarshal(msg, &reply)
	var result struct {
		NetworkCode string `json:"network_code"`
		Output      struct {
			DailyUnits map[string]string `json:"daily_units"`
		}
	}
	json.Unmarshal([]byte(reply.Content[0].Content), &result)
	fmt.Println(reply.Role, reply.Content[0].Type, reply.Content[0].ToolUseID)
	fmt.Println(result.NetworkCode, result.Output.DailyUnits["temperature_2m_max"])
	// Output:
	// tools: open-meteo-get-forecast
	// user tool_result toolu_01
	// 200 °C
}

// The tool definitions of OpenAI's Chat Completions for one function:
// Integry's form hints are gone, and a QUERY function takes a _cursor for
// its next page.
func ExampleSet_Definitions() {
	client, stop := sandboxClient()
	defer stop()
	f, err := client.GetFunction(context.Background(), "open-meteo-get-forecast", nil)
	if err != nil {
		panic(err)
	}
	set, _ := tools.New(client, []sdk.Function{*f}, nil)
	defs, _ := set.Definitions(tools.OpenAIChat)
	var out bytes.Buffer
	json.Indent(&out, defs, "", "  ")
	fmt.Println(out.String())
	// Output:
	// [
	//   {
	//     "type": "function",
	//     "function": {
	//       "name": "open-meteo-get-forecast",
	//       "description": "Get the weather forecast (temperature) for a city, no login needed",
	//       "parameters": {
	//         "type": "object",
	//         "properties": {
	//           "city": {
	//             "type": "string",
	//             "description": "The city name."
	//           },
	//           "days": {
	//             "type": "number",
	//             "description": "How many days to forecast, 1 to 7."
	//           },
	//           "unit": {
	//             "type": "string",
	//             "description": "celsius or fahrenheit.",
	//             "enum": [
	//               "celsius",
	//               "fahrenheit"
	//             ]
	//           },
	//           "_cursor": {
	//             "type": "string",
	//             "description": "Only to get the next page: the _cursor of this tool's previous result. Leave it out for the first page."
	//           }
	//         },
	//         "required": [
	//           "city"
	//         ]
	//       },
	//       "strict": false
	//     }
	//   }
	// ]
}

// A function that is not connected answers with an error the model can
// act on: how the user connects the app.
func ExampleSet_Run() {
	client, stop := sandboxClient()
	defer stop()
	ctx := context.Background()
	var fns []sdk.Function
	for f, err := range client.Functions(ctx, &sdk.ListFunctionsOptions{App: "slack", IncludeMeta: true}) {
		if err != nil {
			panic(err)
		}
		fns = append(fns, f)
	}
	set, _ := tools.New(client, fns, nil)
	r := set.Run(ctx, tools.Call{ID: "call_1", Name: "slack-post-message",
		Arguments: json.RawMessage(`{"channel":"general","text":"Hello"}`)})
	var content struct {
		HowToConnect string `json:"how_to_connect"`
	}
	json.Unmarshal(r.Content, &content)
	fmt.Println(r.IsError, sdk.CodeOf(r.Err))
	fmt.Println(content.HowToConnect[:41])
	// Output:
	// true not_connected
	// The user has not connected Slack. Ask the
}

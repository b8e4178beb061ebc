package sdk_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/authhash"
	"github.com/integry-go/integry/sdk/nethttp"
)

// Call a function from a Go server. Here the backend is a stand-in that
// answers like Integry; point APIBaseURL at the sandbox or leave it empty
// for https://api.integry.io.
func ExampleClient_CallFunction() {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"network_code":"200","output":{"success":true,"data":{"id":27,"name":"Sample contact"}}}`))
	}))
	defer backend.Close()

	client, err := nethttp.NewClient(sdk.Config{
		AppKey:     "my-app-key",
		Hash:       authhash.Compute("my-app-secret", "user-1"),
		UserID:     "user-1",
		APIBaseURL: backend.URL,
	})
	if err != nil {
		panic(err)
	}
	res, err := client.CallFunction(context.Background(), "pipedrive-add-a-person",
		json.RawMessage(`{"name":"Sample contact"}`), nil)
	if err != nil {
		panic(err) // network, auth or server trouble: a coded *sdk.Error
	}
	if err := res.Err(); err != nil {
		panic(err) // Integry refused to run it: not connected, invalid params
	}
	fmt.Println(res.NetworkCode, string(res.Output.JSON()))
	// Output: 200 {"success":true,"data":{"id":27,"name":"Sample contact"}}
}

// Page through a paginated function: next_page goes back inside the params
// until the cursor or the output runs out.
func ExampleClient_CallPages() {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p struct {
			NextPage string `json:"next_page"`
		}
		json.NewDecoder(r.Body).Decode(&p)
		if p.NextPage == "" {
			w.Write([]byte(`{"network_code":"200","output":[{"id":1},{"id":2}],"next_page":"p2"}`))
			return
		}
		w.Write([]byte(`{"network_code":"200","output":[{"id":3}],"next_page":""}`))
	}))
	defer backend.Close()

	client, _ := nethttp.NewClient(sdk.Config{AppKey: "k", Hash: authhash.Compute("s", "u"), UserID: "u", APIBaseURL: backend.URL})
	for page, err := range client.CallPages(context.Background(), "pipedrive-get-all-persons", json.RawMessage(`{"limit":2}`), nil) {
		if err != nil {
			panic(err)
		}
		fmt.Println(string(page.Output.JSON()))
	}
	// Output:
	// [{"id":1},{"id":2}]
	// [{"id":3}]
}

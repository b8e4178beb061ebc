// Type test: a React app written against react.d.ts. `tsc --noEmit -p
// tsconfig.bindings.json` must accept it; the lines marked with a
// ts-expect-error comment must stay errors.
import { useState } from "react";
import {
  AppsMarketplace, ConnectButton, FunctionForm, IntegryProvider, useApp, useFunction, useIntegry, useInvoke,
} from "integry-wasm/react";
import { IntegryJS, type IntegryError } from "integry-wasm";

function Slack() {
  const integry: IntegryJS | null = useIntegry();
  const slack = useApp("slack");
  const sig = useFunction("slack-post-message");
  const persons = useInvoke<{ id: number; name: string }[]>("pipedrive-get-all-persons");
  const [message, setMessage] = useState<Record<string, unknown>>({ channel: "C01GENERAL", text: "hi" });
  const first = persons.data && "network_code" in persons.data ? persons.data.output[0]?.name : undefined;
  const err: IntegryError | null = slack.error ?? sig.error ?? persons.error;
  return (
    <section>
      <p>{integry ? IntegryJS.SDK_VERSION : "loading"} {sig.signature?.description} {first} {err?.code}</p>
      <p>{slack.connected ? slack.accounts.map((a) => a.display_name).join(", ") : slack.app?.title}</p>
      <ConnectButton app="slack" id="connect" onConnect={(id: string) => console.log(id)} onError={(e) => console.log(e.code)} />
      <ConnectButton app="slack" aria-label="Slack">Connect my Slack</ConnectButton>
      <button onClick={() => slack.disconnect(slack.accounts[0]?.id).then((app) => console.log(app.connected_account_id))} disabled={!slack.connected || slack.disconnecting}>Disconnect</button>
      <button onClick={() => void slack.connect().then((id) => console.log(id.length))} disabled={slack.connecting}>Connect</button>
      <AppsMarketplace layout="WIDE" authOnly onError={(e) => console.log(e.code)} className="apps" style={{ maxWidth: 800 }} />
      <AppsMarketplace layout={IntegryJS.Layouts.NARROW} />
      <FunctionForm name="slack-post-message" params={message} onSubmit={setMessage} onCancel={() => {}} hiddenFields={["as_user"]} submitButtonText="Send" />
      <button onClick={() => persons.invoke({ limit: 2 })}>List</button>
      <button onClick={() => persons.nextPage()} disabled={!persons.hasNextPage || persons.loading}>Page {persons.page + 1}</button>
    </section>
  );
}

export function Root() {
  return (
    <IntegryProvider config={{ appKey: "k", hash: "h", userId: "u", baseUrl: "http://127.0.0.1:8080" }}>
      <Slack />
    </IntegryProvider>
  );
}

export function Waiting() {
  return <IntegryProvider config={null}><Slack /></IntegryProvider>;
}

// @ts-expect-error: config is required
export const noConfig = <IntegryProvider><Slack /></IntegryProvider>;
// @ts-expect-error: ConnectButton needs an app
export const noApp = <ConnectButton />;
// @ts-expect-error: FunctionForm needs a function name
export const noName = <FunctionForm onSubmit={() => {}} />;
// @ts-expect-error: layouts are WIDE or NARROW
export const badLayout = <AppsMarketplace layout="SIDEWAYS" />;

import { useEffect, useState } from "react";
import type { IntegryConfig, IntegryError } from "integry-wasm";
import {
  AppsMarketplace, ConnectButton, FunctionForm, IntegryProvider, useApp, useFunction, useIntegry, useInvoke,
} from "integry-wasm/react";

type Shown = { kind: string; value: unknown; page?: number };
type Logged = { name: string; payload: unknown };

const describe = (e: IntegryError) => ({ name: e.name, code: e.code, message: e.message });

// App can take the provider out of the tree and put it back: the instance
// is destroyed on unmount and a new one is made on mount.
export function App({ config, startMounted }: { config: IntegryConfig; startMounted: boolean }) {
  const [mounted, setMounted] = useState(startMounted);
  useEffect(() => {
    document.body.dataset.mounted = mounted ? "yes" : "no";
    if (!mounted) document.body.dataset.sdk = "unmounted";
  }, [mounted]);
  return (
    <>
      <p>
        <button id="toggle" type="button" onClick={() => setMounted((m) => !m)}>
          {mounted ? "Unmount the provider" : "Mount the provider"}
        </button>
      </p>
      {mounted && (
        <IntegryProvider config={config}>
          <Journey />
        </IntegryProvider>
      )}
    </>
  );
}

function Journey() {
  const integry = useIntegry();
  const slack = useApp("slack");
  const postMessage = useFunction("slack-post-message");
  const post = useInvoke("slack-post-message");
  const persons = useInvoke<{ id: number; name: string }[]>("pipedrive-get-all-persons");
  const [message, setMessage] = useState<Record<string, unknown>>({ channel: "C01GENERAL", text: "Hello, team!" });
  const [shown, setShown] = useState<Shown | null>(null);
  const [log, setLog] = useState<Logged[]>([]);
  const [formOpen, setFormOpen] = useState(true);

  // The instance's events, and body[data-sdk] once it is verified.
  useEffect(() => {
    if (!integry) return;
    let live = true;
    const names = ["ready", "app-connected", "app-disconnected"] as const;
    const handlers = names.map((name) => {
      const h = (payload: unknown) => setLog((l) => [...l, { name, payload }]);
      integry.eventEmitter.on(name, h);
      return [name, h] as const;
    });
    integry.ready.then(() => {
      if (live) document.body.dataset.sdk = "ready";
    }, (e: IntegryError) => live && setShown({ kind: "error", value: describe(e) }));
    return () => {
      live = false;
      for (const [name, h] of handlers) integry.eventEmitter.off(name, h);
    };
  }, [integry]);

  const fail = (e: IntegryError) => setShown({ kind: "error", value: describe(e) });

  return (
    <>
      <AppsMarketplace id="marketplace" layout="WIDE" onError={fail} />

      <h2>Slack</h2>
      <p id="slack-status" data-connected={slack.connected ? "yes" : "no"}>
        {slack.loading ? "Loading…" : slack.connected ? `Connected as ${slack.accounts.map((a) => a.display_name).join(", ")}` : "Not connected"}
      </p>
      <ul id="slack-accounts">
        {slack.accounts.map((a) => <li key={a.id} data-account={a.id}>{a.display_name}</li>)}
      </ul>
      <div className="buttons">
        <ConnectButton id="connect-slack" app="slack" onError={fail} />
        <button id="disconnect" type="button" disabled={!slack.connected || slack.disconnecting}
          onClick={() => slack.disconnect().then(() => setShown({ kind: "disconnected", value: { app: "slack" } }), fail)}>
          Disconnect Slack
        </button>
      </div>

      <h2>Post a message</h2>
      <p id="signature">{postMessage.signature ? postMessage.signature.description : "Loading the signature…"}</p>
      {formOpen ? (
        <FunctionForm id="form" name="slack-post-message" params={message} hiddenFields={["as_user"]} submitButtonText="Save the message"
          onSubmit={(values) => {
            setMessage(values);
            setShown({ kind: "form", value: values });
          }}
          onCancel={() => setFormOpen(false)} onError={fail} />
      ) : (
        <button id="open-form" type="button" onClick={() => setFormOpen(true)}>Write a message</button>
      )}

      <div className="buttons">
        <button id="invoke" type="button" disabled={post.loading}
          onClick={() => post.invoke(message).then((r) => setShown({ kind: "result", value: r }), fail)}>
          Send the message
        </button>
        <button id="list-persons" type="button" disabled={persons.loading}
          onClick={() => persons.invoke({ limit: 2 }).then((r) => setShown({ kind: "result", value: r, page: 1 }), fail)}>
          List Pipedrive persons
        </button>
        <button id="next-page" type="button" disabled={!persons.hasNextPage || persons.loading}
          onClick={() => {
            const page = persons.page + 1;
            persons.nextPage().then((r) => setShown({ kind: "result", value: r, page }), fail);
          }}>
          Next page
        </button>
      </div>
      <pre id="result" aria-live="polite" data-kind={shown ? shown.kind : "none"} data-page={shown?.page ?? ""}>
        {shown ? JSON.stringify(shown.value, null, 2) : "No result yet."}
      </pre>

      <h2>Events</h2>
      <ol id="event-log">
        {log.map((e, i) => (
          <li key={i} data-event={e.name}><strong>{e.name}</strong><pre>{JSON.stringify(e.payload ?? {}, null, 2)}</pre></li>
        ))}
      </ol>
    </>
  );
}

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { IntegryJS, type IntegryConfig } from "integry-wasm";
import { App } from "./App";

// The sandbox: ?sandbox= in the page's URL, else VITE_INTEGRY_SANDBOX at
// build time, else `make demo`'s address. The user: ?user=, else this
// example's own. Both are shown on the page.
const query = new URLSearchParams(location.search);
const SANDBOX: string = (query.get("sandbox") || import.meta.env.VITE_INTEGRY_SANDBOX || "http://127.0.0.1:8080").replace(/\/+$/, "");
const userId = query.get("user") || "example-react";
document.getElementById("where-sandbox")!.textContent = SANDBOX;
document.getElementById("where-user")!.textContent = userId;

// Optional: start fetching the wasm now, while the session loads and React renders.
IntegryJS.load().catch(() => {});

// Your server computes the hash (HMAC-SHA256 of the user ID, keyed with the
// app secret); the sandbox's demo-session endpoint plays that server here.
const session = await demoSession();

// demoSession gets {appKey, userId, hash} from the sandbox's demo-session
// endpoint. When the sandbox cannot be used it says why on the page, and
// what to run: a sandbox that refuses this origin (CORS) and one that is not
// running both fail with "Failed to fetch", but a no-cors request still
// reaches a running server.
async function demoSession(): Promise<{ appKey: string; hash: string; userId: string }> {
  let res: Response;
  try {
    res = await fetch(`${SANDBOX}/_sandbox/session?user_id=${encodeURIComponent(userId)}`, { referrerPolicy: "no-referrer" });
  } catch (err) {
    let kind = "cors";
    let text = `The sandbox at ${SANDBOX} does not allow this page's origin, ${location.origin}. ` +
      `Restart it with: INTEGRY_SANDBOX_ALLOW_ORIGIN=${location.origin} make demo`;
    try {
      await fetch(`${SANDBOX}/_sandbox/health`, { mode: "no-cors", cache: "no-store" });
    } catch {
      kind = "down";
      text = `Nothing answers at ${SANDBOX}. Start the sandbox with \`make demo\`, or open this page with ?sandbox=<its URL>.`;
    }
    document.body.dataset.sdk = "failed";
    const p = document.getElementById("problem")!;
    p.textContent = text;
    p.dataset.problem = kind;
    p.hidden = false;
    throw new Error(`${text} (${(err as Error).message})`);
  }
  if (!res.ok) throw new Error(`the sandbox's session endpoint answered ${res.status}`);
  return res.json();
}

const config: IntegryConfig = {
  appKey: session.appKey,
  hash: session.hash,
  userId: session.userId,
  baseUrl: SANDBOX,
  baseAPIUrl: SANDBOX,
};

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App config={config} startMounted={query.get("mounted") !== "0"} />
  </StrictMode>,
);

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { IntegryJS, type IntegryConfig } from "integry-wasm";
import { App } from "./App";

// integry-sandbox (`make demo`); VITE_INTEGRY_SANDBOX=… at build time points elsewhere.
const SANDBOX: string = import.meta.env.VITE_INTEGRY_SANDBOX || "http://127.0.0.1:8080";
const query = new URLSearchParams(location.search);
const userId = query.get("user") || "demo-user";

// Optional: start fetching the wasm now, while the session loads and React renders.
IntegryJS.load().catch(() => {});

// Your server computes the hash (HMAC-SHA256 of the user ID, keyed with the
// app secret); the sandbox's demo-session endpoint plays that server here.
const session: { appKey: string; hash: string; userId: string } = await fetch(
  `${SANDBOX}/_sandbox/session?user_id=${encodeURIComponent(userId)}`,
).then((r) => r.json());

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

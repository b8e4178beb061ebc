// The one line that differs from an @integry/sdk app:
//   import { IntegryJS } from "@integry/sdk";
import { IntegryJS } from "integry-wasm";

// The sandbox: ?sandbox= in the page's URL, else VITE_INTEGRY_SANDBOX at
// build time, else `make demo`'s address. The user: ?user=, else this
// example's own. Both are shown on the page.
const query = new URLSearchParams(location.search);
const SANDBOX = (query.get("sandbox") || import.meta.env.VITE_INTEGRY_SANDBOX || "http://127.0.0.1:8080").replace(/\/+$/, "");
const userId = query.get("user") || "example-npm";
const $ = (sel) => document.querySelector(sel);
$("#where-sandbox").textContent = SANDBOX;
$("#where-user").textContent = userId;

// demoSession gets {appKey, userId, hash} from the sandbox's demo-session
// endpoint. When the sandbox cannot be used it says why on the page, and
// what to run: a sandbox that refuses this origin (CORS) and one that is not
// running both fail with "Failed to fetch", but a no-cors request still
// reaches a running server.
async function demoSession() {
  let res;
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
    Object.assign($("#problem"), { textContent: text, hidden: false }).dataset.problem = kind;
    throw new Error(`${text} (${err.message})`);
  }
  if (!res.ok) throw new Error(`the sandbox's session endpoint answered ${res.status}`);
  return res.json();
}

function show(kind, value, page) {
  const out = $("#result");
  out.dataset.kind = kind;
  out.dataset.page = page ? String(page) : "";
  out.textContent = JSON.stringify(value, null, 2);
}

function fail(err) {
  show("error", { name: err.name, code: err.code, message: err.message });
}

function logEvent(name, payload) {
  const li = document.createElement("li");
  li.dataset.event = name;
  const title = document.createElement("strong");
  title.textContent = name;
  const pre = document.createElement("pre");
  pre.textContent = JSON.stringify(payload ?? {}, null, 2);
  li.append(title, pre);
  $("#event-log").append(li);
}

// Your server computes the hash (HMAC-SHA256 of the user ID, keyed with the
// app secret); the sandbox's demo-session endpoint plays that server here.
const session = await demoSession();

const integry = new IntegryJS({
  appKey: session.appKey,
  hash: session.hash,
  user: { userId: session.userId },
  baseUrl: SANDBOX,
  baseAPIUrl: SANDBOX,
});

for (const name of ["ready", "app-connected", "app-disconnected", "modal-closed"]) {
  integry.eventEmitter.on(name, (payload) => logEvent(name, payload));
}
integry.eventEmitter.on("ready", () => {
  document.body.dataset.sdk = "ready";
  integry.showApps({ renderMode: "INLINE", containerId: "marketplace" });
});

let message = { channel: "C01GENERAL", text: "Hello, team!" };
let persons = null; // the last page: { page, cursor }

$("#show-form").addEventListener("click", () => {
  integry.showFunctionUI("slack-post-message", message).then((values) => {
    message = values;
    show("form", values);
  }, fail);
});

$("#invoke").addEventListener("click", () => {
  integry.invokeFunction("slack-post-message", message).then((result) => show("result", result), fail);
});

function listPersons(page, cursor) {
  const params = cursor ? { limit: 2, next_page: cursor } : { limit: 2 };
  integry.invokeFunction("pipedrive-get-all-persons", params).then((result) => {
    persons = result.next_page ? { page, cursor: result.next_page } : null;
    $("#next-page").disabled = !persons;
    show("result", result, page);
  }, fail);
}
$("#list-persons").addEventListener("click", () => listPersons(1));
$("#next-page").addEventListener("click", () => persons && listPersons(persons.page + 1, persons.cursor));

$("#disconnect").addEventListener("click", () => {
  integry.disconnectApp("slack").then(() => show("disconnected", { app: "slack" }), fail);
});

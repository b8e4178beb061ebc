// An app written for @integry/sdk 4.9.37, using only its documented API:
// connect an app (from the marketplace), show a function's form, call the
// function, page through results, disconnect.
//
// official.html loads it with the official UMD bundle and index.html with
// integry-wasm; the two files differ in that one <script> line only. Both
// bundles define the global IntegryJS.

import { findSandbox, demoSession } from "../sandbox.js";

// ?sandbox= (default: `make demo`'s address) and ?user=, shown on the page.
const where = findSandbox("example-migration");
const SANDBOX = where.sandbox;
const $ = (sel) => document.querySelector(sel);

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

// Your server computes the hash: HMAC-SHA256 of the user ID, keyed with the
// app secret. Here the sandbox's demo-session endpoint plays that server.
const session = await demoSession(where);

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
  if (document.body.dataset.sdk === "ready") return;
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

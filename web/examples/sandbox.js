// How the plain-page examples find the sandbox, and what they say when they
// cannot use it. (The npm and React examples, built by Vite, carry the same
// few lines in their own main file.)
//
//   ?sandbox=<URL>  the sandbox to use; default `make demo`'s address
//   ?user=<id>      who signs in; default the example's own user, so one
//                   example's connects do not show up in another
//
// Both are shown on the page. When the sandbox cannot be used, the page
// says why and names the command to run, instead of staying blank.

export const DEFAULT_SANDBOX = "http://127.0.0.1:8080";

// findSandbox reads ?sandbox= and ?user= and shows both under the page's
// first heading.
export function findSandbox(defaultUser) {
  const query = new URLSearchParams(location.search);
  const sandbox = (query.get("sandbox") || DEFAULT_SANDBOX).replace(/\/+$/, "");
  const user = query.get("user") || defaultUser;
  const where = document.createElement("p");
  where.id = "where";
  const code = (id, text) => {
    const c = document.createElement("code");
    c.id = id;
    c.textContent = text;
    return c;
  };
  where.append("Sandbox ", code("where-sandbox", sandbox), ", user ", code("where-user", user), " (choose them with ",
    code("", "?sandbox="), " and ", code("", "?user="), ")");
  const problem = document.createElement("p");
  problem.id = "problem";
  problem.setAttribute("role", "alert");
  problem.hidden = true;
  problem.style.cssText = "border: 2px solid #c62828; border-radius: 6px; padding: .6rem;";
  const h1 = document.querySelector("h1");
  if (h1) h1.after(where, problem);
  else document.body.prepend(where, problem);
  return { sandbox, user };
}

// demoSession returns {appKey, userId, hash} from the sandbox's
// demo-session endpoint, which plays your server here (it computes the
// hash; the app secret never reaches the page). On failure it shows the
// reason on the page and throws.
export async function demoSession({ sandbox, user }) {
  if (typeof window.IntegryJS !== "function") {
    const official = document.querySelector('script[src*="@integry/sdk"]');
    throw problem("sdk", official
      ? "The official SDK is not installed: run `make npm` (it puts @integry/sdk into web/node_modules), then reload."
      : "The SDK script (integry.js) did not load: run `make wasm` (`make demo` does it) and serve the whole web/ folder.");
  }
  let res;
  try {
    res = await fetch(`${sandbox}/_sandbox/session?user_id=${encodeURIComponent(user)}`, { referrerPolicy: "no-referrer" });
  } catch (err) {
    throw await unreachable(sandbox, err);
  }
  if (!res.ok) {
    throw problem("status", `The sandbox at ${sandbox} refused the demo session (${res.status}): ${await res.text()}`);
  }
  return res.json();
}

// unreachable tells a sandbox that refuses this origin (CORS) from one that
// is not running: to a page both are "Failed to fetch", but a no-cors
// request still reaches a running server.
async function unreachable(sandbox, err) {
  try {
    await fetch(`${sandbox}/_sandbox/health`, { mode: "no-cors", cache: "no-store" });
  } catch {
    return problem("down", `Nothing answers at ${sandbox}. Start the sandbox with \`make demo\`, or open this page with ?sandbox=<its URL>.`);
  }
  return problem("cors", `The sandbox at ${sandbox} does not allow this page's origin, ${location.origin}. ` +
    `Restart it with: INTEGRY_SANDBOX_ALLOW_ORIGIN=${location.origin} make demo (${err.message})`);
}

function problem(kind, text) {
  document.body.dataset.sdk = "failed";
  const p = document.querySelector("#problem");
  if (p) {
    p.dataset.problem = kind;
    p.textContent = text;
    p.hidden = false;
  }
  return new Error(text);
}

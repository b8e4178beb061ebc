// The fuzz lane's page side (wasm/fuzz_browser_test.go). The Go test
// generates each case as JavaScript source (a method and the source of its
// arguments, built from the fz* helpers below) and runs it with fzRun, which
// reports how it went: how the call settled, whether the page navigated,
// what went uncaught, and whether the Go program that ran before the case
// still runs. Sources keep a failing case reproducible: the Go test prints
// it, and testdata/fuzz/corpus.jsonl keeps every case that found a bug.
(() => {
  const box = document.createElement("div");
  box.id = "fz-box";
  document.body.appendChild(box);

  window.fzUncaught = [];
  window.addEventListener("error", (e) => fzUncaught.push("uncaught: " + e.message));
  window.addEventListener("unhandledrejection", (e) => {
    let m;
    try { m = String(e.reason && e.reason.message); } catch (_) { m = "(unreadable)"; }
    fzUncaught.push("unhandled rejection: " + m);
  });
  window.fzConsole = [];
  const orig = console.error;
  console.error = function (...args) {
    let s;
    try { s = args.map((a) => (a && typeof a.message === "string" ? a.message : String(a))).join(" "); } catch (_) { s = "(unprintable)"; }
    fzConsole.push(s);
    return orig.apply(console, args);
  };

  // ---- values the generator names ----

  // A value that throws when anything touches it: every Proxy trap throws.
  const trapAll = () => new Proxy({}, Object.fromEntries(
    ["get", "set", "has", "ownKeys", "getOwnPropertyDescriptor", "defineProperty", "deleteProperty",
      "getPrototypeOf", "setPrototypeOf", "isExtensible", "preventExtensions", "apply", "construct"]
      .map((t) => [t, () => { throw new Error("trap " + t); }])));

  // fzThrowable(kind) is what a hostile getter throws.
  window.fzThrowable = (kind) => {
    switch (kind) {
      case "error": return new Error("getter threw");
      case "range": return new RangeError("Maximum call stack size exceeded");
      case "string": return "a thrown string";
      case "undefined": return undefined;
      case "proxy": return trapAll();
      case "revoked": { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; }
      case "message": return { get message() { throw new Error("message getter threw"); } };
      case "name": return Object.assign(new Error("e"), { get name() { throw new Error("name getter threw"); } });
      case "symbol": return Symbol("thrown");
      case "bigint": return 10n;
      case "deep": return fzDeep(100000, "object");
      case "self": { // every trap throws the Proxy itself
        const p = new Proxy({}, { get() { throw p; }, has() { throw p; }, ownKeys() { throw p; }, getOwnPropertyDescriptor() { throw p; }, getPrototypeOf() { throw p; } });
        return p;
      }
    }
    return null;
  };

  // fzDeep(n, kind): n levels of objects, arrays or both, built without
  // recursion.
  window.fzDeep = (n, kind) => {
    let v = kind === "array" ? [] : {};
    for (let i = 1; i < n; i++) v = kind === "array" || (kind === "mixed" && i % 2) ? [v] : { a: v };
    return v;
  };

  window.fzWide = (n) => {
    const o = {};
    for (let i = 0; i < n; i++) o["k" + i] = i;
    return o;
  };

  window.fzCycle = (kind) => {
    if (kind === "array") { const a = [1]; a.push(a); return a; }
    if (kind === "indirect") { const a = { b: {} }; a.b.c = [a]; return a; }
    const o = { a: 1 }; o.self = o; return o;
  };

  window.fzGetter = (key, kind) => Object.defineProperty({ ok: 1 }, key, { enumerable: true, get() { throw fzThrowable(kind); } });

  window.fzProxy = (kind) => {
    switch (kind) {
      case "all": return trapAll();
      case "revoked": { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; }
      case "array": return new Proxy([1, 2], { get(t, k) { if (k === "length") throw new Error("length"); return Reflect.get(t, k); } });
      case "keys": return new Proxy({}, { ownKeys() { return Array.from({ length: 50000 }, (_, i) => "k" + i); },
        getOwnPropertyDescriptor() { return { value: 1, enumerable: true, configurable: true }; } });
      case "lying": return new Proxy({}, { getOwnPropertyDescriptor() { throw new Error("gopd"); }, ownKeys() { return ["a"]; } });
      case "function": return new Proxy(() => 1, { apply() { throw new Error("apply"); }, get() { throw new Error("get"); } });
      case "signal": return new Proxy({}, { has(t, k) { if (k === "signal") throw new Error("has signal"); return false; } });
    }
    return new Proxy({}, {});
  };

  window.fzToJSON = (kind) => ({
    a: 1,
    toJSON() {
      switch (kind) {
        case "throw": throw new Error("toJSON threw");
        case "undefined": return undefined;
        case "function": return () => 1;
        case "deep": return fzDeep(5000, "object");
        case "bigint": return 1n;
        case "self": return this;
      }
      return "x";
    },
  });

  window.fzHost = (kind) => {
    switch (kind) {
      case "window": return window;
      case "document": return document;
      case "body": return document.body;
      case "element": return document.createElement("form");
      case "date": return new Date(NaN);
      case "regexp": return /re(g)+ex/gi;
      case "map": return new Map([[1, 2]]);
      case "set": return new Set([1]);
      case "typed": return new Uint8Array(1 << 16);
      case "buffer": return new ArrayBuffer(1 << 20);
      case "promise": return Promise.resolve(1);
      case "rejected": { const p = Promise.reject(new Error("a rejected argument")); p.catch(() => {}); return p; }
      case "error": return new Error("an error argument");
      case "nullproto": return Object.assign(Object.create(null), { a: 1 });
      case "frozen": return Object.freeze({ a: Object.freeze([1]) });
      case "weakmap": return new WeakMap();
      case "arguments": return (function () { return arguments; })(1, 2);
      case "sparse": { const a = []; a[1e6] = 1; return a; }
      case "holey": return [1, , 3];
    }
    return {};
  };

  window.fzSignal = (kind) => {
    switch (kind) {
      case "aborted": return { signal: AbortSignal.abort() };
      case "live": return { signal: new AbortController().signal };
      case "soon": return { signal: AbortSignal.timeout(50) };
      case "throws": return { get signal() { throw new Error("signal getter threw"); } };
      case "fake": return { signal: { aborted: true, addEventListener() { throw new Error("fake signal"); } } };
      case "string": return { signal: "abort" };
    }
    return {};
  };

  // fzReentrant(kind): an object whose getter calls back into the SDK while
  // Go is reading the arguments (JSON.stringify runs getters).
  window.fzReentrant = (kind) => Object.defineProperty({}, "a", {
    enumerable: true,
    get() {
      switch (kind) {
        case "destroy": fz.destroy(); break;
        case "call": fz.invokeFunction("open-meteo-get-forecast", { city: "berlin" }).catch(() => {}); break;
        case "stats": IntegryJS.__testing.stats(); break;
        case "new": { const x = new IntegryJS(cfg("u-fuzz")); x.destroy(); break; }
        case "emit": fz.eventEmitter.emit("error", new Error("from a getter")); break;
      }
      return 1;
    },
  });

  window.fzHuge = (kind) => {
    switch (kind) {
      case "over": return { s: "x".repeat(9 << 20) };
      case "under": return { s: "x".repeat(4 << 20) };
      case "items": return { a: new Array(1 << 20).fill(0) };
      case "escapes": return { s: "\u2028\"\\\u0000".repeat(1 << 19) };
    }
    return {};
  };

  window.fzFn = (kind) => {
    switch (kind) {
      case "throws": return function () { throw new Error("callback threw"); };
      case "async": return async () => { throw new Error("async callback threw"); };
      case "destroy": return () => fz.destroy();
      case "proxy": return fzProxy("function");
      case "props": return Object.assign(() => 1, { a: 1, signal: 1 });
      case "class": return class {};
    }
    return () => 1;
  };

  // ---- running a case ----

  // fzDestroyed says whether the case destroyed fz (the instance's own
  // state is #private: docs/design.md#private-state).
  window.fzInstance = () => {
    const inst = new IntegryJS(cfg("u-fuzz"));
    const destroy = inst.destroy;
    inst.destroy = () => { window.fzDestroyed = true; destroy(); };
    window.fzDestroyed = false;
    window.fz = inst;
    fz.ready.catch(() => {});
    return fz;
  };
  fzInstance();

  window.fzArm = () => {
    window.fzMarker = "page";
    window.fzURL = location.href;
    if (typeof __integryWasm !== "undefined") __integryWasm.fzMarker = "program";
  };

  // UI methods wait for a person: a case that leaves one pending ends it by
  // destroying the instance, which must settle it.
  const waits = new Set(["showFunctionUI", "showFunction", "showApps", "showApp", "showConnectedAccounts", "showFunctions", "connectApp"]);
  // Every code of sdk/errors.go but internal, which is a recovered panic:
  // a bug.
  const codes = new Set(["invalid_argument", "unauthorized", "forbidden", "not_found", "app_not_found",
    "function_not_found", "no_login_required", "not_connected", "ambiguous_account", "network_error", "timeout",
    "rate_limited", "server_error", "popup_blocked", "connect_cancelled", "connect_timeout", "connect_failed",
    "cancelled", "destroyed"]);

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  // settle waits up to ms for p and describes how it settled.
  async function settle(p, ms) {
    let out = "pending";
    p.then((v) => { out = "resolved"; }, (e) => {
      let code, name;
      try { code = e && e.code; name = e && e.name; } catch (_) { code = "(unreadable)"; }
      out = "rejected " + name + " " + code;
      try { out += ": " + e.message; } catch (_) { /* kept short */ }
    });
    const end = Date.now() + ms;
    while (out === "pending" && Date.now() < end) await sleep(ms > 100 ? 10 : 1);
    return out;
  }

  // fzRun(target, method, argsSource) runs one case. target is "instance",
  // "emitter", "helpers", "static" or "new". It resolves the case's report;
  // problems lists what broke a rule.
  // The members that answer synchronously, as the official ones do
  // (docs/protocol.md#surface-sync).
  const sync = new Set(["getFunctionTools"]);

  window.fzRun = async (target, method, argsSource) => {
    const problems = [];
    if (typeof __integryWasm === "undefined") await IntegryJS.load(); // after a death: a fresh program
    const uncaught0 = fzUncaught.length, console0 = fzConsole.length;
    fzArm();
    let args;
    try {
      args = new Function("return [" + argsSource + "];")();
    } catch (e) {
      return { outcome: "bad case: " + e.message, problems: [] };
    }
    let result, threw = null;
    try {
      switch (target) {
        case "instance": result = fz[method](...args); break;
        case "emitter": result = fz.eventEmitter[method](...args); break;
        case "helpers": result = IntegryJS.Helpers[method](...args); break;
        case "static": result = IntegryJS[method](...args); break;
        case "new": result = new IntegryJS(...args); break;
      }
    } catch (e) {
      threw = e;
    }
    let outcome;
    if (threw !== null) {
      let name, code, msg;
      try { name = threw.name; code = threw.code; msg = threw.message; } catch (_) { name = "(unreadable)"; }
      outcome = "threw " + name + " " + code + ": " + msg;
      // The documented synchronous throws: a config or an event handler
      // the loader refuses, as a TypeError with code invalid_argument, and
      // a signal the synchronous getFunctionTools refuses
      // (docs/protocol.md#surface-sync).
      const refused = threw instanceof TypeError && code === "invalid_argument" && (target === "new" || target === "emitter");
      const syncRefused = sync.has(method) && code === "invalid_argument" && (target === "instance" || target === "helpers");
      if (!refused && !syncRefused) {
        problems.push("threw synchronously: " + outcome);
      }
    } else if (target === "new") {
      outcome = "constructed";
      if (result && typeof result.destroy === "function") {
        await sleep(20);
        result.destroy();
      }
    } else if (target === "instance" && method === "paginate") {
      try {
        outcome = "next " + await settle(result.next(), 10000);
        outcome += ", return " + await settle(result.return(), 10000);
      } catch (e) {
        problems.push("paginate's iterator threw: " + e);
      }
    } else if (result && typeof result.then === "function") {
      outcome = await settle(result, waits.has(method) ? 400 : 10000);
      if (outcome === "pending" && waits.has(method)) {
        fz.destroy();
        outcome = "pending, then " + await settle(result, 1000);
      }
      if (outcome.endsWith("pending")) problems.push("the promise never settled");
      const m = /^(?:pending, then )?rejected (\S+) ([^\s:]+)/.exec(outcome);
      if (m && (m[1] !== "IntegryError" && m[1] !== "TypeError" || !codes.has(m[2]))) {
        problems.push("rejected with " + m[1] + " code " + m[2]);
      }
    } else {
      outcome = "returned " + typeof result;
      if (target === "instance" && !["destroy", "printVersion"].includes(method) && !sync.has(method)) problems.push("returned no promise");
      if (target === "helpers" && !sync.has(method)) problems.push("returned no promise");
    }
    // Let what the case started (a render, a late settle) happen.
    await sleep(10);
    if (window.fzMarker !== "page" || location.href !== window.fzURL) problems.push("the page navigated");
    for (const u of fzUncaught.slice(uncaught0)) problems.push(u);
    for (const c of fzConsole.slice(console0)) if (/internal error|runtime stopped|DOM operation failed|renderer/.test(c)) problems.push("console: " + c);
    const program = typeof __integryWasm !== "undefined" && __integryWasm.fzMarker === "program";
    let stats = null;
    try { stats = IntegryJS.__testing.stats(); } catch (e) { problems.push("stats() threw: " + e); }
    if (!program || stats === null) problems.push("the Go runtime died or restarted");
    // A fresh instance for the next case when this one was used up.
    if (fzDestroyed || waits.has(method) || problems.length) {
      fz.destroy();
      for (const el of document.querySelectorAll(".integry-root, .integry-modal")) el.remove();
      fzInstance();
    }
    return { outcome, problems };
  };

  // fzHealthy checks that a normal call works.
  window.fzHealthy = async () => {
    const v = await fz.isAppConnected("slack");
    return v === false;
  };
})();

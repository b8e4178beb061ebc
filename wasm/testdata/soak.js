// The soak test's page side (wasm/soak_browser_test.go): soakRound runs one
// round of mixed work in this one page, on one long-lived instance (sk) and
// on short-lived ones that are destroyed mid-flight. The Go test adds a
// connect and a disconnect through a real click and the consent page, and
// measures between rounds.
(() => {
  const box = document.createElement("div");
  box.id = "soak-box";
  document.body.appendChild(box);
  window.sk = new IntegryJS(cfg("u-soak"));
  window.soakErrors = [];
  window.addEventListener("error", (e) => soakErrors.push("uncaught: " + e.message));
  window.addEventListener("unhandledrejection", (e) => soakErrors.push("unhandled: " + (e.reason && e.reason.message)));

  const until = (test, what) => new Promise((resolve, reject) => {
    const end = Date.now() + 10000;
    const t = setInterval(() => {
      const v = test();
      if (v) { clearInterval(t); resolve(v); } else if (Date.now() > end) { clearInterval(t); reject(new Error("waited 10 s for " + what)); }
    }, 10);
  });
  const code = (p) => p.then(() => "resolved", (e) => e.code);
  const expect = (got, want, what) => { if (got !== want) throw new Error(what + ": " + JSON.stringify(got) + ", want " + JSON.stringify(want)); };
  const deep = (n) => { let v = {}; for (let i = 1; i < n; i++) v = { a: v }; return v; };

  // soakRound(k) resolves how many calls it made.
  window.soakRound = async (k) => {
    let calls = 0;
    // Calls, in parallel.
    const city = ["berlin", "lahore", "new-york"][k % 3];
    const rs = await Promise.all([
      ...Array.from({ length: 20 }, (_, j) => sk.invokeFunction("open-meteo-get-forecast", { city, days: 1 + (k + j) % 7 })),
      sk.getApp("slack"), sk.isAppConnected("open-meteo"), sk.getConnectedAccounts("slack"),
      sk.getFunction("slack-post-message"), sk.verifyAuthConfig(),
      sk.callFunction("open-meteo-get-forecast", { city: "{c}" }, { c: city }),
    ]);
    calls += rs.length;
    if (rs.slice(0, 20).some((r) => r.network_code !== "200")) throw new Error("a call failed");
    expect(rs[20].name, "slack", "getApp");
    for await (const page of sk.paginate("open-meteo-get-forecast", { city })) { calls++; if (page) break; }

    // Refused input, on the way.
    expect(await code(sk.invokeFunction("open-meteo-get-forecast", deep(2000))), "invalid_argument", "a deep params");
    expect(await code(sk.getApp(k)), "invalid_argument", "a number as app name");
    calls += 2;

    // A modal form, filled and submitted.
    const form = sk.showFunctionUI("open-meteo-get-forecast", { city, days: 1 + k % 7 });
    const submit = await until(() => document.querySelector(".integry-modal form button[type=submit]"), "the modal form");
    submit.click();
    const values = await form;
    expect(values.city, city, "the submitted city");
    calls++;

    // A modal form closed by its close button.
    const closed = code(sk.showFunction("slack-post-message", {}, "MODAL"));
    (await until(() => document.querySelector(".integry-modal .integry-close, .integry-modal [aria-label=Close]"), "the close button")).click();
    expect(await closed, "cancelled", "a closed modal");
    calls++;

    // Inline widgets, ended by their AbortSignal.
    const ac = new AbortController();
    const inline = code(sk.showFunction("open-meteo-get-forecast", { signal: ac.signal }, "INLINE", "soak-box"));
    await until(() => box.querySelector("form"), "the inline form");
    await sk.showApps({ renderMode: "INLINE", containerId: "soak-box", signal: ac.signal });
    await sk.showConnectedAccounts("slack", "INLINE", "soak-box", { signal: ac.signal });
    ac.abort();
    expect(await inline, "cancelled", "an aborted inline form");
    await until(() => box.childElementCount === 0, "the inline widgets to go");
    calls += 3;

    // Instances made and destroyed mid-flight: calls, a form and a
    // marketplace pending.
    const t = new IntegryJS(cfg("u-soak"));
    await t.ready;
    const pending = [
      code(t.invokeFunction("open-meteo-get-forecast", { city })),
      code(t.showFunctionUI("open-meteo-get-forecast")),
      code(t.getApp("slack")),
    ];
    if (k % 2) await until(() => document.querySelector(".integry-modal"), "the short-lived form");
    t.destroy();
    for (const p of pending) {
      const c = await p;
      if (c !== "destroyed" && c !== "resolved") throw new Error("a call pending at destroy() settled " + c);
    }
    expect(await code(t.getApp("slack")), "destroyed", "a call after destroy()");
    calls += 5;
    await until(() => !document.querySelector(".integry-modal"), "the destroyed instance's modal to go");
    if (soakErrors.length) throw new Error(soakErrors.join("; "));
    return calls;
  };

  // soakStats is what the test compares: the Go side's counters (live
  // callbacks, goroutines, heap, the WebAssembly memory) and the loader's
  // (renderer nodes and listeners, pending promises).
  window.soakStats = async () => {
    // GCs, whose cleanups queue the frees of renderer nodes, then a flush
    // that applies them.
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      IntegryJS.__testing.stats();
    }
    await new Promise((r) => setTimeout(r, 100));
    IntegryJS.__testing.flush();
    return Object.assign(IntegryJS.__testing.stats(), {
      nodes: IntegryJS.__testing.nodes(), listeners: IntegryJS.__testing.listeners(), pending: IntegryJS.__testing.pending(),
    });
  };
})();

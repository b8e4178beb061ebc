// Type test: an app written against index.d.ts. `tsc --noEmit` must accept
// it; the lines marked @ts-expect-error must stay errors.
import IntegryDefault, { IntegryJS, Helpers, type IntegryError, type IntegryErrorCode, type CallResult } from "integry-wasm";

async function main(): Promise<void> {
  const hash = await Helpers.getAuthHash("user-1", "secret");
  const integry = new IntegryJS({ appKey: "k", hash, userId: "user-1", baseUrl: "http://127.0.0.1:8080", timeout: 10_000, retries: 0 });
  const same: typeof IntegryJS = IntegryDefault;
  void same;
  await integry.ready;
  integry.eventEmitter.on("ready", (p) => console.log(p.isReady));
  integry.eventEmitter.on("app-connected", (app) => console.log(app.connected_account_id, app.connected_accounts[0]?.modified_at));
  integry.eventEmitter.once("error", (e) => console.log(e.code));
  integry.eventEmitter.on("custom-event", (a: number, b: string) => console.log(a, b));
  integry.eventEmitter.emit("custom-event", 1, "two");
  integry.eventEmitter.unsub("ready", () => {});
  integry.eventEmitter.offAll();

  const verified = await integry.verifyAuthConfig();
  console.log(verified.config_verified, verified.meta.app.name);
  const connected: boolean = await integry.isAppConnected("slack");
  const accounts = await integry.getConnectedAccounts("slack");
  console.log(connected, accounts.map((a) => a.id));
  const app = await integry.getApp("slack");
  console.log(app.login_url);
  const id: string = await integry.connectApp("slack");
  const gone = await integry.disconnectApp("slack", id);
  console.log(gone.connected_accounts.length);
  const fn = await integry.getFunction("slack-post-message");
  console.log(fn.parameters.properties);
  const res: CallResult<{ ok: boolean }> = await integry.invokeFunction<{ ok: boolean }>("slack-post-message", { text: "hi", channel: "general" }, id);
  if ("network_code" in res) console.log(res.output.ok, res.next_page);
  else console.log(res.error, res.error_details);
  await integry.callFunction("slack-post-message", { text: "{t}" }, { t: "hello" }, id, null, false);
  for await (const page of integry.paginate<{ id: number }[]>("pipedrive-get-all-persons", { limit: 2 })) {
    console.log(page.output.map((p) => p.id));
  }
  await integry.showFunctionUI("slack-post-message", { channel: "general" });
  await integry.showApps({ renderMode: IntegryJS.MarketplaceRenderModes.INLINE, containerId: "apps", layout: IntegryJS.Layouts.WIDE });
  await integry.showApps(IntegryJS.RenderModes.INLINE, "apps");
  await integry.showApp("slack", IntegryJS.RenderModes.MODAL, undefined, IntegryJS.Layouts.NARROW);
  await integry.showConnectedAccounts("slack", IntegryJS.RenderModes.INLINE, "apps", IntegryJS.Layouts.NARROW);
  console.log(IntegryJS.SDK_VERSION, IntegryJS.RenderModes.MODAL);
  try {
    await integry.getApp("nope");
  } catch (err) {
    const e = err as IntegryError;
    const code: IntegryErrorCode = e.code;
    if (code === "app_not_found" || code === "destroyed") console.log(e.status, e.details);
  }
  integry.destroy();

  // @ts-expect-error appKey, hash and userId are required
  new IntegryJS({ baseUrl: "x" });
  // @ts-expect-error the ready payload has isReady, nothing else
  integry.eventEmitter.on("ready", (p) => p.nope);
  // @ts-expect-error not an error code
  const bad: IntegryErrorCode = "oops";
  void bad;
}
void main;

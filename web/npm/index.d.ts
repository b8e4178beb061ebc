// Type definitions for integry-wasm, written by hand. They follow
// @integry/sdk 4.9.37 for the methods it shares (same names, arguments and
// return shapes) and add what this SDK promises besides: the error codes,
// the event payloads, paginate(), ready and our config additions.

/** Every code an IntegryError can carry (kept equal to sdk.Codes() by a Go test). */
export type IntegryErrorCode =
  | "invalid_argument"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "app_not_found"
  | "function_not_found"
  | "no_login_required"
  | "not_connected"
  | "ambiguous_account"
  | "network_error"
  | "timeout"
  | "rate_limited"
  | "server_error"
  | "popup_blocked"
  | "connect_cancelled"
  | "connect_timeout"
  | "connect_failed"
  | "cancelled"
  | "destroyed"
  | "unsupported"
  | "internal";

/** What every promise of this SDK rejects with. Switch on `code`, never on `message`. */
export interface IntegryError extends Error {
  name: "IntegryError";
  code: IntegryErrorCode;
  /** The HTTP status, when the server answered. */
  status?: number;
  /** The server's JSON body (e.g. `{detail: "…"}`), when it said more than a message. */
  details?: unknown;
  /** The JavaScript error underneath (a failed fetch), if any. */
  cause?: unknown;
}

/** Thrown synchronously by `new IntegryJS(config)` and by eventEmitter methods on bad arguments. */
export interface IntegryTypeError extends TypeError {
  code: "invalid_argument";
}

export declare enum RenderModes {
  MODAL = "MODAL",
  INLINE = "INLINE",
}
export declare enum MarketplaceRenderModes {
  MODAL = "MODAL",
  INLINE = "INLINE",
}
export declare enum Layouts {
  NARROW = "COMPACT",
  WIDE = "COMFORTABLE",
}
export declare enum ViewStyles {
  COMPACT = "COMPACT",
  COMFORTABLE = "COMFORTABLE",
}
export declare enum TemplateFormRenderModes {
  MODAL = "MODAL",
  INLINE = "INLINE",
  DETACHED = "DETACHED",
  CUSTOM = "CUSTOM",
}

/** The constructor's config. appKey, hash and userId (or user.userId) are required. */
export interface IntegryConfig {
  appKey: string;
  /** HMAC-SHA256 of userId keyed with the app secret, lowercase hex; compute it on your server. */
  hash: string;
  userId?: string | number;
  user?: { userId: string | number; [key: string]: unknown };
  deploymentId?: string | number;
  /** Default https://app.integry.io. Trailing slashes are trimmed. */
  baseUrl?: string;
  /** Origin of the login pages; default baseUrl. */
  authBaseUrl?: string;
  /** Default https://api.integry.io. */
  baseAPIUrl?: string;
  /** Alias of baseAPIUrl; baseAPIUrl wins. */
  apiBaseUrl?: string;
  /** Accept-Language, lower-cased; default "en". */
  lang?: string;
  /** The official options: title (the showApps heading), tags (kept for flows), debug (logs each request on the console). */
  options?: { title?: string; tags?: (string | number)[]; debug?: boolean; [other: string]: unknown };
  /** Objects by name for templates' webhook-object fields (read only with options): a saved integration's event reports them as object and mappedObject. */
  payloads?: Record<string, unknown>;
  /** Per request, retries included, in milliseconds; default 30000. */
  timeout?: number;
  /** Retries of idempotent reads on network errors, 429 and 5xx; default 2, 0 for none. */
  retries?: number;
  /** The whole connectApp flow, in milliseconds; default 300000. */
  connectTimeout?: number;
  [other: string]: unknown;
}

export interface ConnectedAccount {
  id: number;
  display_name: string;
  /** ISO-8601 UTC. Accounts are sorted by modified_at, newest first. */
  modified_at: string;
}

export interface App {
  id: number;
  name: string;
  title: string;
  icon_url: string;
  docs_url: string;
  /** "" when the app needs no login. */
  login_url: string;
  allow_multiple_connected_accounts: boolean;
  connected_accounts: ConnectedAccount[];
}

/** The app-connected and app-disconnected payload, and what disconnectApp resolves. */
export interface AppEventPayload extends App {
  /** The account added (app-connected) or removed (app-disconnected). */
  connected_account_id: string;
}

export interface VerifyResult {
  config_verified: true;
  meta: { app: { name: string }; storage: Record<string, unknown>; [key: string]: unknown };
}

export interface JSONSchema {
  type?: "string" | "number" | "integer" | "boolean" | "null" | "array" | "object";
  description?: string;
  properties?: Record<string, JSONSchema>;
  required?: string[];
  items?: JSONSchema;
  enum?: unknown[];
  additionalProperties?: boolean | JSONSchema;
  meta?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A function signature, exactly as the server sent it (key order kept). */
export interface FunctionSignature {
  name: string;
  description: string;
  parameters: JSONSchema;
  arguments?: Record<string, unknown>;
  meta?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A call Integry executed (HTTP 200), even if the onward call failed: see network_code. */
export interface ExecutedCall<Output = unknown> {
  network_code: string;
  output: Output;
  /** Present for paginated functions; "" when there is no more. */
  next_page?: string;
}

/** A call Integry refused to execute (HTTP 400): a documented result, so it resolves. */
export interface RefusedCall {
  error: string;
  error_details: string[] | Record<string, string>;
}

export type CallResult<Output = unknown> = ExecutedCall<Output> | RefusedCall;

export interface ReadyPayload {
  isReady: true;
}

export interface DidRenderFunctionPayload {
  functionName: string;
  renderMode: RenderModes;
  containerId: string;
  chatBotUI: boolean;
  isReadOnly: boolean;
}

/** Payloads of the events this SDK emits. Any other name may be used with emit. */
export interface IntegryEventPayloads {
  ready: ReadyPayload;
  /** Verification failed. */
  error: IntegryError;
  "app-connected": AppEventPayload;
  "app-disconnected": AppEventPayload;
  "modal-closed": Record<string, never>;
  "did-render-function": DidRenderFunctionPayload;
  "did-remove-authorization": { authorizationId: number };
}

export type IntegryEventName = keyof IntegryEventPayloads;

export type IntegryEventHandler<E extends string> = E extends IntegryEventName
  ? (payload: IntegryEventPayloads[E]) => void
  : (...args: any[]) => void;

/** The instance's event emitter. Handlers run with `this` = null; one that throws is reported with console.error and the others still run. */
export interface IntegryEventEmitter {
  on<E extends string>(eventName: E, handler: IntegryEventHandler<E>): void;
  /** Runs handler once, then removes every registration of it for eventName. */
  once<E extends string>(eventName: E, handler: IntegryEventHandler<E>): void;
  /** Removes every registration of handler for eventName. */
  off<E extends string>(eventName: E, handler: IntegryEventHandler<E>): void;
  /** As documented by Integry: without a handler, removes every handler of eventName; with one, it is off. */
  unsub<E extends string>(eventName: E, handler?: IntegryEventHandler<E>): void;
  offAll(): void;
  emit<E extends string>(eventName: E, ...args: E extends IntegryEventName ? [IntegryEventPayloads[E]] : any[]): void;
  /** How many handlers eventName has, or all events together (ours; not in @integry/sdk). */
  listenerCount(eventName?: string): number;
}

export interface ShowFunctionOptions {
  params?: Record<string, unknown>;
  /** Your data: each text field gets a menu of its values as {key} tags. */
  payload?: Record<string, unknown>;
  connectedAccountId?: string;
  /** Also let the server map the payload onto the fields (sent as _variables). */
  autoMapPayload?: boolean;
  version?: string | null;
  allow_workspace_connected_accounts?: boolean;
  submitButtonText?: string;
  onChangeCallback?: (data: { fieldMachineName: string; value: unknown }) => void;
  hideSubmitButton?: boolean;
  hideFunctionTitle?: boolean;
  hiddenFields?: string[];
  visibleFields?: string[];
  isReadOnly?: boolean;
  /** Ours: aborting removes the form and rejects the call with code cancelled. */
  signal?: AbortSignal;
}

/**
 * Ours: where a container id is taken, the container node itself may be
 * given, an Element or a ShadowRoot to render inside it
 * (docs/protocol.md#surface-container).
 */
export type Container = string | Element | ShadowRoot;

export interface ShowAppsOptions {
  renderMode?: MarketplaceRenderModes | RenderModes;
  containerId?: Container;
  /** Ours: the container node (wins over a string containerId). */
  container?: Element | ShadowRoot;
  layout?: Layouts;
  fetchAll?: boolean;
  /** A "Load more" button instead of the default infinite scroll. */
  useLoadMoreButton?: boolean;
  /** The apps-only marketplace (no flows), as the official runtime. */
  authOnly?: boolean;
  /** Ours: aborting removes the marketplace with its listeners (a pending call rejects cancelled). */
  signal?: AbortSignal;
}

/** The official FunctionTool: a function as an LLM tool (docs/protocol.md#function-tools). */
export interface FunctionTool {
  json_schema: { type: "function"; function?: unknown };
  meta: {
    id?: number | string;
    version?: string | null;
    connected_account_id: string | number | null;
    form_page_machine_name: string | null;
    name?: string;
    title?: string;
    app_name?: string;
    app_icon_url?: string;
    ai_assisted_fields: string[];
    type?: string;
    activity_type?: string;
    endpoint_id?: number | string;
    session_id?: string;
  };
  default_arguments: Record<string, unknown>;
  parameters_visible_to_user: Record<string, unknown>;
}

/** The official initConfig of init and initializeMarketplace; ours reads containerId, renderMode, flowId and integrationId. */
export interface InitConfig {
  containerId: Container;
  renderMode: TemplateFormRenderModes | `${TemplateFormRenderModes}`;
  flowId?: number;
  integrationId?: number;
  [other: string]: unknown;
}

export interface AuthHelpers {
  /**
   * Lowercase hex HMAC-SHA256 of userId keyed with appSecret. The argument
   * order is the official runtime's (its typings say the opposite). For tests
   * and demos: an app secret must never reach a real page.
   */
  getAuthHash(userId: string | number, appSecret: string): Promise<string>;
  /** The tool with every parameter AI-assisted. Synchronous: throws code "unsupported" before the runtime loaded. */
  getFunctionTools(functionStructure: FunctionSignature | null | undefined): FunctionTool;
}

/** The official runtime's template tag for its own UI; ours always throws code "unsupported". */
export declare function html(strings: TemplateStringsArray, ...values: unknown[]): never;

export declare const Helpers: AuthHelpers;

export declare class IntegryJS {
  /** The version compiled into the wasm and the loader. */
  static SDK_VERSION: string;
  static RenderModes: typeof RenderModes;
  static MarketplaceRenderModes: typeof MarketplaceRenderModes;
  static Layouts: typeof Layouts;
  static ViewStyles: typeof ViewStyles;
  static TemplateFormRenderModes: typeof TemplateFormRenderModes;
  static Helpers: AuthHelpers;
  /** Throws code "unsupported" (docs/protocol.md#unsupported). */
  static html: typeof html;
  /** Types value into a rendered field (element ID, machine name or data-field), sending input and keyup. */
  static setFieldValue(fieldId: string, value: string): void;
  /** Starts loading the wasm now (optional); resolves when it is ready. */
  static load(): Promise<void>;

  /** Synchronous; throws an IntegryTypeError naming every missing credential. */
  constructor(config: IntegryConfig);

  eventEmitter: IntegryEventEmitter;
  /** Settles as the ready and error events do. */
  ready: Promise<ReadyPayload>;

  verifyAuthConfig(): Promise<VerifyResult>;
  isAppConnected(appName: string): Promise<boolean>;
  /** The bare array, newest first; [] when there is none. */
  getConnectedAccounts(appName: string): Promise<ConnectedAccount[]>;
  getApp(appName: string): Promise<App>;
  /** Opens the login popup; call it from a click handler. Resolves the new account's ID. */
  connectApp(appName: string): Promise<string>;
  /** Resolves once the account is gone (app-disconnected has fired). */
  disconnectApp(appName: string | undefined, connectedAccountId?: string | number): Promise<AppEventPayload>;
  getFunction(functionName: string): Promise<FunctionSignature>;
  invokeFunction<Output = unknown>(functionName: string, params: Record<string, unknown>, connectedAccountId?: string | number): Promise<CallResult<Output>>;
  callFunction<Output = unknown>(
    functionName: string,
    params: Record<string, unknown>,
    vars?: Record<string, unknown>,
    connectedAccountId?: string | number,
    version?: string | null,
    allow_workspace_connected_accounts?: boolean,
  ): Promise<CallResult<Output>>;
  /** Each page of a paginated function; stops on an empty next_page or an empty page. A refused call rejects. */
  paginate<Output = unknown>(functionName: string, params?: Record<string, unknown>, connectedAccountId?: string | number): AsyncIterableIterator<ExecutedCall<Output>>;
  showFunctionUI(functionName: string, functionArguments?: Record<string, unknown>, connectedAccountId?: string, isReadOnly?: boolean): Promise<Record<string, unknown>>;
  showFunction(functionName: string, options?: ShowFunctionOptions, renderMode?: RenderModes, containerId?: Container, chatBotUI?: boolean): Promise<Record<string, unknown>>;
  showApps(options?: ShowAppsOptions): Promise<void>;
  /** The positional form of Integry's render-modes page: showApps(IntegryJS.RenderModes.INLINE, "container"). */
  showApps(renderMode: RenderModes | MarketplaceRenderModes, containerId?: string, layout?: Layouts): Promise<void>;
  /** The app's page: its connected accounts, with connect, add account and disconnect. Resolves once it is on screen. */
  showApp(appName: string, renderMode?: RenderModes, containerId?: Container, layout?: Layouts): Promise<void>;
  showConnectedAccounts(appName: string, renderMode?: RenderModes, containerId?: Container, layout?: Layouts): Promise<void>;
  /** The flow setup form in flowContainerId; with integrationId it edits that integration. Resolves once it is on screen (docs/flows.md#ours). */
  renderFlowSetupForm(data: { flowId?: string | number; integrationId?: number | string; flowContainerId: Container; versionId?: number; viewStyle?: string }): Promise<void>;
  /** The flow setup form in a modal, or INLINE in options.containerId. Resolves once it is on screen. */
  setupIntegration(flowId: string | number, options?: { containerId?: Container; container?: Element | ShadowRoot; renderMode?: RenderModes; layout?: Layouts; integrationId?: number; params?: Record<string, string> }): Promise<void>;
  /** The flows list: each flow with Set up, and the user's integrations with a switch, Rename, Edit and Delete. Resolves once it is on screen. */
  showFlows(renderMode?: RenderModes, containerId?: Container, layout?: Layouts): Promise<void>;
  /** In containerId: the setup form of flowId or integrationId, else the flows list. */
  renderAppFlows(appFlowConfig: InitConfig): Promise<void>;
  /** Deletes a connected account by ID; emits did-remove-authorization. */
  removeAuthorization(data: { authorizationId: number | string }): Promise<{ status: number; data: unknown }>;
  /** The app with that ID: its accounts and Connect, in a modal. */
  renderAccountConnectionModal(data: { appId: number | string; deploymentId?: string; authTypeId?: number }): Promise<void>;
  /** The app's connected accounts in containerId; resolves once shown. */
  renderAppAuthorizations(options: { containerId: Container; appName: string; [other: string]: unknown }): Promise<void>;
  /** showApps({renderMode, containerId}); renderMode is required. */
  renderMarketplace(config: { containerId: Container; renderMode: MarketplaceRenderModes | `${MarketplaceRenderModes}`; apps?: unknown }): Promise<void>;
  /** The marketplace in containerId (renderAppFlows with flowId or integrationId, once this SDK has it). */
  init(initConfig: InitConfig): Promise<void>;
  initializeMarketplace(initConfig: InitConfig): Promise<void>;
  /** Merges userConfig into the instance's. */
  updateSdkUserConfig(config: { userConfig?: Record<string, unknown> }): void;
  /** Synchronous, as the official; throws code "unsupported" before the runtime loaded. */
  getFunctionTools(functionStructure: FunctionSignature | null | undefined): FunctionTool;
  /**
   * The form that sets a function up as an AI agent's tool, in containerId: an "AI filled" checkbox per field and Save.
   * onChange gets the tool (getFunctionTools' shape, with the account, ai_assisted_fields and default_arguments) on each Save;
   * onLoad gets it once. Resolves once on screen (docs/protocol.md#surface-function-form).
   */
  renderFunctionForm(options: {
    containerId?: Container; container?: Element | ShadowRoot; functionName: string; version?: string | null;
    value?: Partial<FunctionTool> | null; isReadOnly?: boolean;
    onChange?: (tool: FunctionTool) => void; onLoad?: (tool: FunctionTool) => void; [other: string]: unknown;
  }): Promise<void>;
  /** The page's field objects (a function parameter's shape, keyed by id or meta.machine_name) as a form in containerId; onChange(key, value) gets each change, typed. */
  renderFormFields(containerId: Container, fields: Array<Record<string, unknown>>, options?: {
    values?: Record<string, unknown>; onChange?: (key: string, value: unknown) => void; isReadOnly?: boolean; [other: string]: unknown;
  }): Promise<void>;
  /** One field: TEXTFIELD or TEXTAREA with a tag menu of activityOutputData (onChange(text) on each change), or a SELECT, RADIO or
   * CHECKBOX choice of the options endpointUrl holds as JSON (onChange(id, false, label) on each choice; CHECKBOX defaults to Yes "1" / No "0";
   * isEditable takes typed text; hideTabs: false adds activityOutputData's tags, each reported alone as onChange("{a.b}")).
   * Other types, and a choice without options, reject "invalid_argument" (docs/protocol.md#surface-multipurpose-field). */
  renderMultipurposeField(options: { containerId: Container; multipurposeFieldProps: {
    title?: string; description?: string; placeholder?: string; value?: string; type: string; fieldId?: string; isRequired?: boolean;
    regex?: string | null; regexErrorMessage?: string | null; isReadOnly?: boolean; activityOutputData?: Record<string, unknown>;
    endpointUrl?: string | Array<{ id: string | number; value?: string }>; isEditable?: boolean; allowTagsInText?: boolean; hideTabs?: boolean;
    onChange?: (value: string | number, passesRegexTest?: boolean, label?: string) => void; [other: string]: unknown;
  } }): Promise<void>;
  /** Unsupported: official flow-builder plumbing; each rejects with code "unsupported" (docs/protocol.md#unsupported). */
  renderPreview(...args: unknown[]): Promise<never>;
  renderFunctionField(...args: unknown[]): Promise<never>;
  renderFlowStep(...args: unknown[]): Promise<never>;
  renderMappingMenu(...args: unknown[]): Promise<never>;
  /** Rejects every pending promise with code "destroyed" and removes every handler. */
  destroy(): void;
  printVersion(): void;
}

export default IntegryJS;

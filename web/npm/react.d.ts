// Type definitions for integry-wasm/react, written by hand (react.js).
import type { ButtonHTMLAttributes, CSSProperties, ReactElement, ReactNode } from "react";
import type {
  App, AppEventPayload, CallResult, ConnectedAccount, FunctionSignature, IntegryConfig, IntegryError, IntegryJS, Layouts,
} from "./index.js";

export interface IntegryProviderProps {
  /** The IntegryJS config. The same values keep the instance; other values make a new one; null makes none yet. */
  config: IntegryConfig | null | undefined;
  children?: ReactNode;
}

/**
 * One IntegryJS instance for the components under it, made after mounting
 * (never during render, never on a server), kept through StrictMode's
 * simulated remount, destroyed on unmount.
 */
export declare function IntegryProvider(props: IntegryProviderProps): ReactElement;

/** The provider's instance; null until it exists (the first render, and on a server). Throws outside a provider. */
export declare function useIntegry(): IntegryJS | null;

export interface UseAppResult {
  /** The app with its accounts (newest first); null while loading. */
  app: App | null;
  accounts: ConnectedAccount[];
  connected: boolean;
  loading: boolean;
  /** The last failure: the fetch, a connect or a disconnect. */
  error: IntegryError | null;
  connecting: boolean;
  disconnecting: boolean;
  /** Opens the consent popup at once: call it straight from a click handler. Resolves the new account's ID. */
  connect(): Promise<string>;
  disconnect(connectedAccountId?: string | number): Promise<AppEventPayload>;
  refresh(): Promise<App>;
}

/** One app, kept live from the instance's app-connected and app-disconnected events. */
export declare function useApp(appName: string): UseAppResult;

export interface UseFunctionResult {
  signature: FunctionSignature | null;
  loading: boolean;
  error: IntegryError | null;
}

/** The function's signature. */
export declare function useFunction(name: string): UseFunctionResult;

export interface UseInvokeResult<Output = unknown> {
  /** Calls the function (page 1). Resolves the result, executed or refused; rejects as invokeFunction does. */
  invoke(params?: Record<string, unknown>, connectedAccountId?: string | number): Promise<CallResult<Output>>;
  /**
   * The next page: the last params with the last result's next_page, under the core's rules of paging.
   * Resolves null for an empty page, which ends paging (data keeps the last page). Rejects invalid_argument when there is none.
   */
  nextPage(): Promise<CallResult<Output> | null>;
  hasNextPage: boolean;
  /** 1 for invoke's result, then 2, 3… for nextPage's; 0 before any. */
  page: number;
  data: CallResult<Output> | null;
  error: IntegryError | null;
  loading: boolean;
}

/** Calls a function, with paging for paginated ones. */
export declare function useInvoke<Output = unknown>(name: string): UseInvokeResult<Output>;

/** "WIDE" or "NARROW" (any case), or a Layouts value. */
export type LayoutOption = "WIDE" | "NARROW" | "wide" | "narrow" | Layouts | `${Layouts}`;

interface HostProps {
  id?: string;
  className?: string;
  style?: CSSProperties;
}

export interface AppsMarketplaceProps extends HostProps {
  layout?: LayoutOption;
  authOnly?: boolean;
  fetchAll?: boolean;
  onError?: (error: IntegryError) => void;
}

/** The apps marketplace, inline in the React tree. */
export declare function AppsMarketplace(props: AppsMarketplaceProps): ReactElement;

export interface FunctionFormProps extends HostProps {
  /** The function's name, e.g. "slack-post-message". */
  name: string;
  /** Prefilled values. */
  params?: Record<string, unknown>;
  connectedAccountId?: string | number;
  version?: string;
  submitButtonText?: string;
  hideSubmitButton?: boolean;
  hideFunctionTitle?: boolean;
  hiddenFields?: string[];
  visibleFields?: string[];
  isReadOnly?: boolean;
  /** The typed values of a valid submit; a fresh form follows. */
  onSubmit?: (values: Record<string, unknown>) => void;
  /** When set, a Cancel button follows the form and calls it. */
  onCancel?: () => void;
  /** The Cancel button's text; by default the core's word in the instance's language. */
  cancelButtonText?: ReactNode;
  onError?: (error: IntegryError) => void;
}

/** A function's form, inline in the React tree. */
export declare function FunctionForm(props: FunctionFormProps): ReactElement;

export interface ConnectButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type" | "onClick" | "onError"> {
  app: string;
  /** The label; by default "Connect {App}", "Add a {App} account" or "{App} connected". */
  children?: ReactNode;
  /** The new connected account's ID. */
  onConnect?: (connectedAccountId: string) => void;
  onError?: (error: IntegryError) => void;
}

/** A button that connects an app; its click opens the consent popup at once. */
export declare function ConnectButton(props: ConnectButtonProps): ReactElement;

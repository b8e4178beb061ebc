// Type definitions for integry-wasm/elements, written by hand (elements.js).
import type { AppEventPayload, IntegryError, IntegryJS } from "./index.js";

/** The element names defineElements registers. */
export declare const TAGS: readonly ["integry-apps", "integry-app", "integry-function-form", "integry-connect-button"];

/** Registers the four elements (in registry, default the page's) and returns true; without a DOM it returns false. */
export declare function defineElements(registry?: CustomElementRegistry): boolean;

/** The instance of every element with none of its own or of an ancestor; null clears it. */
export declare function setDefault(instance: IntegryJS | null): void;
export declare function getDefault(): IntegryJS | null;

export interface IntegryElement extends HTMLElement {
  /** This element's instance (and its descendants'); null falls back to an ancestor's, then the default. */
  integry: IntegryJS | null;
}

/** <integry-apps layout auth-only fetch-all> */
export interface IntegryAppsElement extends IntegryElement {
  /** "wide", "narrow" or a Layouts value. */
  layout: string | null;
  authOnly: boolean;
  fetchAll: boolean;
}

/** <integry-app app> */
export interface IntegryAppElement extends IntegryElement {
  app: string | null;
}

/** <integry-function-form function …> */
export interface IntegryFunctionFormElement extends IntegryElement {
  function: string | null;
  /** The prefilled values (a property only). */
  params: Record<string, unknown> | null;
  connectedAccountId: string | null;
  version: string | null;
  submitButtonText: string | null;
  hideSubmitButton: boolean;
  hideFunctionTitle: boolean;
  /** Comma-separated in the attribute. */
  hiddenFields: string[];
  visibleFields: string[];
  isReadOnly: boolean;
  /** Shows a Cancel button that fires integry-cancel. */
  cancelable: boolean;
}

/** <integry-connect-button app> */
export interface IntegryConnectButtonElement extends IntegryElement {
  app: string | null;
}

/** The events the elements fire; all bubble and cross shadow roots. */
export interface IntegryElementEventMap {
  "integry-submit": CustomEvent<Record<string, unknown>>;
  "integry-cancel": CustomEvent<{ functionName: string | null }>;
  "integry-connected": CustomEvent<AppEventPayload>;
  "integry-disconnected": CustomEvent<AppEventPayload>;
  "integry-error": CustomEvent<IntegryError>;
}

declare global {
  interface HTMLElementTagNameMap {
    "integry-apps": IntegryAppsElement;
    "integry-app": IntegryAppElement;
    "integry-function-form": IntegryFunctionFormElement;
    "integry-connect-button": IntegryConnectButtonElement;
  }
  interface GlobalEventHandlersEventMap extends IntegryElementEventMap {}
}

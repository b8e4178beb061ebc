// integry-wasm loader: args.mjs (what the loader does to a call's arguments before Go reads them).
// web/loader/build.sh concatenates the loader's modules into one; see
// loader.mjs.

// takeSignal finds an options object with an AbortSignal among a call's
// arguments (showApps, showFunction, showApp…: {signal}), replaces that
// object with a copy without it (a signal does not cross into Go), and
// returns the signal. A last argument that held only the signal is
// dropped: any method takes a trailing {signal}, whatever its other
// optional arguments are.
export function takeSignal(args) {
  for (let i = 0; i < args.length; i++) {
    try {
      const o = args[i];
      if (o === null || typeof o !== "object" || Array.isArray(o) || !("signal" in o)) continue;
      const { signal, ...rest } = o;
      if (typeof AbortSignal === "undefined" || !(signal instanceof AbortSignal)) continue;
      if (i === args.length - 1 && Object.keys(rest).length === 0) args.length = i;
      else args[i] = rest;
      return signal;
    } catch (_) {
      // A hostile object (a throwing getter, a Proxy): Go refuses it.
    }
  }
  return null;
}

// CONTAINER_AT is where a method takes its containerId as an argument of
// its own; option objects name it containerId (flowContainerId for
// renderFlowSetupForm), or container.
const CONTAINER_AT = { showFunction: 3, showApp: 2, showConnectedAccounts: 2, showFlows: 1 };
// isNode never throws: instanceof runs a Proxy's getPrototypeOf trap.
function isNode(v) {
  try {
    return typeof Node !== "undefined" && v instanceof Node;
  } catch (_) {
    return false;
  }
}

// nameContainers replaces a page node given where a method takes a
// container id (an Element, or a ShadowRoot to render inside it) with the
// name the renderer knows it by (name), which Go uses as that id
// (docs/protocol.md#surface-container). An options object is copied, never
// changed; its container key becomes containerId.
export function nameContainers(method, args, name) {
  const at = CONTAINER_AT[method];
  if (at !== undefined && at < args.length && isNode(args[at])) args[at] = name(args[at]);
  for (let i = 0; i < args.length; i++) {
    try {
      const o = args[i];
      if (o === null || typeof o !== "object" || Array.isArray(o) || isNode(o)) continue;
      const c = isNode(o.container), id = isNode(o.containerId), flow = isNode(o.flowContainerId);
      if (!c && !id && !flow) continue;
      const { container, ...rest } = o;
      if (c && !id) rest.containerId = name(container);
      if (id) rest.containerId = name(o.containerId);
      if (flow) rest.flowContainerId = name(o.flowContainerId);
      args[i] = rest;
    } catch (_) {
      // A hostile object (a throwing getter, a Proxy): Go refuses it.
    }
  }
}

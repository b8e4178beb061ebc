// integry-wasm loader: emitter.mjs (an instance's eventEmitter).
// web/loader/build.sh concatenates the loader's modules into one; see
// loader.mjs.

import { configError } from "./errors.mjs";

// EventEmitter is an instance's eventEmitter, as in @integry/sdk: on
// appends, once runs a handler once and then removes every registration of
// it for that event (as off does), offAll clears everything. Handlers run in
// order with this = null; one that throws is reported on the console and the
// others still run. unsub, which the documentation promises, is off with a
// handler and removes every handler of the event without one.
export class EventEmitter {
  #handlers = new Map();
  #add(name, fn, once) {
    if (typeof name !== "string" || name === "") throw configError("eventEmitter: the event name must be a non-empty string");
    if (typeof fn !== "function") throw configError("eventEmitter: the handler must be a function");
    let list = this.#handlers.get(name);
    if (!list) this.#handlers.set(name, (list = []));
    list.push({ fn, once });
  }
  on(name, fn) { this.#add(name, fn, false); }
  once(name, fn) { this.#add(name, fn, true); }
  off(name, fn) {
    const list = this.#handlers.get(name);
    if (!list) return;
    const kept = list.filter((h) => h.fn !== fn);
    if (kept.length) this.#handlers.set(name, kept);
    else this.#handlers.delete(name);
  }
  // unsub(name) with no handler, as Integry's documentation writes it,
  // removes every handler of that event; with one it is off.
  unsub(name, fn) {
    if (fn === undefined) this.#handlers.delete(name);
    else this.off(name, fn);
  }
  offAll() { this.#handlers.clear(); }
  emit(name, ...args) {
    const list = this.#handlers.get(name);
    if (!list) return;
    for (const h of list.slice()) {
      if (h.once) this.off(name, h.fn);
      try {
        h.fn.apply(null, args);
      } catch (err) {
        console.error('integry: a "' + name + '" handler failed:', err);
      }
    }
  }
  // listenerCount is how many handlers name has, or all events together.
  listenerCount(name) {
    if (name !== undefined) return (this.#handlers.get(name) || []).length;
    let n = 0;
    for (const list of this.#handlers.values()) n += list.length;
    return n;
  }
}

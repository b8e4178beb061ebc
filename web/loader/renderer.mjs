// integry-wasm renderer: applies the DOM operations Go batches (ui/batch.go)
// in one call, and routes DOM events back to Go. See docs/design.md#rendering.
//
// An operation is an opcode followed by its arguments in one flat JSON array.
// Text goes in with textContent and values with setAttribute or the value
// property: nothing from a catalog is ever parsed as markup. Node ids above
// zero are nodes Go created; every node Go learns of otherwise (by id, the
// focused element, an event target) gets a fresh id below zero, never
// reused, and Go frees every id it stops holding (OP_FREE).
//
// The opcodes and the dispatch prefixes are named in internal/contract;
// contract.mjs is generated from it (web/loader/build.sh), never edited.
//
// Forms made here can never submit natively, whatever happens to Go: their
// own submit listener cancels the browser's default action first.

import { OP_CREATE, OP_ATTR, OP_REMOVE_ATTR, OP_TEXT, OP_APPEND, OP_REMOVE, OP_CLEAR, OP_VALUE, OP_CHECKED, OP_FOCUS, OP_LISTEN, OP_UNLISTEN, OP_FREE, Q_ATTR, Q_VALUE, Q_CHECKED, Q_BY_ID, Q_ACTIVE, Q_FOCUSABLES, Q_SAME, Q_BODY, Q_HEAD, Q_SCROLL, FIRST_QUERY, PAGE_NODE, DISPATCH_PREVENT, DISPATCH_GONE } from "./contract.mjs";

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), ' +
  'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function noSubmit(ev) { ev.preventDefault(); }

const twoFrames = (fn) => requestAnimationFrame(() => requestAnimationFrame(fn));

// createRenderer returns the DOM side of one Go program's host: apply,
// later and message are the host functions of the same names
// (jsbridge/host_js.go). dispatch(id, event, targetId) delivers an event to
// Go listener id and returns the operations it queued (prefixed with
// DISPATCH_PREVENT to prevent the default action); flush() returns the
// operations Go queued outside a listener.
export function createRenderer(dispatch, flush) {
  const nodes = new Map(); // id → Node
  const listeners = new Map(); // listener id → [target, type, fn]
  let adopted = 0;
  // Page nodes the page handed over as containers, by the name Go looks
  // them up with (Q_BY_ID): weakly, so a name never keeps a node alive.
  const named = new Map(); // name → WeakRef(node)
  const names = new WeakMap(); // node → name
  let nameSeq = 0;

  // name returns the name of a page node (an Element, a ShadowRoot) that Go
  // can use where it takes an element id (docs/protocol.md#surface-container).
  function name(node) {
    let k = names.get(node);
    if (k) return k;
    for (const [n, r] of named) if (!r.deref()) named.delete(n);
    k = PAGE_NODE + ++nameSeq;
    names.set(node, k);
    named.set(k, new WeakRef(node));
    return k;
  }

  function adopt(node) {
    if (!node) return 0;
    const id = --adopted;
    nodes.set(id, node);
    return id;
  }

  // deliver runs Go listener id for ev (a DOM event, a window message or
  // undefined for a timer) and renders what the listener changed.
  // DISPATCH_GONE says Go had already dropped the listener: nobody took the
  // target's id.
  function deliver(id, ev, target) {
    const out = dispatch(id, ev, target);
    if (typeof out !== "string" || out === "") return;
    let ops = out;
    if (ops[0] === DISPATCH_PREVENT) {
      if (ev) ev.preventDefault();
      ops = ops.slice(1);
    } else if (ops[0] === DISPATCH_GONE) {
      if (target < 0) nodes.delete(target);
      ops = ops.slice(1);
    }
    if (ops !== "") apply(ops);
  }

  // later(id, ms) fires listener id after ms (two animation frames when ms
  // is negative); id 0 asks for a flush once Go yields.
  function later(id, ms) {
    if (id === 0) {
      queueMicrotask(() => { const ops = flush(); if (ops) apply(ops); });
      return;
    }
    const run = () => deliver(id, undefined, 0);
    if (ms < 0) twoFrames(run);
    else setTimeout(run, ms);
  }

  // message(id, on) forwards the window's message events to listener id
  // while on.
  function message(id, on) {
    const l = listeners.get(id);
    if (l) {
      l[0].removeEventListener(l[1], l[2]);
      listeners.delete(id);
    }
    if (on) {
      const fn = (ev) => deliver(id, ev, 0);
      window.addEventListener("message", fn);
      listeners.set(id, [window, "message", fn]);
    }
  }

  // apply runs a batch and returns the answers of its queries (a JSON
  // array), or "" when it had none. One failing operation (a node removed by
  // the page, say) does not stop the others.
  function apply(text) {
    const ops = JSON.parse(text);
    let answers = null;
    let focus = null, focusId = 0; // focused at the end (see below)
    let firstNew = 0; // the first id this batch created (ids only grow)
    const answer = (v) => { (answers || (answers = [])).push(v); };
    // Children for <form> elements wait for the end of the batch (or the
    // next operation that could see them) and go in with one append:
    // Chromium associates every input inserted into a form with it, one
    // insertion at a time, which made a 500-field form quadratic (150-200 ms
    // of appendChild; 0.3 ms in one append).
    let held = null; // form → [children], in order
    let heldChild = null; // child → its form
    const release = () => {
      if (!held) return;
      for (const [form, kids] of held) form.append(...kids);
      held = heldChild = null;
    };
    for (let i = 0; i < ops.length;) {
      const op = ops[i++];
      if (held && (op === OP_REMOVE || op === OP_CLEAR || op >= FIRST_QUERY)) release();
      try {
        switch (op) {
          case OP_CREATE: { // create id tag
            const id = ops[i++], el = document.createElement(ops[i++]);
            if (!firstNew) firstNew = id;
            if (el.tagName === "FORM") el.addEventListener("submit", noSubmit, true);
            nodes.set(id, el);
            break;
          }
          case OP_ATTR: { const n = nodes.get(ops[i++]), k = ops[i++], v = ops[i++]; if (n) n.setAttribute(k, v); break; }
          case OP_REMOVE_ATTR: { const n = nodes.get(ops[i++]), k = ops[i++]; if (n) n.removeAttribute(k); break; }
          case OP_TEXT: { const n = nodes.get(ops[i++]), t = ops[i++]; if (n) n.textContent = t; break; }
          case OP_APPEND: { // append parent child
            const p = nodes.get(ops[i++]), c = nodes.get(ops[i++]);
            if (!p || !c) break;
            if (heldChild && heldChild.has(c)) {
              const kids = held.get(heldChild.get(c));
              kids.splice(kids.indexOf(c), 1);
              heldChild.delete(c);
            }
            if (p.tagName === "FORM") {
              if (!held) { held = new Map(); heldChild = new Map(); }
              if (!held.has(p)) held.set(p, []);
              held.get(p).push(c);
              heldChild.set(c, p);
            } else {
              p.appendChild(c);
            }
            break;
          }
          case OP_REMOVE: { const n = nodes.get(ops[i++]); if (n) n.remove(); break; }
          case OP_CLEAR: { const n = nodes.get(ops[i++]); if (n) n.replaceChildren(); break; }
          case OP_VALUE: { const n = nodes.get(ops[i++]), v = ops[i++]; if (n) n.value = v; break; }
          case OP_CHECKED: { const n = nodes.get(ops[i++]), v = ops[i++]; if (n) n.checked = !!v; break; }
          case OP_FOCUS: { const id = ops[i++], n = nodes.get(id); if (n) { focus = n; focusId = id; } break; }
          case OP_LISTEN: { // listen id type listener
            const n = nodes.get(ops[i++]), type = ops[i++], lid = ops[i++];
            if (n) {
              const fn = (ev) => deliver(lid, ev, adopt(ev.target));
              n.addEventListener(type, fn);
              listeners.set(lid, [n, type, fn]);
            }
            break;
          }
          case OP_UNLISTEN: { // unlisten id type listener
            i += 2;
            const lid = ops[i++], l = listeners.get(lid);
            if (l) {
              l[0].removeEventListener(l[1], l[2]);
              listeners.delete(lid);
            }
            break;
          }
          case OP_FREE: nodes.delete(ops[i++]); break;
          case Q_ATTR: { const n = nodes.get(ops[i++]), k = ops[i++]; answer(n ? n.getAttribute(k) : null); break; }
          case Q_VALUE: { const n = nodes.get(ops[i++]); answer(n && typeof n.value === "string" ? n.value : ""); break; }
          case Q_CHECKED: { const n = nodes.get(ops[i++]); answer(!!(n && n.checked)); break; }
          case Q_BY_ID: { const k = ops[i++], r = named.get(k); answer(adopt(r ? r.deref() : document.getElementById(k))); break; }
          case Q_ACTIVE: { // the focus inside shadow roots too (a modal in one: docs/protocol.md#surface-container)
            let a = document.activeElement;
            while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
            answer(adopt(a));
            break;
          }
          case Q_FOCUSABLES: {
            const n = nodes.get(ops[i++]), out = [];
            if (n) for (const el of n.querySelectorAll(FOCUSABLE)) if (!el.closest("[hidden]")) out.push(adopt(el));
            answer(out);
            break;
          }
          case Q_SAME: { const a = nodes.get(ops[i++]), b = nodes.get(ops[i++]); answer(a !== undefined && a === b); break; }
          case Q_BODY: answer(adopt(document.body)); break;
          case Q_HEAD: answer(adopt(document.head)); break;
          case Q_SCROLL: { // id → what the content reaches below the visible part, in CSS pixels
            const n = nodes.get(ops[i++]);
            answer(n ? Math.max(0, Math.round(n.scrollHeight - n.scrollTop - n.clientHeight)) : 0);
            break;
          }
          default: throw new Error("integry renderer: unknown operation " + op);
        }
      } catch (err) {
        if (String(err && err.message).startsWith("integry renderer:")) throw err;
        console.error("integry: a DOM operation failed:", err);
      }
    }
    release();
    if (focus) {
      // focus() needs an up-to-date layout. Focusing an element this batch
      // created (the first field of a new form) would force the layout of
      // everything new before the first paint (70 ms for a 500-field
      // form): it waits until the frame is painted. Focusing an element
      // that was already there (a combobox after its chips changed, Tab
      // kept inside a dialog) is immediate, so nothing moves after the
      // person sees it. A deferred focus never steals it back: if the user
      // (or the page) moved the focus in between, it stays where they put it.
      const target = focus, was = document.activeElement;
      const now = (late) => {
        if (late && document.activeElement !== was) return;
        try { if (target.isConnected) target.focus(); } catch (err) { console.error("integry: a DOM operation failed:", err); }
      };
      if (firstNew && focusId >= firstNew) requestAnimationFrame(() => setTimeout(now, 0, true));
      else now(false);
    }
    return answers ? JSON.stringify(answers) : "";
  }

  // teardown removes what Go put in the page (open modals, inline forms and
  // marketplaces) and every listener, window messages included: the runtime
  // behind them is gone.
  function teardown() {
    for (const [, [n, type, fn]] of listeners) n.removeEventListener(type, fn);
    listeners.clear();
    const created = new Set();
    for (const [id, n] of nodes) if (id > 0) created.add(n);
    for (const n of created) if (n.isConnected && !created.has(n.parentNode)) n.remove();
    nodes.clear();
  }

  return { apply, later, message, teardown, name, size: () => nodes.size, listening: () => listeners.size };
}

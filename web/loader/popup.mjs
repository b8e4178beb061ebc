// integry-wasm loader: popup.mjs (the connect window, the one place that opens popups).
// web/loader/build.sh concatenates the loader's modules into one; see
// loader.mjs.

// openPopup opens the connect window: 800×600, centred on the top window,
// browser chrome off, as the official SDK's. It is the one place that opens
// popups; connectApp calls it inside the page's click, and Go asks for it
// (host.popup) inside a click on a Connect button it rendered.
export function openPopup() {
  const w = 800, h = 600;
  let features = "toolbar=no, location=no, directories=no, status=no, menubar=no, scrollbars=no, resizable=no, copyhistory=no, width=" + w + ", height=" + h;
  try {
    if (window.self === window.top) {
      const t = window.top;
      features += ", top=" + (t.outerHeight / 2 + t.screenY - h / 2) + ", left=" + (t.outerWidth / 2 + t.screenX - w / 2);
    }
  } catch (_) { /* a cross-origin top: no position */ }
  let win = null;
  try {
    win = window.open("about:blank", "Auth Window", features);
  } catch (_) {
    try { win = window.open("about:blank", "Auth Window"); } catch (_) { win = null; }
  }
  if (win) {
    try {
      win.document.title = "Connecting…";
      win.document.body.style.cssText = "font: 16px system-ui, sans-serif; display: grid; place-items: center; height: 100vh; margin: 0; color: #333";
      win.document.body.textContent = "Connecting…";
    } catch (_) { /* not ours to write */ }
  }
  return win;
}

// integry-wasm loader: errors.mjs (the errors every part of the loader throws or rejects with).
// web/loader/build.sh concatenates the loader's modules into one; see
// loader.mjs.

// integryError is every error the SDK rejects with: name IntegryError, a
// stable code, and status (HTTP), details (the server's body) and cause
// when there are some.
export function integryError(code, message, cause, status, details) {
  const e = cause === undefined ? new Error(message) : new Error(message, { cause });
  e.name = "IntegryError";
  e.code = code;
  if (status !== undefined) e.status = status;
  if (details !== undefined) e.details = details;
  return e;
}

// configError is the TypeError of a bad config or a bad emitter argument,
// with code invalid_argument.
export function configError(message) {
  const e = new TypeError(message);
  e.code = "invalid_argument";
  return e;
}


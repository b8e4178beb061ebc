// integry-wasm loader: config.mjs (the constructor's config, checked and normalised for Go; the one place that validates it).
// web/loader/build.sh concatenates the loader's modules into one; see
// loader.mjs.

import { configError } from "./errors.mjs";

// text reads a config value that may be a string or a finite number (the
// official SDK applies String() to userId); bad collects the names of
// values of any other type.
function text(v, name, bad) {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  bad.push(name);
  return "";
}

function httpURL(s) {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.host !== "";
  } catch (_) {
    return false;
  }
}

// checkConfig validates the constructor's config and returns it normalised
// for Go: every missing credential and every bad value named at once, in a
// TypeError with code invalid_argument. A config that throws when read (a
// getter, a Proxy) is such a TypeError too, with what it threw as cause.
export function checkConfig(c) {
  try {
    return readConfig(c);
  } catch (err) {
    if (err instanceof TypeError && err.code === "invalid_argument") throw err;
    const e = new TypeError("IntegryJS: the config could not be read", { cause: err });
    e.code = "invalid_argument";
    throw e;
  }
}

function readConfig(c) {
  if (c === null || typeof c !== "object") {
    throw configError("IntegryJS: the config must be an object with appKey, hash and userId");
  }
  const bad = [];
  let uid = c.userId;
  if (uid === undefined || uid === null || uid === "") {
    const u = c.user;
    uid = u !== null && typeof u === "object" ? u.userId : undefined;
  }
  const out = {
    appKey: text(c.appKey, "appKey", bad), hash: text(c.hash, "hash", bad), userId: text(uid, "userId", bad),
    deploymentId: text(c.deploymentId, "deploymentId", bad), lang: text(c.lang, "lang", bad),
    baseUrl: text(c.baseUrl, "baseUrl", bad), authBaseUrl: text(c.authBaseUrl, "authBaseUrl", bad),
    apiBaseUrl: text(c.baseAPIUrl, "baseAPIUrl", bad) || text(c.apiBaseUrl, "apiBaseUrl", bad),
  };
  // options (or userConfig, which the official runtime reads when options
  // is absent): title, tags and debug (docs/protocol.md#surface-options).
  const o = c.options !== null && typeof c.options === "object" ? c.options
    : c.userConfig !== null && typeof c.userConfig === "object" ? c.userConfig : null;
  if (o) {
    out.title = text(o.title, "options.title", bad);
    if (o.tags !== undefined && o.tags !== null) {
      if (!Array.isArray(o.tags) || o.tags.some((t) => typeof t !== "string" && !(typeof t === "number" && Number.isFinite(t)))) bad.push("options.tags");
      else out.tags = o.tags.map(String).join("\n"); // Go reads strings and numbers only
    }
    out.debug = o.debug ? 1 : 0;
    // payloads: the objects of templates' webhook fields, copied only with
    // options, as the official constructor does (docs/flows.md#payloads).
    if (o === c.options && c.payloads) {
      try { out.objects = JSON.stringify(c.payloads); } catch { bad.push("payloads"); }
    }
  }
  // user variables: user.apiKey, and the user's other members as one JSON
  // object, as the official runtime keeps them (docs/flows.md#user-variables).
  if (c.user !== null && typeof c.user === "object") {
    const { userId: _, apiKey, ...extras } = c.user;
    out.selfApiKey = String(apiKey || "");
    out.selfExtras = JSON.stringify(extras);
    out.selfValues = Object.keys(extras).filter((k) => extras[k]).join("\n"); // the ones with a value
  }
  const missing = ["appKey", "hash", "userId"].filter((k) => out[k].trim() === "" && !bad.includes(k));
  for (const [k, name] of [["baseUrl", "baseUrl"], ["authBaseUrl", "authBaseUrl"], ["apiBaseUrl", "baseAPIUrl"]]) {
    if (out[k] !== "" && !httpURL(out[k].trim())) bad.push(name);
  }
  for (const k of ["timeout", "connectTimeout"]) {
    const v = c[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !(v >= 0 && v <= 24 * 3600 * 1000)) bad.push(k);
    else out[k] = v;
  }
  if (c.retries !== undefined && c.retries !== null) {
    const v = c.retries;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 10) bad.push("retries");
    else out.retries = v;
  }
  const msg = [];
  if (missing.length) msg.push("missing " + missing.join(", "));
  if (bad.length) msg.push("invalid " + bad.join(", "));
  if (msg.length) throw configError("IntegryJS config: " + msg.join("; "));
  return out;
}

/**
 * JSON paths and value previews for patch error messages: `patch.nodes[3].params.angle`,
 * `got "fast"`.
 */

/** Keys that read well after a dot; anything else is written as `["a key"]`. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Appends one key or index to a path: `pathKey("patch.nodes", 3)` is `patch.nodes[3]`. */
export function pathKey(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  return PLAIN_KEY.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** Formats a path of keys below `root`: `["nodes", 3, "id"]` → `patch.nodes[3].id`. */
export function formatPath(keys: readonly PropertyKey[], root = "patch"): string {
  let path = root;
  for (const key of keys) {
    path = pathKey(path, typeof key === "symbol" ? String(key) : key);
  }
  return path;
}

const PREVIEW_LENGTH = 40;

/** A short JSON preview of a received value for messages, truncated to about 40 characters. */
export function preview(value: unknown): string {
  if (value === undefined) return "nothing";
  let text: string;
  try {
    text = JSON.stringify(value) ?? typeof value;
  } catch {
    text = typeof value;
  }
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
}

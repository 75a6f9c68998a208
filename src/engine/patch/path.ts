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

/** A control character (U+0000–U+001F, U+007F): a newline, a tab, an escape… */
const isControl = (code: number) => code < 0x20 || code === 0x7f;

/** True when `s` holds a control character. */
export function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isControl(s.charCodeAt(i))) return true;
  return false;
}

/** `s` with each control character written as its JSON escape (`\n`, `\u0001`): one line. */
export function escapeControlChars(s: string): string {
  if (!hasControlChars(s)) return s;
  let out = "";
  for (const ch of s) out += isControl(ch.charCodeAt(0)) ? JSON.stringify(ch).slice(1, -1) : ch;
  return out;
}

/** The longest line an error message holds; past it a quoted value is cut (the start is kept). */
export const MAX_MESSAGE_LINE = 1000;

/**
 * `line` cut to {@link MAX_MESSAGE_LINE} characters, saying how much was left out: a message
 * quoting a user's 100 kB string stays a line a person can read (and a refusal stays small).
 */
export function clipLine(line: string): string {
  if (line.length <= MAX_MESSAGE_LINE) return line;
  return `${line.slice(0, MAX_MESSAGE_LINE)}… (${(line.length - MAX_MESSAGE_LINE).toLocaleString("en-US")} more characters)`;
}

/**
 * An error message listing problems one per line (`line` writes one): the first `max`, each cut
 * by {@link clipLine},
 * then a line counting the rest ("… and 26541 more problems"). A hostile file can have hundreds
 * of thousands of problems; the message stays readable and its size bounded.
 */
export function listProblems<T>(
  items: readonly T[],
  max: number,
  line: (item: T) => string,
): string {
  const listed = items.slice(0, max).map((item) => clipLine(line(item)));
  const more = items.length - listed.length;
  if (more > 0) listed.push(`… and ${more} more problem${more === 1 ? "" : "s"}`);
  return listed.join("\n");
}

/** The most characters of a name or id a message quotes; a longer one is cut ("…"). */
const MAX_QUOTED_NAME = 200;

/**
 * `name` (a node id, a subpatch name…) as a message quotes it, in double quotes: control
 * characters escaped and a hostile 100 kB id cut to its first 200 characters, so the rest of
 * the message still reads on one line.
 */
export function quoteName(name: string): string {
  const cut =
    name.length > MAX_QUOTED_NAME
      ? `${name.slice(0, MAX_QUOTED_NAME)}… (${name.length} characters)`
      : name;
  return `"${escapeControlChars(cut)}"`;
}

/**
 * A message wrapping another error's (`node "x" (Type): …`): each line cut by
 * {@link clipLine}, and past `max` lines the rest counted, as {@link listProblems} does.
 */
export function clipLines(message: string, max = 50): string {
  return listProblems(message.split("\n"), max, (line) => line);
}

/**
 * Share links: a patch carried in a URL fragment, `#patch=` + base64url (no padding) of the raw
 * DEFLATE of the patch's canonical JSON (docs/patch-format.md, "Share links"). Pure: runs in
 * Node and the browser. Decoding is bounded: the fragment's length is checked before anything
 * is decoded, and inflation stops at {@link MAX_SHARED_PATCH_BYTES}.
 */
import { deflateSync, Inflate } from "fflate";
import { parsePatch } from "../../engine/patch/parse";
import type { NodeRegistry } from "../../engine/patch/registry";
import type { Patch } from "../../engine/patch/schema";
import { serializePatch } from "../../engine/patch/serialize";

/** What a share fragment starts with (after the `#`). */
export const SHARE_PREFIX = "patch=";

/** The longest link Share makes, in characters: mail, chat and browsers all carry this much. */
export const MAX_SHARE_LINK_LENGTH = 8000;

/** The most patch JSON a link may inflate to (a link is never a decompression bomb). */
export const MAX_SHARED_PATCH_BYTES = 1024 * 1024;

// Base64url of deflated data that inflates to at most MAX_SHARED_PATCH_BYTES: deflate's
// worst case is stored blocks (5 bytes per 64 KiB), so anything longer is refused unread.
const MAX_PAYLOAD_CHARS = Math.ceil(((MAX_SHARED_PATCH_BYTES * 1.001 + 1024) * 4) / 3);

// Input is fed to the inflater in slices this big, so a bomb overshoots the limit by at most
// ~1 MB (DEFLATE expands one byte to at most 258 × 8 bytes) before it is stopped.
const INFLATE_SLICE = 512;

/** A share link that cannot be made or opened; the message says what failed, in one line. */
export class ShareLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShareLinkError";
  }
}

/** True when a URL's `hash` (with or without its `#`) carries a shared patch. */
export const isShareFragment = (hash: string): boolean =>
  hash.replace(/^#/, "").startsWith(SHARE_PREFIX);

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const bad = /[^A-Za-z0-9_-]/.exec(text);
  if (bad) {
    throw new ShareLinkError(
      `the link is not base64url: ${JSON.stringify(bad[0])} at character ${bad.index + 1} of the patch data`,
    );
  }
  if (text.length % 4 === 1) {
    throw new ShareLinkError(`the link is not base64url: ${text.length} characters is cut short`);
  }
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Inflates raw DEFLATE `data`, refusing output past `limit` bytes and truncated streams. */
export function inflateBounded(data: Uint8Array, limit = MAX_SHARED_PATCH_BYTES): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let i = 0; i < data.length && size <= limit; i += INFLATE_SLICE) {
      const end = Math.min(i + INFLATE_SLICE, data.length);
      inflate.push(data.subarray(i, end), end === data.length);
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ShareLinkError(`the link's patch data is not raw DEFLATE: ${reason}`);
  }
  if (size > limit) {
    throw new ShareLinkError(
      `the link's patch inflates past ${limit / (1024 * 1024)} MB; no shared patch is that big`,
    );
  }
  if (!ended || data.length === 0) {
    throw new ShareLinkError("the link's patch data is not raw DEFLATE: it ends too early");
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The fragment (without `#`) that carries `patch`: `patch=` + base64url(deflateRaw(JSON)). */
export function encodeShareFragment(patch: Patch): string {
  const json = new TextEncoder().encode(serializePatch(patch));
  return SHARE_PREFIX + toBase64Url(deflateSync(json, { level: 9 }));
}

/**
 * The share link of `patch` on the page at `base` (its fragment replaced). Throws a
 * ShareLinkError when the link would be longer than {@link MAX_SHARE_LINK_LENGTH}, saying why
 * (embedded audio) and what to do instead.
 */
export function shareLink(patch: Patch, base: string): string {
  const url = `${base.replace(/#.*$/, "")}#${encodeShareFragment(patch)}`;
  if (url.length <= MAX_SHARE_LINK_LENGTH) return url;
  const embedded = Object.entries(patch.assets ?? {}).filter(([, a]) => a.kind === "embedded");
  const why = embedded.length
    ? `it embeds audio (${embedded.map(([id]) => `"${id}"`).join(", ")})`
    : "the patch is too big";
  throw new ShareLinkError(
    `no share link: ${why}, making a ${url.length}-character link (at most ${MAX_SHARE_LINK_LENGTH}); share an exported bundle instead`,
  );
}

/**
 * The patch a share fragment carries (with or without its `#`), through the same migrations and
 * checks as a patch file. Throws a ShareLinkError naming what failed: the prefix, base64url,
 * DEFLATE, the size limit, UTF-8, or the patch's first problem (with its JSON path).
 */
export function decodeShareFragment(fragment: string, registry: NodeRegistry): Patch {
  const body = fragment.replace(/^#/, "");
  if (!body.startsWith(SHARE_PREFIX)) {
    throw new ShareLinkError(`the link does not carry a patch: expected "#${SHARE_PREFIX}…"`);
  }
  const payload = body.slice(SHARE_PREFIX.length);
  if (payload.length === 0) throw new ShareLinkError("the link's patch data is empty");
  if (payload.length > MAX_PAYLOAD_CHARS) {
    throw new ShareLinkError(
      `the link's patch data is ${payload.length} characters, more than any patch of at most ${MAX_SHARED_PATCH_BYTES / (1024 * 1024)} MB needs`,
    );
  }
  const json = inflateBounded(fromBase64Url(payload));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(json);
  } catch {
    throw new ShareLinkError("the link's patch is not UTF-8 text");
  }
  try {
    return parsePatch(text, registry);
  } catch (err) {
    const lines = (err instanceof Error ? err.message : String(err)).split("\n");
    const more = lines.length > 1 ? ` (and ${lines.length - 1} more problems)` : "";
    throw new ShareLinkError(`the link's patch is invalid: ${lines[0]}${more}`);
  }
}

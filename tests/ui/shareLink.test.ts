import { readdirSync, readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deflateSync } from "fflate";
import { nodeRegistry } from "../../src/nodes";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import {
  decodeShareFragment,
  encodeShareFragment,
  inflateBounded,
  isShareFragment,
  MAX_SHARE_LINK_LENGTH,
  MAX_SHARED_PATCH_BYTES,
  shareLink,
  ShareLinkError,
} from "../../src/ui/share/shareLink";
import { validPatch } from "../patch/arbitraries";
import { registry } from "../patch/fixtures";
import { example } from "./helpers";
import { embedWav } from "../../src/ui/model/audioDrop";
import { encodeWav } from "../../src/dsp/wav";

const EXAMPLES = new URL("../../examples/", import.meta.url);
const exampleNames = readdirSync(EXAMPLES).filter((f) => f.endsWith(".patch.json"));
const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const fragmentOf = (bytes: Uint8Array) => `#patch=${b64url(bytes)}`;
const decode = (fragment: string) => () => decodeShareFragment(fragment, nodeRegistry);

describe("share links", () => {
  it.each(exampleNames)("round-trips %s byte for byte, within the link length", (name) => {
    const patch = parsePatch(readFileSync(new URL(name, EXAMPLES), "utf8"), nodeRegistry);
    const fragment = encodeShareFragment(patch);
    expect(fragment).toMatch(/^patch=[A-Za-z0-9_-]+$/);
    const back = decodeShareFragment(`#${fragment}`, nodeRegistry);
    expect(serializePatch(back)).toBe(serializePatch(patch));
    expect(shareLink(patch, "https://example.org/app/").length).toBeLessThanOrEqual(
      MAX_SHARE_LINK_LENGTH,
    );
  });

  it("round-trips random valid patches", () => {
    fc.assert(
      fc.property(validPatch, (patch) => {
        const back = decodeShareFragment(encodeShareFragment(patch), registry);
        expect(back).toEqual(patch);
      }),
      { numRuns: 200 },
    );
  });

  it("opens a link made by an independent recipe (Node's zlib and base64url)", () => {
    const text = readFileSync(new URL("effect-transfer.patch.json", EXAMPLES), "utf8");
    const fragment = fragmentOf(deflateRawSync(Buffer.from(text, "utf8")));
    expect(isShareFragment(fragment)).toBe(true);
    const patch = decodeShareFragment(fragment, nodeRegistry);
    expect(serializePatch(patch)).toBe(serializePatch(example("effect-transfer")));
    // Not the canonical text: any patch file the app reads will do (reordered keys, no indent).
    const compact = JSON.stringify(JSON.parse(text));
    const back = decodeShareFragment(fragmentOf(deflateRawSync(compact)), nodeRegistry);
    expect(back).toEqual(example("effect-transfer"));
  });

  it("makes a link on the page's address, replacing its fragment", () => {
    const link = shareLink(example("reconstruct"), "http://localhost:5173/?buffer=20#old");
    expect(link.startsWith("http://localhost:5173/?buffer=20#patch=")).toBe(true);
    const back = decodeShareFragment(new URL(link).hash, nodeRegistry);
    expect(back).toEqual(example("reconstruct"));
  });

  it("refuses a patch that embeds audio, naming the asset and offering the bundle", () => {
    const patch = example("reconstruct");
    // Half a second of noise, as a recording would be: nothing for DEFLATE to squeeze.
    let seed = 1;
    const noise = Float32Array.from({ length: 8000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    });
    const sound = embedWav("noise.wav", encodeWav([noise], 16000, "pcm16")).entry;
    const withAudio = { ...patch, assets: { ...patch.assets, tone: sound } };
    expect(() => shareLink(withAudio, "http://localhost/")).toThrow(ShareLinkError);
    expect(() => shareLink(withAudio, "http://localhost/")).toThrow(
      /no share link: it embeds audio \("tone"\), making a \d+-character link \(at most 8000\); share an exported bundle instead/,
    );
  });

  it("refuses a fragment that is not a share link, or empty", () => {
    expect(isShareFragment("#section-2")).toBe(false);
    expect(decode("#section-2")).toThrow('the link does not carry a patch: expected "#patch=…"');
    expect(decode("#patch=")).toThrow("the link's patch data is empty");
  });

  it("refuses bad base64url, naming the character", () => {
    expect(decode("#patch=abc$def")).toThrow(
      'the link is not base64url: "$" at character 4 of the patch data',
    );
    expect(decode("#patch=abc+/")).toThrow('the link is not base64url: "+" at character 4');
    expect(decode("#patch=abcde")).toThrow("the link is not base64url: 5 characters is cut short");
  });

  it("refuses data that is not raw DEFLATE, or cut short", () => {
    const good = deflateRawSync(Buffer.from(serializePatch(example("reconstruct"))));
    expect(decode(fragmentOf(good.subarray(0, good.length - 8)))).toThrow(
      /^the link's patch data is not raw DEFLATE: unexpected EOF/,
    );
    expect(decode(fragmentOf(new Uint8Array([0xff, 0xff, 0xff, 0xff])))).toThrow(
      /^the link's patch data is not raw DEFLATE: /,
    );
  });

  it("stops inflating a bomb at the size limit", () => {
    const bomb = deflateSync(new Uint8Array(50 * 1024 * 1024).fill(32), { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    expect(decode(fragmentOf(bomb))).toThrow(
      "the link's patch inflates past 1 MB; no shared patch is that big",
    );
    expect(() => inflateBounded(bomb, 1000)).toThrow(/inflates past/);
    expect(inflateBounded(deflateSync(new Uint8Array(1000)), 1000)).toHaveLength(1000);
  });

  it("refuses an overlong fragment before decoding it", () => {
    const long = `#patch=${"A".repeat(Math.ceil((MAX_SHARED_PATCH_BYTES * 4) / 3) + 4000)}`;
    expect(decode(long)).toThrow(/^the link's patch data is \d+ characters, more than any patch/);
  });

  it("refuses text that is not UTF-8, or not a valid patch, saying what failed", () => {
    expect(decode(fragmentOf(deflateRawSync(Buffer.from([0xc3, 0x28]))))).toThrow(
      "the link's patch is not UTF-8 text",
    );
    expect(decode(fragmentOf(deflateRawSync("{ nope")))).toThrow(
      /^the link's patch is invalid: patch: not valid JSON/,
    );
    const gone = JSON.stringify({
      format: "latent-patcher.patch",
      version: 1,
      name: "x",
      nodes: [{ id: "a", type: "Gone" }],
      connections: [],
    });
    expect(decode(fragmentOf(deflateRawSync(gone)))).toThrow(
      /^the link's patch is invalid: patch\.nodes\[0\]\.type: /,
    );
    const future = JSON.stringify({ format: "latent-patcher.patch", version: 99, name: "x" });
    expect(decode(fragmentOf(deflateRawSync(future)))).toThrow(
      /^the link's patch is invalid: patch\.version: /,
    );
  });

  it("gives one-line messages, counting further problems", () => {
    const two = JSON.stringify({
      format: "latent-patcher.patch",
      version: 1,
      name: "x",
      nodes: [
        { id: "a", type: "Gone" },
        { id: "b", type: "Missing" },
      ],
      connections: [],
    });
    try {
      decodeShareFragment(fragmentOf(deflateRawSync(two)), nodeRegistry);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ShareLinkError);
      expect((err as Error).message).not.toContain("\n");
      expect((err as Error).message).toMatch(/\(and 1 more problems\)$/);
    }
  });
});

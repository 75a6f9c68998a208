/**
 * The limits on values inside a raw patch: embedded sounds (base64 length, per asset and in
 * all) and list parameters (Curve points, numbers). Run before the schema, on every node written
 * in the file, so that nothing large is copied or validated before it is refused.
 */
import { patchError } from "./errors";
import {
  MAX_CURVE_POINTS,
  MAX_EMBEDDED_ASSET_BASE64,
  MAX_EMBEDDED_TOTAL_BASE64,
  MAX_NUMBERS_LENGTH,
  formatBytes,
  formatCount,
} from "./limits";
import { pathKey } from "./path";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Refuses an embedded sound whose base64 passes its limit, or the asset where all of them
 * together pass theirs.
 * @throws PatchError naming `patch.assets.<id>.base64`
 */
export function checkAssetSizes(assets: unknown): void {
  if (!isObject(assets)) return;
  let total = 0;
  for (const [id, asset] of Object.entries(assets)) {
    if (!isObject(asset) || typeof asset.base64 !== "string") continue;
    const at = `${pathKey("patch.assets", id)}.base64`;
    const n = asset.base64.length;
    if (n > MAX_EMBEDDED_ASSET_BASE64) {
      throw patchError(
        at,
        `${formatBytes(n)} of base64, too large to embed (the limit is ${formatBytes(MAX_EMBEDDED_ASSET_BASE64)} per sound; keep it as a file beside the patch or in a bundle)`,
      );
    }
    total += n;
    if (total > MAX_EMBEDDED_TOTAL_BASE64) {
      throw patchError(
        at,
        `the embedded sounds up to here take ${formatBytes(total)} of base64 (the limit is ${formatBytes(MAX_EMBEDDED_TOTAL_BASE64)} in all)`,
      );
    }
  }
}

/** A list of `[seconds, value]` pairs (a Curve's points) rather than of numbers. */
const isPairList = (value: readonly unknown[]): boolean => Array.isArray(value[0]);

function checkParams(params: unknown, at: string): void {
  if (!isObject(params)) return;
  for (const [name, value] of Object.entries(params)) {
    if (!Array.isArray(value)) continue;
    const [limit, what] = isPairList(value)
      ? [MAX_CURVE_POINTS, "[seconds, value] points"]
      : [MAX_NUMBERS_LENGTH, "numbers"];
    if (value.length > limit) {
      throw patchError(
        pathKey(at, name),
        `a list of ${formatCount(value.length)} ${what} (the limit is ${formatCount(limit)})`,
      );
    }
  }
}

/**
 * Refuses the first list parameter, in the patch's nodes or its definitions', longer than its
 * limit.
 * @throws PatchError naming `patch.nodes[3].params.points`
 */
export function checkListLengths(json: Json): void {
  const each = (nodes: unknown, base: string) => {
    if (!Array.isArray(nodes)) return;
    nodes.forEach((node, i) => {
      if (isObject(node)) checkParams(node.params, `${base}[${i}].params`);
    });
  };
  if (Array.isArray(json.subpatches)) {
    json.subpatches.forEach((s, i) => {
      if (isObject(s)) each(s.nodes, `patch.subpatches[${i}].nodes`);
    });
  }
  each(json.nodes, "patch.nodes");
}

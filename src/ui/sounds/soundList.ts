/**
 * The sound browser's model: the builtin recordings and the patch's own sounds in one list, the
 * patch a preview renders, the preview's clip (a few seconds, never above full scale), and
 * "use": set an AudioIn's sound, adding the asset entry a builtin needs. Pure, no DOM.
 */
import { BUILTIN_SOUNDS } from "../../engine/builtinSounds";
import { PATCH_FORMAT, type Patch, type PatchAsset } from "../../engine/patch/schema";
import type { AudioValue } from "../../engine/values";
import { freshNodeId, type Position } from "../model/ids";

/** One line of the browser. */
export interface SoundEntry {
  /** What the line says: a builtin's name, or the patch asset's id. */
  readonly label: string;
  readonly description: string;
  readonly origin: "builtin" | "patch";
  /** The patch's asset id for it, when the patch already has one. */
  readonly assetId: string | undefined;
  readonly asset: PatchAsset;
}

/** How long a preview plays at most, in seconds. */
export const PREVIEW_SECONDS = 5;
/** The preview's ceiling: a sound louder than this is turned down to it. */
export const PREVIEW_PEAK = 0.89; // −1 dBFS

const describe = (a: PatchAsset): string =>
  a.kind === "file" ? `file ${a.path}` : a.kind === "embedded" ? `embedded ${a.mime}` : a.name;

/** The builtin sounds (with the patch's asset id when it names one), then the patch's others. */
export function soundList(patch: Patch): SoundEntry[] {
  const assets = Object.entries(patch.assets ?? {});
  const builtinId = (name: string) =>
    assets.find(([, a]) => a.kind === "builtin" && a.name === name)?.[0];
  const builtins = BUILTIN_SOUNDS.map((s): SoundEntry => ({
    label: s.name,
    description: s.description,
    origin: "builtin",
    assetId: builtinId(s.name),
    asset: { kind: "builtin", name: s.name },
  }));
  const shipped = new Set(BUILTIN_SOUNDS.map((s) => s.name));
  const own = assets
    .filter(([, a]) => a.kind !== "builtin" || !shipped.has(a.name))
    .map(([id, a]): SoundEntry => ({
      label: id,
      description: describe(a),
      origin: "patch",
      assetId: id,
      asset: a,
    }));
  return [...builtins, ...own];
}

/** The entries whose label or description has every word of `query`, case-insensitive. */
export function searchSounds(query: string, list: readonly SoundEntry[]): SoundEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return list.filter((e) =>
    words.every((w) => `${e.label} ${e.description}`.toLowerCase().includes(w)),
  );
}

/** A patch that plays only `entry`: an AudioIn on it into an AudioOut (limited as any output). */
export function previewPatch(entry: SoundEntry): Patch {
  return {
    format: PATCH_FORMAT,
    version: 2,
    name: `preview of ${entry.label}`,
    nodes: [
      { id: "sound", type: "AudioIn", params: { source: "asset", asset: "sound" } },
      { id: "out", type: "AudioOut", params: {} },
    ],
    connections: [{ from: "sound.audio", to: "out.audio" }],
    assets: { sound: entry.asset },
  };
}

/** The first `seconds` of `audio`, turned down if needed so that no sample exceeds `ceiling`. */
export function previewClip(
  audio: AudioValue,
  seconds = PREVIEW_SECONDS,
  ceiling = PREVIEW_PEAK,
): AudioValue {
  const length = Math.min(audio.channels[0]?.length ?? 0, Math.round(seconds * audio.sampleRate));
  let peak = 0;
  for (const c of audio.channels)
    for (let i = 0; i < length; i++) {
      const v = Math.abs(c[i]!);
      // NaN or infinite samples play as silence rather than a full-scale click.
      if (Number.isFinite(v)) peak = Math.max(peak, v);
    }
  const gain = peak > ceiling ? ceiling / peak : 1;
  const channels = audio.channels.map((c) => {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) out[i] = Number.isFinite(c[i]!) ? c[i]! * gain : 0;
    return out;
  });
  return { ...audio, channels };
}

export type SoundUse = { ok: true; patch: Patch; nodeId: string } | { ok: false; message: string };

/**
 * `patch` with the AudioIn `nodeId` playing `entry` (a builtin not yet in the patch gets an asset
 * entry first), or with a new AudioIn at `at` when `nodeId` is undefined.
 */
export function soundOn(
  patch: Patch,
  entry: SoundEntry,
  nodeId: string | undefined,
  at: Position,
): SoundUse {
  const node = nodeId === undefined ? undefined : patch.nodes.find((n) => n.id === nodeId);
  if (nodeId !== undefined && node?.type !== "AudioIn") {
    return { ok: false, message: `"${nodeId}" is not an AudioIn: select one, or none to add one` };
  }
  let assetId = entry.assetId;
  let assets = patch.assets;
  if (assetId === undefined) {
    const taken = new Set(Object.keys(patch.assets ?? {}));
    assetId = taken.has(entry.label) ? freshNodeId(entry.label, taken) : entry.label;
    assets = { ...patch.assets, [assetId]: entry.asset };
  }
  const params = { source: "asset", asset: assetId };
  if (node) {
    const nodes = patch.nodes.map((n) =>
      n.id === node.id ? { ...n, params: { ...n.params, ...params } } : n,
    );
    return { ok: true, patch: { ...patch, assets, nodes }, nodeId: node.id };
  }
  const id = freshNodeId("AudioIn", new Set(patch.nodes.map((n) => n.id)));
  const added = { id, type: "AudioIn", params, position: [at[0], at[1]] as [number, number] };
  return { ok: true, patch: { ...patch, assets, nodes: [...patch.nodes, added] }, nodeId: id };
}

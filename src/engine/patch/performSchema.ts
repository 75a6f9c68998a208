/**
 * The performance part of a patch (format v2, `perform`): named snapshots of parameter values,
 * the morph between two of them, MIDI mappings and favourite parameters for the performance view.
 * None of it changes what the patch sounds like until a snapshot is recalled or a control moves.
 */
import { z } from "zod";

/** Most snapshots in one patch (keys 1–9 recall the first nine). */
export const MAX_SNAPSHOTS = 99;
/** Most MIDI mappings and favourites in one patch. */
export const MAX_MIDI_MAPPINGS = 256;
export const MAX_FAVOURITES = 64;
/** Longest smoothing of a MIDI control, in milliseconds. */
export const MAX_SMOOTH_MS = 2000;
/** The target that moves the snapshot morph rather than a node parameter. */
export const MORPH_TARGET = "@morph";

/** The parameter part of a target `"<node>.@retrigger"`: a note-on starts that source again. */
export const RETRIGGER_PARAM = "@retrigger";

/** `"<node>.@retrigger"`: a source node (an AudioIn playing a file or a test signal, a Curve). */
export const RETRIGGER_REF = /^[A-Za-z_][A-Za-z0-9_-]*\.@retrigger$/;

/** The node a retrigger target names, or undefined when `target` is not one. */
export const retriggerNode = (target: string): string | undefined =>
  RETRIGGER_REF.test(target) ? target.slice(0, -RETRIGGER_PARAM.length - 1) : undefined;

/** `"node.param"`: a node id, a dot, then the parameter's key (itself dotted in a subpatch instance). */
export const PARAM_REF = /^[A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_.-]*$/;

const paramRefSchema = z.string().regex(PARAM_REF, 'a parameter "node.param", e.g. "rot.angle"');

/** A scalar parameter value a snapshot can hold. */
const snapshotValueSchema = z.union([z.number(), z.string(), z.boolean()], {
  error: "a number, a string or true/false",
});

export const snapshotSchema = z.strictObject({
  name: z.string().min(1).max(64),
  /** Values by `"node.param"`; parameters not listed are left alone on recall. */
  values: z
    .record(paramRefSchema, snapshotValueSchema)
    .refine((v) => !Object.hasOwn(v, "__proto__"), 'a key other than "__proto__"'),
});

export const midiMappingSchema = z.strictObject({
  /**
   * `cc`: a controller; `note-pitch` / `note-velocity`: a note-on's key or velocity; `note-on`: a
   * note-on restarts the source `"<node>.@retrigger"` names.
   */
  control: z.enum(["cc", "note-pitch", "note-velocity", "note-on"]),
  /** The controller number (cc), or the one key that retriggers (note-on; absent: any key). */
  number: z.number().int().min(0).max(127).optional(),
  /** 1–16; absent: any channel. */
  channel: z.number().int().min(1).max(16).optional(),
  /** `"node.param"` (a number parameter), `"@morph"`, or `"<node>.@retrigger"` (note-on). */
  target: z.union([paramRefSchema, z.literal(MORPH_TARGET), z.string().regex(RETRIGGER_REF)], {
    error: 'a parameter "node.param", "@morph" or "<node>.@retrigger"',
  }),
  /** The value at controller 0 and at 127; absent: the parameter's own range. */
  min: z.number().optional(),
  max: z.number().optional(),
  curve: z.enum(["linear", "log"]).default("linear"),
  smoothMs: z.number().min(0).max(MAX_SMOOTH_MS).default(30),
});

export const morphSchema = z.strictObject({
  from: z.string().min(1),
  to: z.string().min(1),
  /** 0 is `from`, 1 is `to`. */
  amount: z.number().min(0).max(1),
});

export const performSchema = z.strictObject({
  snapshots: z
    .array(snapshotSchema)
    .max(MAX_SNAPSHOTS)
    .default(() => []),
  morph: morphSchema.optional(),
  midi: z
    .array(midiMappingSchema)
    .max(MAX_MIDI_MAPPINGS)
    .default(() => []),
  favourites: z
    .array(paramRefSchema)
    .max(MAX_FAVOURITES)
    .default(() => []),
});

export type PatchPerform = z.output<typeof performSchema>;
export type Snapshot = z.output<typeof snapshotSchema>;
export type MidiMapping = z.output<typeof midiMappingSchema>;
export type Morph = z.output<typeof morphSchema>;

/** The nodes the patch's note-on mappings start again (`"<node>.@retrigger"`). */
export function retriggeredNodes(perform: PatchPerform | undefined): string[] {
  const ids = (perform?.midi ?? []).flatMap((m) => retriggerNode(m.target) ?? []);
  return [...new Set(ids)];
}

/** The keys allowed in the object at `rest`, a path below `patch.perform`. */
export function knownPerformKeys(rest: readonly PropertyKey[]): readonly string[] | undefined {
  if (rest.length === 0) return Object.keys(performSchema.shape);
  const [part] = rest;
  if (rest.length === 1 && part === "morph") return Object.keys(morphSchema.shape);
  if (rest.length !== 2) return undefined;
  if (part === "snapshots") return Object.keys(snapshotSchema.shape);
  if (part === "midi") return Object.keys(midiMappingSchema.shape);
  return undefined;
}

/**
 * `perform` for a new version of the patch whose nodes are `nodeIds`: what names a node that is
 * gone (a snapshot value, a mapping, a favourite) is dropped, the rest kept as it was.
 */
export function performForNodes(perform: PatchPerform, nodeIds: ReadonlySet<string>): PatchPerform {
  const kept = (ref: string) => ref === MORPH_TARGET || nodeIds.has(ref.slice(0, ref.indexOf(".")));
  return {
    ...perform,
    snapshots: perform.snapshots.map((s) => ({
      ...s,
      values: Object.fromEntries(Object.entries(s.values).filter(([ref]) => kept(ref))),
    })),
    midi: perform.midi.filter((m) => kept(m.target)),
    favourites: perform.favourites.filter(kept),
  };
}

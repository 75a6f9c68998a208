/**
 * The patch file schema, format v2. See docs/patch-format.md. Shapes only: whether a node type
 * exists, its params fit its definition and connections name real ports is checked in parse.ts.
 */
import { z } from "zod";
import { knownPerformKeys, performSchema } from "./performSchema";

export const PATCH_FORMAT = "latent-patcher.patch";

/** Node ids, port names and asset ids: so that `"node.port"` splits on its one dot. */
export const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const ID_TEXT = "an id: a letter or _, then letters, digits, _ or -";

/** JavaScript objects treat this key specially; refused so that nothing is silently dropped. */
const RESERVED_KEYS = new Set(["__proto__"]);

const finite = z.number();

export const idSchema = z
  .string()
  .regex(ID_PATTERN, ID_TEXT)
  .refine((s) => !RESERVED_KEYS.has(s), 'an id other than "__proto__"');

/** `"node.port"`, e.g. `"enc.audio"`. */
export const endpointSchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_-]*$/,
    'an endpoint "node.port", e.g. "enc.audio"',
  );

/**
 * `schema` for an object whose raw input must not have a `__proto__` key: zod's records skip
 * that key silently, and a patch must never lose anything without saying so.
 */
function refusingProtoKey<T extends z.ZodType>(schema: T) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (typeof value === "object" && value !== null && Object.hasOwn(value, "__proto__")) {
        const input: unknown = (value as Record<string, unknown>)["__proto__"];
        ctx.addIssue({
          code: "custom",
          message: 'a key other than "__proto__"',
          path: ["__proto__"],
          input,
        });
      }
    })
    .pipe(schema);
}

/** Any value a parameter can take; its shape is checked against the node definition later. */
export const paramValueSchema = z.union(
  [finite, z.string(), z.boolean(), z.array(finite), z.array(z.tuple([finite, finite]))],
  {
    error: "a number, a string, true/false, a list of numbers or a list of [time, value] pairs",
  },
);

export const nodeSchema = z.strictObject({
  id: idSchema,
  type: z.string().min(1),
  params: refusingProtoKey(z.record(z.string(), paramValueSchema)).default(() => ({})),
  position: z.tuple([finite, finite]).optional(),
});

export const connectionSchema = z.strictObject({
  from: endpointSchema,
  to: endpointSchema,
});

/** An input of a subpatch: a name on the instance, feeding one or more inner inputs. */
export const exposedInputSchema = z.strictObject({
  name: idSchema,
  label: z.string().optional(),
  to: z.array(endpointSchema).min(1),
});

/** An output of a subpatch: a name on the instance, read from one inner output. */
export const exposedOutputSchema = z.strictObject({
  name: idSchema,
  label: z.string().optional(),
  from: endpointSchema,
});

/**
 * A subpatch definition: a group of nodes saved as one reusable node. Instances are nodes of type
 * `"subpatch:<id>"`; their params, keyed `"<innerNodeId>.<param>"`, override the inner nodes'.
 */
export const subpatchSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  description: z.string().optional(),
  nodes: z.array(nodeSchema),
  connections: z.array(connectionSchema).default(() => []),
  inputs: z.array(exposedInputSchema).default(() => []),
  outputs: z.array(exposedOutputSchema).default(() => []),
});

/** The longest comment text, so that a pasted novel does not freeze the canvas. */
export const MAX_COMMENT_LENGTH = 10_000;

/** A free text box on the canvas. The engine never reads comments. */
export const commentSchema = z.strictObject({
  id: idSchema,
  text: z.string().max(MAX_COMMENT_LENGTH, `at most ${MAX_COMMENT_LENGTH} characters`),
  position: z.tuple([finite, finite]),
});

/** A relative path with "/" separators that stays inside the patch's folder or bundle. */
function isSafeRelativePath(path: string): boolean {
  if (path.length === 0 || path.startsWith("/") || path.includes("\\")) return false;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) return false; // a URL or a drive letter
  return path.split("/").every((seg) => seg !== ".." && seg !== "" && seg !== ".");
}

export const builtinAssetSchema = z.strictObject({
  kind: z.literal("builtin"),
  name: z.string().regex(/^[a-z0-9-]+$/, "a builtin name: lower-case letters, digits or -"),
});

export const fileAssetSchema = z.strictObject({
  kind: z.literal("file"),
  path: z
    .string()
    .refine(isSafeRelativePath, 'a relative path like "audio/take1.wav", without ".." or "//"'),
});

export const embeddedAssetSchema = z.strictObject({
  kind: z.literal("embedded"),
  mime: z.string().regex(/^audio\/[a-z0-9.+-]+$/, 'an audio MIME type like "audio/wav"'),
  base64: z.string().refine(isBase64, "base64 text"),
});

/**
 * Standard base64 with padding, checked in one pass: a regex with a repeated group backtracks
 * through every group of a long invalid text and overflows the stack (a fuzzed 7 MB sound).
 */
export function isBase64(s: string): boolean {
  if (s.length % 4 !== 0) return false;
  const pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
  for (let i = 0; i < s.length - pad; i++) {
    const c = s.charCodeAt(i);
    const ok =
      (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return true;
}

export const assetSchema = z.discriminatedUnion("kind", [
  builtinAssetSchema,
  fileAssetSchema,
  embeddedAssetSchema,
]);

/** Free-form JSON values, as kept in `ui`. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const MAX_UI_DEPTH = 64;

/** Where `value` stops being plain JSON, as a key path and a message; undefined if it is JSON. */
function nonJson(
  value: unknown,
  depth: number,
): { path: PropertyKey[]; message: string } | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") {
    return Number.isFinite(value) ? undefined : { path: [], message: "a finite number" };
  }
  if (typeof value !== "object") return { path: [], message: "a JSON value" };
  if (depth >= MAX_UI_DEPTH)
    return { path: [], message: `at most ${MAX_UI_DEPTH} levels of nesting` };
  const entries: [PropertyKey, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [key, v] of entries) {
    if (typeof key === "string" && RESERVED_KEYS.has(key)) {
      return { path: [key], message: 'a key other than "__proto__"' };
    }
    const inner = nonJson(v, depth + 1);
    if (inner) return { path: [key, ...inner.path], message: inner.message };
  }
  return undefined;
}

/** UI state: any JSON object, kept apart from what the patch means. */
export const uiSchema = refusingProtoKey(z.record(z.string(), z.unknown()))
  .superRefine((ui, ctx) => {
    const problem = nonJson(ui, 1);
    if (problem) {
      let input: unknown = ui;
      for (const key of problem.path) input = (input as Record<PropertyKey, unknown>)[key];
      ctx.addIssue({ code: "custom", message: problem.message, path: problem.path, input });
    }
  })
  .transform((ui) => ui as Record<string, JsonValue>);

/** The tempo a patch without a `transport` plays at, in beats per minute. */
export const DEFAULT_BPM = 120;
export const MIN_BPM = 20;
export const MAX_BPM = 300;
/** The longest loop, in bars. */
export const MAX_LOOP_BARS = 1024;

/**
 * The patch clock (format v2): a tempo, a bar of `beatsPerBar` beats, and an optional loop length
 * in whole bars (absent: a loop is the material's length).
 */
export const transportSchema = z.strictObject({
  bpm: z.number().min(MIN_BPM).max(MAX_BPM),
  beatsPerBar: z.number().int().min(1).max(16).default(4),
  loopBars: z.number().int().min(1).max(MAX_LOOP_BARS).optional(),
});

export const patchSchema = z.strictObject({
  format: z.literal(PATCH_FORMAT),
  version: z.number().int().min(1),
  name: z.string().min(1),
  description: z.string().optional(),
  /** The patch's default model id. */
  model: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'a model id like "pca-spectral"')
    .optional(),
  /** Tempo and loop length (version 2); absent means 120 BPM in 4/4, loops the material's length. */
  transport: transportSchema.optional(),
  nodes: z.array(nodeSchema),
  connections: z.array(connectionSchema).default(() => []),
  /** Subpatch definitions; optional, so every version-1 file without them stays valid. */
  subpatches: z.array(subpatchSchema).optional(),
  /** Text boxes on the canvas; optional, so every version-1 file without them stays valid. */
  comments: z.array(commentSchema).optional(),
  assets: refusingProtoKey(z.record(idSchema, assetSchema)).optional(),
  /** Snapshots, morph, MIDI mappings and favourites (version 2); see performSchema.ts. */
  perform: performSchema.optional(),
  ui: uiSchema.optional(),
});

export type Patch = z.output<typeof patchSchema>;
export type PatchNode = Patch["nodes"][number];
export type PatchConnection = Patch["connections"][number];
export type Subpatch = z.output<typeof subpatchSchema>;
export type ExposedInput = Subpatch["inputs"][number];
export type ExposedOutput = Subpatch["outputs"][number];
export type PatchComment = z.output<typeof commentSchema>;
export type PatchAsset = z.output<typeof assetSchema>;
export type PatchParamValue = z.output<typeof paramValueSchema>;
export type PatchTransport = z.output<typeof transportSchema>;

/** A patch's transport with its defaults filled in. */
export function patchTransport(patch: Pick<Patch, "transport">): PatchTransport {
  return patch.transport ?? { bpm: DEFAULT_BPM, beatsPerBar: 4 };
}

const ASSET_KEYS: Readonly<Record<string, readonly string[]>> = {
  builtin: Object.keys(builtinAssetSchema.shape),
  file: Object.keys(fileAssetSchema.shape),
  embedded: Object.keys(embeddedAssetSchema.shape),
};

const SUBPATCH_PART_KEYS: Readonly<Record<string, readonly string[]>> = {
  nodes: Object.keys(nodeSchema.shape),
  connections: Object.keys(connectionSchema.shape),
  inputs: Object.keys(exposedInputSchema.shape),
  outputs: Object.keys(exposedOutputSchema.shape),
};

/** The keys allowed at `rest`, a path below `patch.subpatches[i]`. */
function knownSubpatchKeys(rest: readonly PropertyKey[]): readonly string[] | undefined {
  if (rest.length === 0) return Object.keys(subpatchSchema.shape);
  const [part] = rest;
  return rest.length === 2 && typeof part === "string" ? SUBPATCH_PART_KEYS[part] : undefined;
}

/** The keys allowed in the object at `path` of a patch, for "unknown key" messages. */
export function knownPatchKeys(
  path: readonly PropertyKey[],
  input: unknown,
): readonly string[] | undefined {
  const [first] = path;
  if (path.length === 0) return Object.keys(patchSchema.shape);
  if (first === "subpatches") return knownSubpatchKeys(path.slice(2));
  if (first === "transport" && path.length === 1) return Object.keys(transportSchema.shape);
  if (first === "perform") return knownPerformKeys(path.slice(1));
  if (path.length !== 2) return undefined;
  if (first === "nodes") return Object.keys(nodeSchema.shape);
  if (first === "connections") return Object.keys(connectionSchema.shape);
  if (first === "comments") return Object.keys(commentSchema.shape);
  if (first === "assets" && typeof input === "object" && input !== null && "kind" in input) {
    return typeof input.kind === "string" ? ASSET_KEYS[input.kind] : undefined;
  }
  return undefined;
}

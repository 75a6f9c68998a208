/**
 * fast-check arbitraries for valid patches over the test node definitions in fixtures.ts.
 */
import fc from "fast-check";
import type { NodeDefinition, ParamSpec } from "../../src/engine/nodeDefinition";
import { inputPorts } from "../../src/engine/params";
import type {
  JsonValue,
  Patch,
  PatchAsset,
  PatchConnection,
  PatchParamValue,
} from "../../src/engine/patch/schema";
import { TEST_DEFS } from "./fixtures";

/** Finite doubles in a range, without -0 (JSON cannot tell it from 0). */
const double = (min = -1e9, max = 1e9) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v));

// Built once: fc.stringMatching is slow to construct.
const modelId = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,10}$/);
const patchName = fc.string({ minLength: 1 });
const id = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,7}$/).filter((s) => s !== "__proto__");

function paramValue(spec: ParamSpec, assetIds: readonly string[]): fc.Arbitrary<PatchParamValue> {
  switch (spec.kind) {
    case "number":
      return spec.integer
        ? fc.integer({ min: spec.min, max: spec.max })
        : double(spec.min, spec.max);
    case "enum":
      return fc.constantFrom(...spec.options);
    case "boolean":
      return fc.boolean();
    case "numbers":
      return fc.array(double(spec.min, spec.max), { maxLength: spec.maxLength });
    case "string":
      return spec.refers === "asset" ? fc.constantFrom("", ...assetIds) : fc.string();
    case "breakpoints":
      return fc
        .array(fc.tuple(double(0, 60), double()), { maxLength: 6 })
        .map((pairs) => pairs.sort((x, y) => x[0] - y[0]));
  }
}

function params(
  def: NodeDefinition,
  assetIds: readonly string[],
): fc.Arbitrary<Record<string, PatchParamValue>> {
  // "steps" stays at its default so Osc's cross-param check (square + 16 steps) always passes.
  const specs = def.params.filter((s) => !(def.type === "Osc" && s.name === "steps"));
  const entries = specs.map((spec) =>
    fc.option(
      paramValue(spec, assetIds).map((v): [string, PatchParamValue] => [spec.name, v]),
      { nil: undefined },
    ),
  );
  return fc
    .tuple(...entries)
    .map((list) => Object.fromEntries(list.filter((e) => e !== undefined)));
}

const asset: fc.Arbitrary<PatchAsset> = fc.oneof(
  fc.record({
    kind: fc.constant("builtin" as const),
    name: fc.stringMatching(/^[a-z0-9-]{1,10}$/),
  }),
  fc.record({
    kind: fc.constant("file" as const),
    path: fc
      .array(fc.stringMatching(/^[a-z0-9_-]{1,6}$/), { minLength: 1, maxLength: 3 })
      .map((segs) => `${segs.join("/")}.wav`),
  }),
  fc.record({
    kind: fc.constant("embedded" as const),
    mime: fc.constantFrom("audio/wav", "audio/flac", "audio/ogg"),
    base64: fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString("base64")),
  }),
);

const comments = fc.uniqueArray(id, { maxLength: 3 }).chain((ids) =>
  fc.tuple(
    ...ids.map((commentId) =>
      fc.record({
        id: fc.constant(commentId),
        text: fc.string({ maxLength: 40 }),
        position: fc.tuple(double(), double()),
      }),
    ),
  ),
);

const ui: fc.Arbitrary<Record<string, JsonValue>> = fc
  .dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 })
  .map((v) => JSON.parse(JSON.stringify(v)) as Record<string, JsonValue>)
  .filter((v) => !JSON.stringify(v).includes('"__proto__"'));

/** Random valid patches: nodes of the test types with in-range params, wired port to port. */
export const validPatch: fc.Arbitrary<Patch> = fc
  .record({
    ids: fc.uniqueArray(id, { maxLength: 6 }),
    assets: fc.option(fc.dictionary(id, asset, { maxKeys: 3 }), { nil: undefined }),
  })
  .chain(({ ids, assets }) => {
    const assetIds = Object.keys(assets ?? {});
    const nodes = fc.tuple(
      ...ids.map((nodeId) =>
        fc.constantFrom(...TEST_DEFS).chain((def) =>
          fc.record(
            {
              id: fc.constant(nodeId),
              type: fc.constant(def.type),
              params: params(def, assetIds),
              position: fc.tuple(double(), double()),
            },
            { requiredKeys: ["id", "type", "params"] },
          ),
        ),
      ),
    );
    return fc.record(
      {
        format: fc.constant("latent-patcher.patch" as const),
        version: fc.constant(2),
        name: patchName,
        description: fc.string(),
        model: modelId,
        transport: fc.record(
          {
            bpm: fc.double({ min: 20, max: 300, noNaN: true }),
            beatsPerBar: fc.integer({ min: 1, max: 16 }),
            loopBars: fc.integer({ min: 1, max: 1024 }),
          },
          { requiredKeys: ["bpm", "beatsPerBar"] },
        ),
        nodes,
        connections: fc.constant<PatchConnection[]>([]),
        comments,
        assets: fc.constant(assets),
        ui,
      },
      { requiredKeys: ["format", "version", "name", "nodes", "connections", "assets"] },
    );
  })
  .chain((patch): fc.Arbitrary<Patch> => {
    const outputs = patch.nodes.flatMap((n) =>
      (TEST_DEFS.find((d) => d.type === n.type)?.outputs ?? []).map((o) => `${n.id}.${o.name}`),
    );
    const inputs = patch.nodes.flatMap((n) => {
      const def = TEST_DEFS.find((d) => d.type === n.type);
      return def ? inputPorts(def).map((p) => `${n.id}.${p.name}`) : [];
    });
    if (outputs.length === 0) return fc.constant(patch);
    const feeds = inputs.map((to) =>
      fc
        .option(fc.constantFrom(...outputs), { nil: undefined })
        .map((from) => (from ? { from, to } : undefined)),
    );
    return fc.tuple(...feeds).map((conns) => {
      const connections = conns.filter((c): c is { from: string; to: string } => c !== undefined);
      return { ...patch, connections: connections.reverse() };
    });
  })
  .chain((patch) => fc.oneof(fc.constant(patch), asSubpatch(patch)));

/**
 * `patch` with its graph moved into a subpatch definition, used by one instance (with an
 * override of a number param) whose output, when there is one, feeds nothing.
 */
function asSubpatch(patch: Patch): fc.Arbitrary<Patch> {
  const out =
    patch.connections[0]?.from ??
    patch.nodes.flatMap((n) => {
      const def = TEST_DEFS.find((d) => d.type === n.type);
      return (def?.outputs ?? []).map((o) => `${n.id}.${o.name}`);
    })[0];
  const knobs = patch.nodes.flatMap((n) => {
    const def = TEST_DEFS.find((d) => d.type === n.type);
    return (def?.params ?? [])
      .filter((p) => p.kind === "number" && !(def?.type === "Osc" && p.name === "steps"))
      .map((p) => ({ key: `${n.id}.${p.name}`, spec: p }));
  });
  const override =
    knobs.length === 0
      ? fc.constant({})
      : fc
          .constantFrom(...knobs)
          .chain(({ key, spec }) =>
            paramValue(spec, Object.keys(patch.assets ?? {})).map((v) => ({ [key]: v })),
          );
  return fc
    .tuple(id, fc.string({ minLength: 1, maxLength: 12 }), override)
    .map(([subId, name, params]): Patch => ({
      ...patch,
      nodes: [{ id: "instance_", type: `subpatch:${subId}`, params, position: [0, 0] }],
      connections: [],
      subpatches: [
        {
          id: subId,
          name,
          nodes: patch.nodes,
          connections: patch.connections,
          inputs: [],
          outputs: out ? [{ name: "out", label: "the output", from: out }] : [],
        },
      ],
    }));
}

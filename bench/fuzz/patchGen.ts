/**
 * Structure-aware patch generators: random graphs of the real node types, and bombs — deep
 * nesting, deeply nested and exponentially fanned-out subpatches, huge counts, giant base64.
 */
import type { NodeDefinition, ParamSpec } from "../../src/engine/nodeDefinition";
import { allNodes } from "../../src/nodes";
import type { Json } from "./mutateJson";
import type { Rng } from "./rng";

const HEAD = { format: "latent-patcher.patch", version: 1 } as const;
const ASSETS = { piano: { kind: "builtin", name: "piano" } };
const MODELS = ["neural-spectral", "neural-spectral-live", "pca-spectral", "no-such-model"];

function paramValue(rng: Rng, spec: ParamSpec): Json {
  const wild = rng.chance(0.03);
  switch (spec.kind) {
    case "number":
      return wild
        ? rng.pick([spec.max * 10, spec.min - 1, 1e308, -1e308, "3"])
        : rng.weighted([
            [6, spec.default],
            [3, roundIf(spec.integer, spec.min + rng.float() * (spec.max - spec.min))],
            [1, rng.pick([spec.min, spec.max])],
          ]);
    case "enum":
      return wild ? "nope" : rng.pick(spec.options);
    case "boolean":
      return wild ? 1 : rng.chance(0.5);
    case "numbers":
      return Array.from(
        { length: rng.int(wild ? spec.maxLength * 2 + 2 : spec.maxLength + 1) },
        () => (spec.min ?? -1) + rng.float() * ((spec.max ?? 1) - (spec.min ?? -1)),
      );
    case "string":
      // Mostly the default model: each other pack costs seconds to load into a warm engine.
      if (spec.refers === "model") return rng.chance(0.9) ? "" : rng.pick(MODELS);
      if (spec.refers === "asset") return rng.pick(["piano", "missing", ""]);
      return wild ? "x".repeat(rng.size(1, 10_000)) : spec.default;
    case "breakpoints": {
      const n = rng.int(wild ? 5000 : 8);
      let t = 0;
      return Array.from({ length: n }, () => [(t += rng.float()), rng.float() * 2 - 1]);
    }
  }
}

function randomNode(rng: Rng, def: NodeDefinition, id: string): Json {
  const params: Record<string, Json> = {};
  for (const spec of def.params) if (rng.chance(0.6)) params[spec.name] = paramValue(rng, spec);
  if (def.type === "AudioIn" && rng.chance(0.7))
    Object.assign(params, { source: "asset", asset: "piano" });
  return { id, type: def.type, params };
}

const roundIf = (integer: boolean | undefined, v: number) => (integer ? Math.round(v) : v);

/**
 * A random graph of 1–12 real nodes, built in order: a node joins only when each of its required
 * inputs can take a cable from an earlier node of a fitting type (a few cables go anywhere).
 */
export function randomGraph(rng: Rng): Json {
  const n = rng.size(1, 12);
  const defs: NodeDefinition[] = [];
  const nodes: Json[] = [];
  const connections: Json[] = [];
  for (let tries = 0; defs.length < n && tries < n * 6; tries++) {
    const def = rng.pick(allNodes);
    const i = defs.length;
    const cables: Json[] = [];
    let fits = true;
    for (const input of def.inputs) {
      const candidates = defs.flatMap((d, j) =>
        d.outputs
          .filter(
            (o) => typeof o.type === "function" || input.types.includes(o.type) || rng.chance(0.02),
          )
          .map((o) => `n${j}.${o.name}`),
      );
      if (candidates.length === 0 || (input.optional && rng.chance(0.5))) {
        fits &&= input.optional === true;
        continue;
      }
      cables.push({ from: rng.pick(candidates), to: `n${i}.${input.name}` });
    }
    if (!fits) continue;
    defs.push(def);
    nodes.push(randomNode(rng, def, `n${i}`));
    connections.push(...cables);
  }
  const patch: Record<string, Json> = {
    ...HEAD,
    name: "random",
    nodes,
    connections,
    assets: ASSETS,
  };
  if (rng.chance(0.03)) patch.model = rng.pick(MODELS);
  return patch;
}

/** Text of `[[[…0…]]]` nested `depth` deep inside a node's params. */
function deepArrayText(depth: number): string {
  const inner = `${"[".repeat(depth)}0${"]".repeat(depth)}`;
  return `{"format":"latent-patcher.patch","version":1,"name":"deep","nodes":[{"id":"a","type":"Curve","params":{"points":${inner}}}],"connections":[]}`;
}

function deepObjectText(depth: number): string {
  const inner = `${'{"a":'.repeat(depth)}0${"}".repeat(depth)}`;
  return `{"format":"latent-patcher.patch","version":1,"name":"deep","nodes":[],"connections":[],"x":${inner}}`;
}

const passThrough = (id: string, inner: Json[]): Json => ({
  id,
  name: id,
  inputs: [{ name: "in", to: ["n0.in"] }],
  outputs: [{ name: "out", from: `n${inner.length - 1}.out` }],
  nodes: inner,
  connections: inner.slice(1).map((_, i) => ({ from: `n${i}.out`, to: `n${i + 1}.in` })),
});

/** A patch whose subpatch s_k holds `fan` instances of s_(k-1): fan^depth nodes once flattened. */
export function nestedSubpatches(depth: number, fan: number, recursive: boolean): Json {
  const subs: Json[] = [];
  for (let k = 0; k < depth; k++) {
    const inner =
      k === 0
        ? [{ id: "n0", type: "LatentScale", params: { factor: 1 } }]
        : Array.from({ length: fan }, (_, i) => ({
            id: `n${i}`,
            type: `subpatch:s${k - 1}`,
            params: {},
          }));
    subs.push(passThrough(`s${k}`, inner));
  }
  if (recursive) subs.push(passThrough("loop", [{ id: "n0", type: "subpatch:loop", params: {} }]));
  const top = recursive ? "loop" : `s${depth - 1}`;
  return {
    ...HEAD,
    name: "nested",
    nodes: [
      { id: "src", type: "AudioIn", params: { source: "asset", asset: "piano" } },
      { id: "enc", type: "Encode", params: {} },
      { id: "sub", type: `subpatch:${top}`, params: {} },
      { id: "dec", type: "Decode", params: {} },
      { id: "out", type: "AudioOut", params: {} },
    ],
    connections: [
      { from: "src.audio", to: "enc.audio" },
      { from: "enc.latent", to: "sub.in" },
      { from: "sub.out", to: "dec.latent" },
      { from: "dec.audio", to: "out.audio" },
    ],
    subpatches: subs,
    assets: ASSETS,
  };
}

function manyNodes(count: number, chained: boolean): Json {
  const nodes: Json[] = [{ id: "n0", type: "AudioIn", params: { source: "sine" } }];
  const connections: Json[] = [];
  for (let i = 1; i < count; i++) {
    nodes.push({ id: `n${i}`, type: "Mix", params: {} });
    connections.push({ from: `n${chained ? i - 1 : 0}.audio`, to: `n${i}.a` });
  }
  return { ...HEAD, name: "many", nodes, connections };
}

/** `count` Decode nodes with nothing connected: as many "input is not connected" problems. */
function manyProblems(count: number): Json {
  const nodes = Array.from({ length: count }, (_, i) => ({ id: `d${i}`, type: "Decode" }));
  return { ...HEAD, name: "problems", nodes, connections: [] };
}

/**
 * A node with an id of `length` characters that fails past the schema: a Decode with nothing
 * connected (a graph refusal) or an AudioMix with no inputs (the node's own error at load).
 */
function longId(length: number, type: "Decode" | "AudioMix"): Json {
  const id = `n${"x".repeat(length - 1)}`;
  return { ...HEAD, name: "long id", nodes: [{ id, type, params: {} }], connections: [] };
}

/**
 * A bomb, as patch text, and its name. Kinds added later (many-problems, long-id) are drawn
 * inside an older kind's branch, so every other kind's cases, and the findings saved from
 * them, still regenerate as they were.
 */
export function patchBomb(rng: Rng): { text: string; note: string } {
  const kind = rng.pick([
    "deep-array",
    "deep-object",
    "nested-subpatches",
    "fanout-subpatches",
    "recursive-subpatch",
    "million-array",
    "many-nodes",
    "many-connections",
    "giant-base64",
    "giant-string",
  ] as const);
  const text = (json: Json) => JSON.stringify(json);
  switch (kind) {
    case "deep-array": {
      const depth = rng.size(100, 1_000_000);
      return { text: deepArrayText(depth), note: `${kind}:${depth}` };
    }
    case "deep-object": {
      const depth = rng.size(100, 1_000_000);
      return { text: deepObjectText(depth), note: `${kind}:${depth}` };
    }
    case "nested-subpatches": {
      const depth = rng.size(2, 5000);
      return { text: text(nestedSubpatches(depth, 1, false)), note: `${kind}:${depth}` };
    }
    case "fanout-subpatches": {
      const depth = rng.size(2, 40);
      const fan = 2 + rng.int(3);
      return { text: text(nestedSubpatches(depth, fan, false)), note: `${kind}:${fan}^${depth}` };
    }
    case "recursive-subpatch":
      return { text: text(nestedSubpatches(1, 1, true)), note: kind };
    case "million-array": {
      const n = rng.size(10_000, 1_000_000);
      const points = `[${new Array<string>(n).fill("[0,0]").join(",")}]`;
      return {
        text: `{"format":"latent-patcher.patch","version":1,"name":"big","nodes":[{"id":"c","type":"Curve","params":{"points":${points}}}],"connections":[]}`,
        note: `${kind}:${n}`,
      };
    }
    case "many-nodes":
    case "many-connections": {
      if (rng.chance(1 / 3)) {
        const n = rng.size(60, 9_000);
        return { text: text(manyProblems(n)), note: `many-problems:${n}` };
      }
      const n = rng.size(1000, 200_000);
      return { text: text(manyNodes(n, kind === "many-nodes")), note: `${kind}:${n}` };
    }
    case "giant-base64": {
      const mb = rng.size(1, 64);
      const base64 = "UklGRiQAAABXQVZF".padEnd(mb * 1024 * 1024, "A");
      return {
        text: text({
          ...HEAD,
          name: "b64",
          nodes: [{ id: "a", type: "AudioIn", params: { source: "asset", asset: "big" } }],
          connections: [],
          assets: { big: { kind: "embedded", mime: "audio/wav", base64 } },
        }),
        note: `${kind}:${mb}MB`,
      };
    }
    case "giant-string": {
      if (rng.chance(0.5)) {
        const length = rng.size(1_000, 200_000);
        const type = rng.pick(["Decode", "AudioMix"] as const);
        return { text: text(longId(length, type)), note: `long-id:${length}:${type}` };
      }
      const mb = rng.size(1, 64);
      return {
        text: text({ ...HEAD, name: "x".repeat(mb * 1024 * 1024), nodes: [], connections: [] }),
        note: `${kind}:${mb}MB`,
      };
    }
  }
}

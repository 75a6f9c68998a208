/**
 * Subpatches seen as node types: an instance is a node of type `"subpatch:<id>"`, and its
 * definition is derived from the subpatch — inputs and outputs from the exposed inner ports,
 * params from the inner nodes' (`"<innerNodeId>.<param>"`) — so that validation, the canvas and
 * type inference treat it like any node. It never runs: the graph compiler flattens it first.
 */
import type {
  InputSpec,
  NodeDefinition,
  OutputSpec,
  ParamSpec,
  ParamValue,
} from "../nodeDefinition";
import { inputPorts, resolveParams } from "../params";
import type { ValueType } from "../values";
import { splitEndpoint } from "./endpoint";
import type { NodeRegistry } from "./registry";
import type { Subpatch } from "./schema";

/** Instances of subpatch `id` have the node type `"subpatch:<id>"`. */
export const SUBPATCH_PREFIX = "subpatch:";

export const subpatchType = (id: string): string => `${SUBPATCH_PREFIX}${id}`;

/** The subpatch id an instance's node type names, or undefined for any other type. */
export const subpatchIdOf = (type: string): string | undefined =>
  type.startsWith(SUBPATCH_PREFIX) ? type.slice(SUBPATCH_PREFIX.length) : undefined;

/** The definition derived from a subpatch; `subpatch` is the definition it was derived from. */
export interface SubpatchNodeDefinition extends NodeDefinition {
  readonly subpatch: Subpatch;
  /** The definition of each inner node, by inner node id. */
  readonly innerDefinitions: ReadonlyMap<string, NodeDefinition>;
}

export const isSubpatchDefinition = (def: NodeDefinition): def is SubpatchNodeDefinition =>
  "subpatch" in def;

/** What a node is called on the canvas and in the palette: a subpatch's name, else its type. */
export const nodeTitle = (def: NodeDefinition): string =>
  isSubpatchDefinition(def) ? def.subpatch.name : def.type;

/**
 * The subpatch ids each definition uses directly (its inner instances' types), and the first
 * loop among them as a list of ids (`["a", "b", "a"]`), if any.
 */
export function subpatchLoop(subpatches: readonly Subpatch[]): string[] | undefined {
  const uses = new Map(
    subpatches.map((s) => [
      s.id,
      s.nodes.flatMap((n) => {
        const id = subpatchIdOf(n.type);
        return id === undefined ? [] : [id];
      }),
    ]),
  );
  const state = new Map<string, "visiting" | "done">();
  const visit = (id: string, trail: string[]): string[] | undefined => {
    if (state.get(id) === "done") return undefined;
    if (state.get(id) === "visiting") return [...trail.slice(trail.indexOf(id)), id];
    state.set(id, "visiting");
    for (const used of uses.get(id) ?? []) {
      const loop = visit(used, [...trail, id]);
      if (loop) return loop;
    }
    state.set(id, "done");
    return undefined;
  };
  for (const s of subpatches) {
    const loop = visit(s.id, []);
    if (loop) return loop;
  }
  return undefined;
}

/** The types on the inner outputs of `sub` given the types arriving on its exposed inputs. */
function innerOutputTypes(
  sub: Subpatch,
  registry: NodeRegistry,
  arriving: Readonly<Record<string, ValueType | undefined>>,
): Map<string, Record<string, ValueType>> {
  const feeds = new Map<string, { port: string; from: string }[]>();
  for (const c of sub.connections) {
    const to = splitEndpoint(c.to);
    feeds.set(to.node, [...(feeds.get(to.node) ?? []), { port: to.port, from: c.from }]);
  }
  const exposedTo = new Map<string, ValueType | undefined>();
  for (const input of sub.inputs)
    for (const to of input.to) exposedTo.set(to, arriving[input.name]);
  const byId = new Map(sub.nodes.map((n) => [n.id, n]));
  const result = new Map<string, Record<string, ValueType>>();
  const visiting = new Set<string>();
  const visit = (id: string): Record<string, ValueType> | undefined => {
    const done = result.get(id);
    if (done || visiting.has(id)) return done;
    const def = registry.get(byId.get(id)?.type ?? "");
    if (!def) return undefined;
    visiting.add(id);
    const inputs: Record<string, ValueType | undefined> = {};
    for (const port of inputPorts(def)) {
      const t = exposedTo.get(`${id}.${port.name}`);
      if (t !== undefined && port.types.includes(t)) inputs[port.name] = t;
    }
    for (const { port, from } of feeds.get(id) ?? []) {
      const src = splitEndpoint(from);
      inputs[port] = visit(src.node)?.[src.port];
    }
    const outputs: Record<string, ValueType> = {};
    for (const out of def.outputs) {
      outputs[out.name] = typeof out.type === "function" ? out.type(inputs) : out.type;
    }
    visiting.delete(id);
    result.set(id, outputs);
    return outputs;
  };
  for (const n of sub.nodes) visit(n.id);
  return result;
}

/** The port an exposed input stands for: the types every inner port it feeds accepts. */
function exposedInputSpec(
  sub: Subpatch,
  input: Subpatch["inputs"][number],
  registry: NodeRegistry,
): InputSpec | undefined {
  const ports = input.to.map((to) => {
    const { node, port } = splitEndpoint(to);
    const def = registry.get(sub.nodes.find((n) => n.id === node)?.type ?? "");
    return def && inputPorts(def).find((p) => p.name === port);
  });
  if (ports.some((p) => p === undefined)) return undefined;
  const specs = ports as InputSpec[];
  const types = specs[0]!.types.filter((t) => specs.every((p) => p.types.includes(t)));
  return {
    name: input.name,
    types,
    optional: specs.every((p) => p.optional === true),
    description: input.label ?? `${input.to.join(", ")}: ${specs[0]!.description}`,
  };
}

function exposedOutputSpec(
  sub: Subpatch,
  output: Subpatch["outputs"][number],
  registry: NodeRegistry,
): OutputSpec | undefined {
  const { node, port } = splitEndpoint(output.from);
  const def = registry.get(sub.nodes.find((n) => n.id === node)?.type ?? "");
  const spec = def?.outputs.find((o) => o.name === port);
  if (!spec) return undefined;
  return {
    name: output.name,
    type:
      typeof spec.type === "string"
        ? spec.type
        : (arriving) => innerOutputTypes(sub, registry, arriving).get(node)?.[port] ?? "latent",
    description: output.label ?? `${output.from}: ${spec.description}`,
  };
}

/**
 * One inner node's params as the instance's: named `"<innerId>.<param>"`, defaulting to the
 * values in the subpatch, never modulatable (expose the inner port instead).
 */
function innerParams(node: Subpatch["nodes"][number], def: NodeDefinition): ParamSpec[] {
  const values = resolveParams(def, node.params);
  return def.params.map((spec): ParamSpec => {
    const name = `${node.id}.${spec.name}`;
    const description = `${node.id}: ${spec.description}`;
    const value = values[spec.name] ?? spec.default;
    switch (spec.kind) {
      case "number":
        return { ...spec, name, description, default: value as number, modulatable: false };
      case "enum":
      case "string":
        return { ...spec, name, description, default: value as string };
      case "boolean":
        return { ...spec, name, description, default: value as boolean };
      case "numbers":
        return { ...spec, name, description, default: value as readonly number[] };
      case "breakpoints":
        return { ...spec, name, description, default: value as readonly [number, number][] };
    }
  });
}

/** The params of an inner node `id` within an instance's params (`"id.x"` → `"x"`). */
export function paramsOfInner<V>(
  params: Readonly<Record<string, V>>,
  innerId: string,
): Record<string, V> {
  const prefix = `${innerId}.`;
  const inner: Record<string, V> = {};
  for (const [key, value] of Object.entries(params)) {
    if (key.startsWith(prefix)) inner[key.slice(prefix.length)] = value;
  }
  return inner;
}

function deriveDefinition(sub: Subpatch, registry: NodeRegistry): SubpatchNodeDefinition {
  const innerDefs = sub.nodes.map((n) => [n, registry.get(n.type)] as const);
  const inputs = sub.inputs.flatMap((i) => exposedInputSpec(sub, i, registry) ?? []);
  const outputs = sub.outputs.flatMap((o) => exposedOutputSpec(sub, o, registry) ?? []);
  const params = innerDefs.flatMap(([n, def]) => (def ? innerParams(n, def) : []));
  return {
    type: subpatchType(sub.id),
    category: "subpatch",
    description: sub.description ?? `subpatch of ${sub.nodes.length} nodes`,
    inputs,
    outputs,
    params,
    subpatch: sub,
    innerDefinitions: new Map(innerDefs.flatMap(([n, def]) => (def ? [[n.id, def]] : []))),
    impliedDefaults(given) {
      // An inner node's implied defaults follow what the instance sets for it.
      const implied: Record<string, ParamValue> = {};
      for (const [n, def] of innerDefs) {
        const innerGiven = { ...n.params, ...paramsOfInner(given, n.id) };
        for (const [name, value] of Object.entries(def?.impliedDefaults?.(innerGiven) ?? {}))
          if (value !== undefined && innerGiven[name] === undefined)
            implied[`${n.id}.${name}`] = value;
      }
      return implied;
    },
    validate(values) {
      for (const [n, def] of innerDefs) {
        const message = def?.validate?.(
          resolveParams(def, { ...n.params, ...paramsOfInner(values, n.id) }),
        );
        if (message !== undefined) return `${n.id}: ${message}`;
      }
      return undefined;
    },
    create() {
      throw new Error(`subpatch "${sub.id}" runs flattened; its instance is never created`);
    },
  };
}

/** The ids of the subpatches that neither are in a loop nor use one that is. */
function loopFree(subpatches: readonly Subpatch[]): Set<string> {
  const ids = new Set(subpatches.map((s) => s.id));
  const good = new Set<string>();
  for (let grown = true; grown;) {
    grown = false;
    for (const s of subpatches) {
      if (good.has(s.id)) continue;
      const used = s.nodes.flatMap((n) => subpatchIdOf(n.type) ?? []).filter((u) => ids.has(u));
      if (used.every((u) => good.has(u))) {
        good.add(s.id);
        grown = true;
      }
    }
  }
  return good;
}

const cache = new WeakMap<NodeRegistry, WeakMap<readonly Subpatch[], NodeRegistry>>();

/**
 * `base` and the patch's subpatches as node types `"subpatch:<id>"`. A subpatch that contains
 * itself (directly or through others) and the instances of a missing subpatch resolve to nothing,
 * like an unknown type: the checks report them.
 */
export function patchRegistry(
  base: NodeRegistry,
  subpatches: readonly Subpatch[] | undefined,
): NodeRegistry {
  if (!subpatches || subpatches.length === 0) return base;
  const known = cache.get(base)?.get(subpatches);
  if (known) return known;
  const byId = new Map(subpatches.map((s) => [s.id, s]));
  const sound = loopFree(subpatches);
  const derived = new Map<string, SubpatchNodeDefinition>();
  const registry: NodeRegistry = {
    get(type) {
      const id = subpatchIdOf(type);
      if (id === undefined) return base.get(type);
      const sub = byId.get(id);
      if (!sub || !sound.has(id)) return undefined;
      const def = derived.get(id) ?? deriveDefinition(sub, registry);
      derived.set(id, def);
      return def;
    },
    all: () => [
      ...base.all(),
      ...subpatches.flatMap((s) => registry.get(subpatchType(s.id)) ?? []),
    ],
  };
  const perBase = cache.get(base) ?? new WeakMap<readonly Subpatch[], NodeRegistry>();
  perBase.set(subpatches, registry);
  cache.set(base, perBase);
  return registry;
}

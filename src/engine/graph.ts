/**
 * Compiles a parsed patch into a graph the engine can run: node definitions resolved, ports typed,
 * cables checked (types, cycles, missing inputs, latents of the wrong model), nodes in
 * topological order. Every refusal names the nodes and ports involved.
 */
import type { Patch } from "./patch/schema";
import type { NodeRegistry } from "./patch/registry";
import { splitEndpoint } from "./patch/parse";
import { inputPorts, resolveParams } from "./params";
import type { InputSpec, NodeDefinition, Params } from "./nodeDefinition";
import type { ValueType } from "./values";
import { flattenSubpatches, FlattenError, type FlatPatch } from "./flatten";
import { sourceSecondsProblem } from "./patch/sourceSeconds";
import { withoutFitOnly } from "./fitOnly";
import { MAX_LISTED_ISSUES } from "./patch/errors";
import { escapeControlChars, listProblems } from "./patch/path";

/**
 * A patch that cannot be compiled. The message lists the problems one per line, each naming the
 * nodes and ports involved: the first {@link MAX_LISTED_ISSUES}, each cut at 1,000 characters
 * with control characters escaped (a hostile file's ids and names are quoted in part, on one
 * line), then a count of the rest; `problems` holds them all.
 */
export class GraphError extends Error {
  constructor(readonly problems: string[]) {
    super(listProblems(problems, MAX_LISTED_ISSUES, escapeControlChars));
    this.name = "GraphError";
  }
}

export interface Endpoint {
  readonly node: string;
  readonly port: string;
}

export interface CompiledNode {
  readonly id: string;
  readonly def: NodeDefinition;
  readonly params: Params;
  readonly ports: readonly InputSpec[];
  /** Input port → the output feeding it. */
  readonly inputs: ReadonlyMap<string, Endpoint>;
  readonly inputTypes: Readonly<Record<string, ValueType | undefined>>;
  readonly outputTypes: Readonly<Record<string, ValueType>>;
  /** Model of each latent/vector output ("" = the default model); undefined for other types. */
  readonly outputModel: string | undefined;
}

export interface CompiledGraph {
  /** Topological order: every node after the nodes it reads from. */
  readonly nodes: readonly CompiledNode[];
  readonly byId: ReadonlyMap<string, CompiledNode>;
  /** Model ids the graph uses ("" = the default model). */
  readonly modelIds: ReadonlySet<string>;
  /** Node id → the ids of the nodes that read from it. */
  readonly readers: ReadonlyMap<string, readonly string[]>;
  /** A subpatch instance's output (`"fx.out"`) → the flattened node output carrying it. */
  readonly instanceOutputs: ReadonlyMap<string, Endpoint>;
}

/** The patch with its subpatch instances flattened; a refusal becomes a GraphError. */
function flatten(patch: Patch): FlatPatch {
  try {
    return flattenSubpatches(patch);
  } catch (err) {
    if (err instanceof FlattenError) throw new GraphError(err.problems);
    throw err;
  }
}

const isLatentLike = (t: ValueType | undefined): boolean => t === "latent" || t === "vector";

/** The model a node is bound to by its own `model` parameter, if it has one. */
function ownModel(def: NodeDefinition, params: Params): string | undefined {
  const spec = def.params.find((p) => p.kind === "string" && p.refers === "model");
  return spec ? String(params[spec.name] ?? "") : undefined;
}

function topologicalOrder(patch: Patch, edges: Map<string, Endpoint[]>): string[] {
  const state = new Map<string, "visiting" | "done">();
  const order: string[] = [];
  const visit = (id: string, trail: string[]): void => {
    const s = state.get(id);
    if (s === "done") return;
    if (s === "visiting") {
      const loop = [...trail.slice(trail.indexOf(id)), id];
      throw new GraphError([
        `cycle: ${loop.join(" → ")} (a patch must not feed a node its own output)`,
      ]);
    }
    state.set(id, "visiting");
    for (const src of edges.get(id) ?? []) visit(src.node, [...trail, id]);
    state.set(id, "done");
    order.push(id);
  };
  for (const n of patch.nodes) visit(n.id, []);
  return order;
}

/**
 * Compiles `patch`, whose structure and parameters `parsePatch` has already checked. Subpatch
 * instances are flattened first (see flatten.ts): the graph holds their inner nodes as
 * `"<instanceId>/<innerId>"`. Cables into fit-only inputs, and the nodes that only feed them, are
 * left out (fitOnly.ts): they are read when fitting, never while playing.
 */
export function compileGraph(
  source: Patch,
  registry: NodeRegistry,
  defaultModel = "",
): CompiledGraph {
  const flat = flatten(source);
  const { describeNode: name, describeInput } = flat;
  const patch = withoutFitOnly(flat.patch, registry);
  const tooLong = sourceSecondsProblem(patch.nodes, registry, name);
  if (tooLong) throw new GraphError([tooLong]);
  const problems: string[] = [];
  const upstream = new Map<string, Endpoint[]>();
  const incoming = new Map<string, Map<string, Endpoint>>();
  for (const c of patch.connections) {
    const from = splitEndpoint(c.from);
    const to = splitEndpoint(c.to);
    upstream.set(to.node, [...(upstream.get(to.node) ?? []), from]);
    const map = incoming.get(to.node) ?? new Map<string, Endpoint>();
    map.set(to.port, from);
    incoming.set(to.node, map);
  }
  const order = topologicalOrder(patch, upstream);
  const patchNodes = new Map(patch.nodes.map((n) => [n.id, n]));
  const compiled = new Map<string, CompiledNode>();
  const modelIds = new Set<string>();
  const readers = new Map<string, string[]>();
  const patchModel = patch.model ?? defaultModel;

  for (const id of order) {
    const pn = patchNodes.get(id);
    const def = pn && registry.get(pn.type);
    if (!pn || !def) throw new GraphError([`${name(id)}: unknown node type`]);
    const params = resolveParams(def, pn.params);
    const ports = inputPorts(def);
    const inputs = incoming.get(id) ?? new Map<string, Endpoint>();
    const inputTypes: Record<string, ValueType | undefined> = {};
    const inputModels: { port: string; model: string; from: string }[] = [];
    for (const port of ports) {
      const src = inputs.get(port.name);
      if (!src) {
        if (!port.optional) {
          problems.push(
            `${name(id)} (${def.type}): input "${port.name}" is not connected (it needs ${port.types.join(" or ")})`,
          );
        }
        continue;
      }
      (readers.get(src.node) ?? readers.set(src.node, []).get(src.node)!).push(id);
      const srcNode = compiled.get(src.node);
      const t = srcNode?.outputTypes[src.port];
      if (!srcNode || t === undefined) continue; // the source's own problem is already reported
      if (!port.types.includes(t)) {
        problems.push(
          `cable ${src.node}.${src.port} → ${describeInput(`${id}.${port.name}`)}: ${def.type}.${port.name} accepts ${port.types.join(" or ")}, but ${src.node}.${src.port} carries ${t}`,
        );
        continue;
      }
      inputTypes[port.name] = t;
      if (isLatentLike(t) && srcNode.outputModel !== undefined) {
        inputModels.push({
          port: port.name,
          model: srcNode.outputModel || patchModel,
          from: `${src.node}.${src.port}`,
        });
      }
    }
    const bound = ownModel(def, params);
    const boundModel = bound === undefined ? undefined : bound || patchModel;
    const expected = boundModel ?? inputModels[0]?.model;
    for (const im of inputModels) {
      if (expected !== undefined && im.model !== expected) {
        problems.push(
          `${name(id)} (${def.type}): input "${im.port}" carries latents of model "${im.model || "(default)"}" from ${im.from}, but this node works in model "${expected || "(default)"}"`,
        );
      }
    }
    const outputTypes: Record<string, ValueType> = {};
    for (const out of def.outputs) {
      outputTypes[out.name] = typeof out.type === "function" ? out.type(inputTypes) : out.type;
    }
    const hasLatentOut = Object.values(outputTypes).some(isLatentLike);
    const outputModel = hasLatentOut ? (expected ?? patchModel) : undefined;
    if (boundModel !== undefined) modelIds.add(boundModel);
    compiled.set(id, { id, def, params, ports, inputs, inputTypes, outputTypes, outputModel });
  }
  if (problems.length > 0) throw new GraphError(problems);
  const nodes = order.map((id) => compiled.get(id)!);
  return { nodes, byId: compiled, modelIds, readers, instanceOutputs: flat.instanceOutputs };
}

/** Ids of `start` and every node downstream of it. */
export function downstreamOf(graph: CompiledGraph, start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(graph.readers.get(id) ?? []));
  }
  return seen;
}

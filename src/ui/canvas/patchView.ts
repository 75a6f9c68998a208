/**
 * What the canvas derives from the open patch, computed once per patch version: inferred socket
 * types, wired inputs, and the context pickers offer.
 */
import type { Patch } from "../../engine/patch/schema";
import { splitEndpoint } from "../../engine/patch/endpoint";
import { BUILTIN_MODEL_IDS, DEFAULT_MODEL_ID } from "../../engine/models/defaults";
import { nodeRegistry } from "../../nodes";
import type { NodeRegistry } from "../../engine/patch/registry";
import { registryOf } from "../model/graphScope";
import { inferTypes, type NodeTypes } from "../model/typeInference";
import { nodeView, type NodeView, type ViewContext } from "../model/nodeView";
import { appModels } from "../bundle/modelShelf";

interface Derived {
  /** The node types: the app's and the patch's subpatches (and a subpatch view's ports). */
  readonly registry: NodeRegistry;
  readonly nodes: Map<string, Patch["nodes"][number]>;
  readonly types: Map<string, NodeTypes>;
  readonly wired: Map<string, Set<string>>;
  readonly context: ViewContext;
  /** The model shelf's version it was derived with: a pack loaded later adds a model id. */
  readonly shelfVersion: number;
}

const cache = new WeakMap<Patch, Derived>();

function derive(patch: Patch): Derived {
  const hit = cache.get(patch);
  if (hit?.shelfVersion === appModels.version) return hit;
  const wired = new Map<string, Set<string>>();
  for (const c of patch.connections) {
    const to = splitEndpoint(c.to);
    wired.set(to.node, (wired.get(to.node) ?? new Set()).add(to.port));
  }
  // The shipped packs (the default first), the patch's own, then the ones dropped in.
  const modelIds = [
    ...new Set([
      ...BUILTIN_MODEL_IDS,
      ...(patch.model ? [patch.model] : []),
      ...appModels.customIds(),
    ]),
  ];
  const context = {
    assetIds: Object.keys(patch.assets ?? {}),
    modelIds,
    defaultModelId: DEFAULT_MODEL_ID,
  };
  const registry = registryOf(patch, nodeRegistry);
  const derived = {
    registry,
    nodes: new Map(patch.nodes.map((n) => [n.id, n])),
    types: inferTypes(patch, registry),
    wired,
    context,
    shelfVersion: appModels.version,
  };
  cache.set(patch, derived);
  return derived;
}

/** The generated view of node `id` in `patch`, or undefined if it is not there. */
export function viewOfNode(patch: Patch, id: string): NodeView | undefined {
  const { registry, nodes, types, wired, context } = derive(patch);
  const node = nodes.get(id);
  const def = registry.get(node?.type ?? "");
  if (!node || !def) return undefined;
  return nodeView(def, node, types.get(id), wired.get(id) ?? new Set(), context);
}

/** The definition of node type `type` in `patch` (its subpatches included). */
export function definitionIn(patch: Patch, type: string) {
  return derive(patch).registry.get(type);
}

/** The type a cable carries: its source output's inferred type. */
export function cableType(patch: Patch, source: string, output: string): string {
  return derive(patch).types.get(source)?.outputs[output] ?? "latent";
}

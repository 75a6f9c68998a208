/**
 * Parameters a patch sets that its nodes then ignore: a value the chosen mode does not use
 * (an AudioIn's `frequency` while it plays an asset, an LFO's `seed` unless its shape is
 * random), or a typed value that a cable on the same port overrides. Such a patch is valid,
 * but the value in it means nothing, so `validate` reports each one as a warning.
 */
import { isRelevant, relevanceRule } from "../paramRelevance";
import { resolveParams } from "../params";
import { pathKey } from "./path";
import type { NodeRegistry } from "./registry";
import type { Patch, PatchConnection, PatchNode } from "./schema";
import { isSubpatchDefinition, patchRegistry } from "./subpatch";

/** One ignored parameter: where it is written and why it is ignored. */
export interface IgnoredParam {
  readonly path: string;
  readonly message: string;
}

/** Where a parameter's value comes from when its rule's choice excludes it. */
function whyIgnored(
  def: NonNullable<ReturnType<NodeRegistry["get"]>>,
  name: string,
  params: ReturnType<typeof resolveParams>,
): string | undefined {
  const spec = def.params.find((p) => p.name === name);
  if (!spec || isRelevant(def, spec, params)) return undefined;
  if (isSubpatchDefinition(def)) {
    const dot = name.indexOf(".");
    const inner = def.innerDefinitions.get(name.slice(0, dot));
    const innerSpec = inner?.params.find((p) => p.name === name.slice(dot + 1));
    const rule = inner && innerSpec && relevanceRule(inner, innerSpec);
    if (!rule) return "its inner node does not use it";
    const chosen = String(params[`${name.slice(0, dot)}.${rule.param}`]);
    return `${name.slice(0, dot)}.${rule.param} is "${chosen}" (${innerSpec.name} applies only when ${rule.param} is ${rule.values.join(" or ")})`;
  }
  const rule = relevanceRule(def, spec);
  if (!rule) return undefined;
  return `${rule.param} is "${String(params[rule.param])}" (${name} applies only when ${rule.param} is ${rule.values.join(" or ")})`;
}

function nodesIgnoring(
  nodes: readonly PatchNode[],
  connections: readonly PatchConnection[],
  extraPorts: readonly string[],
  registry: NodeRegistry,
  path: string,
): IgnoredParam[] {
  const driven = new Map<string, string>();
  for (const c of connections) driven.set(c.to, `the cable from ${c.from} drives it`);
  for (const to of extraPorts) driven.set(to, "the subpatch's exposed input drives it");
  const found: IgnoredParam[] = [];
  nodes.forEach((node, i) => {
    const def = registry.get(node.type);
    if (!def) return;
    const params = resolveParams(def, node.params);
    for (const name of Object.keys(node.params)) {
      const at = pathKey(pathKey(pathKey(path, i), "params"), name);
      const cable = driven.get(`${node.id}.${name}`);
      const spec = def.params.find((p) => p.name === name);
      if (cable && spec?.kind === "number" && spec.modulatable) {
        found.push({ path: at, message: `ignored: ${cable}` });
        continue;
      }
      const why = whyIgnored(def, name, params);
      if (why) found.push({ path: at, message: `ignored: ${why}` });
    }
  });
  return found;
}

/** Every parameter `patch` sets (in its nodes and its subpatches' nodes) that is ignored. */
export function ignoredParams(patch: Patch, base: NodeRegistry): IgnoredParam[] {
  const registry = patchRegistry(base, patch.subpatches);
  const found = nodesIgnoring(patch.nodes, patch.connections, [], registry, "patch.nodes");
  (patch.subpatches ?? []).forEach((sub, i) => {
    const exposed = sub.inputs.flatMap((input) => input.to);
    const path = pathKey(pathKey("patch.subpatches", i), "nodes");
    found.push(...nodesIgnoring(sub.nodes, sub.connections, exposed, registry, path));
  });
  return found;
}

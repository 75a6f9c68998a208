/**
 * The models a patch names — its default `model` and every node parameter that names one
 * (Encode, Decode, DescriptorTarget, in subpatches too) — checked against the packs there are
 * before any is loaded, so a typo reads "unknown model" with the list, all at once.
 */
import { pathKey } from "../engine/patch/path";
import type { Patch, PatchNode } from "../engine/patch/schema";
import { patchRegistry } from "../engine/patch/subpatch";
import { nodeRegistry } from "../nodes";

function unknownIn(
  nodes: readonly PatchNode[],
  path: string,
  patch: Patch,
  known: ReadonlySet<string>,
): string[] {
  const registry = patchRegistry(nodeRegistry, patch.subpatches);
  return nodes.flatMap((node, i) => {
    const def = registry.get(node.type);
    return (def?.params ?? []).flatMap((spec) => {
      const id = node.params[spec.name];
      if (spec.kind !== "string" || spec.refers !== "model" || typeof id !== "string") return [];
      if (id === "" || known.has(id)) return [];
      return [`${pathKey(pathKey(pathKey(path, i), "params"), spec.name)}: unknown model "${id}"`];
    });
  });
}

/**
 * Refuses a patch that names a model `known` does not hold, every such place on its own line,
 * then the models there are.
 */
export function checkPatchModels(patch: Patch, known: readonly string[]): void {
  const ids = new Set(known);
  const problems: string[] = [];
  if (patch.model !== undefined && !ids.has(patch.model))
    problems.push(`patch.model: unknown model "${patch.model}"`);
  problems.push(...unknownIn(patch.nodes, "patch.nodes", patch, ids));
  (patch.subpatches ?? []).forEach((sub, i) =>
    problems.push(...unknownIn(sub.nodes, `patch.subpatches[${i}].nodes`, patch, ids)),
  );
  if (problems.length === 0) return;
  const available = `available: ${[...ids].sort().join(", ")}`;
  if (problems.length === 1) throw new Error(`${problems[0]}; ${available}`);
  throw new Error(`${problems.join("\n")}\n(${available})`);
}

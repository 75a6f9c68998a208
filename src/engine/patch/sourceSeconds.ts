/**
 * The limit on test sources: every AudioIn playing a sine or noise makes its whole signal when it
 * is created, so their lengths added up bound a render's memory. Judged on the flattened patch
 * (whose size the pre-pass has bounded), with each instance's overrides applied.
 */
import { resolveParams } from "../params";
import { formatCount, MAX_SOURCE_SECONDS } from "./limits";
import type { NodeRegistry } from "./registry";
import type { PatchNode } from "./schema";

/** The node type whose `seconds` the limit adds up. */
const SOURCE_TYPE = "AudioIn";

/**
 * Why the sine and noise sources among `nodes` (flattened) last too long in all, naming the node
 * where the total passes the limit with `describe(id)`; undefined when they do not.
 */
export function sourceSecondsProblem(
  nodes: readonly PatchNode[],
  registry: NodeRegistry,
  describe: (id: string) => string,
): string | undefined {
  const def = registry.get(SOURCE_TYPE);
  if (!def) return undefined;
  let total = 0;
  for (const node of nodes) {
    if (node.type !== SOURCE_TYPE) continue;
    const p = resolveParams(def, node.params);
    if (p.source !== "sine" && p.source !== "noise") continue;
    total += Number(p.seconds);
    if (total > MAX_SOURCE_SECONDS) {
      const seconds = formatCount(Math.round(total * 100) / 100);
      return `${describe(node.id)}: the sine and noise sources up to here last ${seconds} s (the limit is ${formatCount(MAX_SOURCE_SECONDS)} s in all)`;
    }
  }
  return undefined;
}

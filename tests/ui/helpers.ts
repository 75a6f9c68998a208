import { readFileSync } from "node:fs";
import { parsePatch } from "../../src/engine/patch/parse";
import type { Patch } from "../../src/engine/patch/schema";
import { nodeRegistry } from "../../src/nodes";

/** A demo patch from examples/, parsed. */
export function example(name: string): Patch {
  const text = readFileSync(new URL(`../../examples/${name}.patch.json`, import.meta.url), "utf8");
  return parsePatch(text, nodeRegistry);
}

export const empty: Patch = {
  format: "latent-patcher.patch",
  version: 2,
  name: "test",
  nodes: [],
  connections: [],
};

export const at = (node: string, port: string) => ({ node, port });

import { Engine } from "../../src/engine/engine";
import { fsLoader } from "../../src/engine/node/fsLoader";
import { parsePatch } from "../../src/engine/patch/parse";
import type { Patch } from "../../src/engine/patch/schema";
import { nodeRegistry } from "../../src/nodes";
import { DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";

const FIXTURES = new Set(["spectral-fixture", "wave-fixture"]);

/** An engine reading the repo's files, with the test fixture packs available by id. */
export function testEngine(): Engine {
  return new Engine({
    registry: nodeRegistry,
    appLoader: fsLoader(process.cwd()),
    patchFiles: fsLoader(process.cwd()),
    defaultModelId: DEFAULT_MODEL_ID,
    modelDir: (id) => (FIXTURES.has(id) ? `tests/fixtures/models/${id}` : `models/${id}`),
  });
}

type NodeSpec = [id: string, type: string, params?: Record<string, unknown>];

/** A patch from a compact description; validated like a file. */
export function makePatch(
  nodes: NodeSpec[],
  connections: [string, string][],
  extra: Record<string, unknown> = {},
): Patch {
  return parsePatch(
    {
      format: "latent-patcher.patch",
      version: 2,
      name: "test",
      nodes: nodes.map(([id, type, params]) => ({ id, type, params: params ?? {} })),
      connections: connections.map(([from, to]) => ({ from, to })),
      ...extra,
    },
    nodeRegistry,
  );
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / Math.max(1, x.length));
}

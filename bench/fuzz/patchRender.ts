/**
 * What the patch and text loaders share once a patch is parsed: warm engines per set of models,
 * and the check that a short render loads, compiles and stays finite within full scale.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Engine } from "../../src/engine/engine";
import { DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import { fsLoader } from "../../src/engine/node/fsLoader";
import { parsePatch } from "../../src/engine/patch/parse";
import type { Patch } from "../../src/engine/patch";
import { nodeRegistry } from "../../src/nodes";
import { FuzzViolation } from "./classify";

const RENDER_SECONDS = 0.03;

/** Engines kept warm per set of models a patch names, so a case rarely loads a pack cold. */
export class EnginePool {
  private readonly engines = new Map<string, Engine>();

  constructor(private readonly root: string) {}

  get(key: string): Engine {
    let engine = this.engines.get(key);
    if (engine) {
      this.engines.delete(key);
    } else {
      engine = new Engine({
        registry: nodeRegistry,
        appLoader: fsLoader(this.root),
        patchFiles: fsLoader(join(this.root, "examples")),
        defaultModelId: DEFAULT_MODEL_ID,
      });
    }
    this.engines.set(key, engine);
    for (const [old, e] of this.engines) {
      if (this.engines.size <= 4) break;
      e.dispose();
      this.engines.delete(old);
    }
    return engine;
  }

  /** Warms the default model so the first case is not charged with its load. */
  async warm(): Promise<void> {
    const first = await readFile(join(this.root, "examples", "reconstruct.patch.json"), "utf8");
    await this.get(modelKey({ nodes: [] })).load(parsePatch(first, nodeRegistry));
  }

  close(): void {
    for (const e of this.engines.values()) e.dispose();
    this.engines.clear();
  }
}

function modelKey(patch: {
  model?: string;
  nodes: readonly { params: Record<string, unknown> }[];
}): string {
  const ids = new Set<string>();
  for (const n of patch.nodes) if (typeof n.params.model === "string") ids.add(n.params.model);
  return JSON.stringify([patch.model ?? "", [...ids].sort()]);
}

/** Loads `patch` into a pooled engine and renders a moment of it; throws what the engine refuses. */
export async function loadAndRender(pool: EnginePool, patch: Patch): Promise<void> {
  const engine = pool.get(modelKey(patch));
  await engine.load(patch);
  const result = await engine.render({ seconds: RENDER_SECONDS, blockFrames: 64 });
  for (const [id, audio] of result.outputs) {
    for (const ch of audio.channels) {
      for (let i = 0; i < ch.length; i++) {
        const v = ch[i]!;
        if (!(Math.abs(v) <= 1)) {
          throw new FuzzViolation(`AudioOut "${id}" sample ${i} is ${v}, past full scale`);
        }
      }
    }
  }
}

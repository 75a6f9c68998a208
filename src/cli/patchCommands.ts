import { writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Engine } from "../engine/engine";
import type { Patch } from "../engine/patch/schema";
import { fsLoader } from "../engine/node/fsLoader";
import { DEFAULT_MODEL_ID } from "../engine/models/defaults";
import { nodeRegistry } from "../nodes";
import { encodeWav } from "../dsp/wav";
import { appLoader, positiveNumber, readInputFile, requireString } from "./app";
import { UsageError, type Flags } from "./main";
import { parsePatchFile } from "./textFiles";

async function readPatch(path: string | undefined): Promise<Patch> {
  if (!path) throw new UsageError("a patch file is required");
  const bytes = await readInputFile(path);
  try {
    return parsePatchFile(path, new TextDecoder().decode(bytes));
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

async function loadEngine(path: string, patch: Patch): Promise<Engine> {
  const engine = new Engine({
    registry: nodeRegistry,
    appLoader,
    patchFiles: fsLoader(dirname(resolve(path))),
    defaultModelId: DEFAULT_MODEL_ID,
  });
  try {
    await engine.load(patch);
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return engine;
}

function peakDb(channels: readonly Float32Array[]): number {
  let peak = 0;
  for (const c of channels) for (const x of c) peak = Math.max(peak, Math.abs(x));
  return 20 * Math.log10(Math.max(peak, 1e-9));
}

export async function renderCommand(positionals: string[], flags: Flags): Promise<number> {
  const out = requireString(flags, "out");
  const seconds = positiveNumber(flags, "seconds");
  const block = positiveNumber(flags, "block");
  const path = positionals[0]!;
  const patch = await readPatch(path);
  const engine = await loadEngine(path, patch);
  const started = performance.now();
  const result = await engine.render({ seconds, blockFrames: block });
  const elapsed = (performance.now() - started) / 1000;
  const [first] = result.outputs.values();
  if (!first)
    throw new UsageError(`${path}: the patch has no AudioOut node, so there is nothing to render`);
  await writeFile(out, encodeWav(first.channels, first.sampleRate, "pcm16"));
  const dur = (first.channels[0]?.length ?? 0) / first.sampleRate;
  console.log(
    `wrote ${out}: ${dur.toFixed(2)} s, ${first.sampleRate} Hz, ${first.channels.length} ch, peak ${peakDb(first.channels).toFixed(1)} dBFS (rendered in ${elapsed.toFixed(2)} s)`,
  );
  engine.dispose();
  return 0;
}

export async function validateCommand(positionals: string[]): Promise<number> {
  const path = positionals[0];
  const patch = await readPatch(path);
  const engine = await loadEngine(path!, patch);
  engine.dispose();
  console.log(
    `ok: ${path}: "${patch.name}", ${patch.nodes.length} nodes, ${patch.connections.length} connections`,
  );
  return 0;
}

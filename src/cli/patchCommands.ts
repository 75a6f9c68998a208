import { dirname, resolve } from "node:path";
import { Engine, type EngineOptions } from "../engine/engine";
import { fsLoader } from "../engine/node/fsLoader";
import { DEFAULT_MODEL_ID } from "../engine/models/defaults";
import { nodeRegistry } from "../nodes";
import { loadStreamSetup, type LoadedStreamSetup } from "../engine/stream/loadStream";
import { positiveNumber, requireString } from "./app";
import { readPatchInput, type PatchInput } from "./bundleInput";
import { UsageError, type Flags } from "./main";
import { writeOutput } from "./outputFile";
import { renderToFile } from "./streamRender";

async function readPatch(path: string | undefined): Promise<PatchInput> {
  if (!path) throw new UsageError("a patch file is required");
  return readPatchInput(path);
}

function engineOptions(path: string, { appLoader }: PatchInput): EngineOptions {
  return {
    registry: nodeRegistry,
    appLoader,
    patchFiles: fsLoader(dirname(resolve(path))),
    defaultModelId: DEFAULT_MODEL_ID,
  };
}

async function loadEngine(path: string, input: PatchInput): Promise<Engine> {
  const engine = new Engine(engineOptions(path, input));
  try {
    await engine.load(input.patch);
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return engine;
}

/**
 * Compiles the patch and loads its models and assets for streaming (sound files are read as
 * they play); errors name the file.
 */
async function loadSetup(path: string, input: PatchInput): Promise<LoadedStreamSetup> {
  try {
    return await loadStreamSetup(input.patch, engineOptions(path, input), { streamAssets: true });
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

export async function renderCommand(positionals: string[], flags: Flags): Promise<number> {
  const out = requireString(flags, "out");
  const seconds = positiveNumber(flags, "seconds");
  const blockFrames = positiveNumber(flags, "block");
  const path = positionals[0]!;
  const setup = await loadSetup(path, await readPatch(path));
  try {
    if (!setup.graph.nodes.some((n) => n.def.category === "output"))
      throw new UsageError(
        `${path}: the patch has no AudioOut node, so there is nothing to render`,
      );
    const started = performance.now();
    const r = await writeOutput(out, async (file) => {
      try {
        return await renderToFile(setup, file, { seconds, blockFrames });
      } catch (err) {
        throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`, {
          cause: err,
        });
      }
    });
    const elapsed = (performance.now() - started) / 1000;
    const peakDb = 20 * Math.log10(Math.max(r.peak, 1e-9));
    console.log(
      `wrote ${out}: ${(r.samples / r.sampleRate).toFixed(2)} s, ${r.sampleRate} Hz, ${r.channels} ch, peak ${peakDb.toFixed(1)} dBFS (rendered in ${elapsed.toFixed(2)} s)`,
    );
  } finally {
    await setup.dispose();
  }
  return 0;
}

export async function validateCommand(positionals: string[]): Promise<number> {
  const path = positionals[0];
  const input = await readPatch(path);
  const { patch } = input;
  const engine = await loadEngine(path!, input);
  engine.dispose();
  console.log(
    `ok: ${path}: "${patch.name}", ${patch.nodes.length} nodes, ${patch.connections.length} connections`,
  );
  return 0;
}

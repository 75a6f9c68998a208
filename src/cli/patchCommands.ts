/** `render` (a patch to a WAV, streamed) and `validate` (a patch checked as the app loads it). */
import { dirname, resolve } from "node:path";
import { Engine, type EngineOptions } from "../engine/engine";
import { fsLoader } from "../engine/node/fsLoader";
import { DEFAULT_MODEL_ID } from "../engine/models/defaults";
import { nodeRegistry } from "../nodes";
import { loadStreamSetup, type LoadedStreamSetup } from "../engine/stream/loadStream";
import { compileGraph, type CompiledGraph } from "../engine/graph";
import { ignoredParams } from "../engine/patch/ignoredParams";
import { atMost, type Flags } from "./args";
import {
  availableModelIds,
  checkModelOption,
  formatName,
  positiveInteger,
  positiveNumber,
  requireString,
  wavFormat,
} from "./app";
import { readPatchInput, type PatchInput } from "./bundleInput";
import { checkPatchModels } from "./patchModels";
import { writeOutput } from "./outputFile";
import { dbfs, warnLevels } from "./report";
import { renderToFile } from "./streamRender";
import { UsageError } from "./usage";

/** The patch named on the command line, with `--model` (checked) as its default model. */
async function readPatch(
  positionals: readonly string[],
  command: string,
  flags: Flags,
): Promise<{ path: string; input: PatchInput }> {
  atMost(positionals, 1, `${command} takes one patch file`);
  const path = positionals[0];
  if (!path) throw new UsageError("a patch file is required");
  const input = await readPatchInput(path);
  const model = typeof flags.model === "string" ? flags.model : undefined;
  if (model !== undefined) await checkModelOption(model, input.packIds);
  try {
    const known = [...(await availableModelIds()), ...input.packIds];
    checkPatchModels({ ...input.patch, model: model ?? input.patch.model }, known);
  } catch (err) {
    throw naming(path, err);
  }
  if (model === undefined) return { path, input };
  let graph: CompiledGraph;
  try {
    graph = compileGraph({ ...input.patch, model: undefined }, nodeRegistry);
  } catch (err) {
    throw naming(path, err);
  }
  checkDefaultModelUsed(path, graph, model);
  return { path, input: { ...input, patch: { ...input.patch, model } } };
}

/**
 * Refuses `--model` for a patch where it would change nothing: every codec node names its own
 * model (with none, the default model still sets the patch's clock). `graph` is compiled
 * without the patch's own default, so "" marks the nodes that use the default.
 */
function checkDefaultModelUsed(path: string, graph: CompiledGraph, model: string): void {
  const ids = [...graph.modelIds];
  if (ids.length > 0 && !ids.includes(""))
    throw new UsageError(
      `--model ${model}: every Encode and Decode of ${path} names its own model (${ids.join(", ")}), so the default model would change nothing`,
    );
}

function engineOptions(path: string, { appLoader }: PatchInput): EngineOptions {
  return {
    registry: nodeRegistry,
    appLoader,
    patchFiles: fsLoader(dirname(resolve(path))),
    defaultModelId: DEFAULT_MODEL_ID,
  };
}

/** Prefixes an error's message with the patch's path. */
function naming(path: string, err: unknown): Error {
  return new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

/**
 * Compiles the patch and loads its models and assets for streaming (sound files are read as
 * they play); errors name the file.
 */
async function loadSetup(path: string, input: PatchInput): Promise<LoadedStreamSetup> {
  try {
    return await loadStreamSetup(input.patch, engineOptions(path, input), { streamAssets: true });
  } catch (err) {
    throw naming(path, err);
  }
}

export async function renderCommand(positionals: string[], flags: Flags): Promise<number> {
  const out = requireString(flags, "out");
  const seconds = positiveNumber(flags, "seconds");
  const blockFrames = positiveInteger(flags, "block");
  const format = wavFormat(flags, "pcm24");
  const { path, input } = await readPatch(positionals, "render", flags);
  const setup = await loadSetup(path, input);
  try {
    if (!setup.graph.nodes.some((n) => n.def.category === "output"))
      throw new Error(`${path}: the patch has no AudioOut node, so there is nothing to render`);
    const started = performance.now();
    const r = await writeOutput(out, async (file) => {
      try {
        return await renderToFile(setup, file, { seconds, blockFrames, format });
      } catch (err) {
        throw naming(path, err);
      }
    });
    const elapsed = (performance.now() - started) / 1000;
    console.log(
      `wrote ${out}: ${(r.samples / r.sampleRate).toFixed(2)} s, ${r.sampleRate} Hz, ${r.channels} ch, ${formatName(format)}, peak ${dbfs(r.peak)}, default model ${setup.models.defaultModelId} (rendered in ${elapsed.toFixed(2)} s)`,
    );
    warnLevels(
      out,
      r.stats,
      format,
      r.samples * r.channels,
      "the patch clipped them (an AudioOut with its limiter off clips at full scale)",
    );
  } finally {
    await setup.dispose();
  }
  return 0;
}

export async function validateCommand(positionals: string[], flags: Flags): Promise<number> {
  const { path, input } = await readPatch(positionals, "validate", flags);
  const { patch } = input;
  const engine = new Engine(engineOptions(path, input));
  try {
    await engine.load(patch);
  } catch (err) {
    throw naming(path, err);
  } finally {
    engine.dispose();
  }
  console.log(
    `ok: ${path}: "${patch.name}", ${patch.nodes.length} nodes, ${patch.connections.length} connections, default model ${patch.model ?? DEFAULT_MODEL_ID}`,
  );
  // Valid, but a value the patch sets that its node ignores means nothing: say so.
  for (const { path: at, message } of ignoredParams(patch, nodeRegistry))
    console.error(`latent-patcher: warning: ${path}: ${at}: ${message}`);
  return 0;
}

/**
 * Fits a LearnedOp node of a patch in the engine worker (issue 18): renders the examples wired
 * into its `dry1`/`wet1` … inputs (just the nodes that make them, on an engine of its own), checks
 * every input, fits the node's `kind`, and hands back the operation JSON with the fingerprint of
 * its examples. Progress is reported from 0 to 1; a flag in shared memory cancels it, read between
 * blocks of the render and steps of the fit (a call can't reach a worker busy fitting).
 */
import { Engine, type EngineOptions } from "../engine";
import { fitOperation } from "../learn/fit";
import {
  examplePatch,
  exampleFingerprint,
  fitLabel,
  learnedOpNode,
  wiredPairs,
} from "../learn/examples";
import { OPERATION_KINDS, type OperationKind } from "../learn/operation";
import { alignPairs, type LatentPair } from "../learn/pairs";
import { parsePatch } from "../patch/parse";
import type { LatentValue } from "../values";

/** Rejects a fit that was cancelled. */
export const FIT_CANCELLED = "fit cancelled";

/** What a fit hands back. */
export interface LearnFitResult {
  /** The operation JSON (docs/learn.md), `fittedOn.fingerprint` set: the node's `operation`. */
  readonly operation: string;
  /** Rendering the examples, and fitting, in milliseconds. */
  readonly renderMillis: number;
  readonly fitMillis: number;
}

/** The share of the progress bar the examples' render takes; the fit has the rest. */
const RENDER_SHARE = 0.3;

/** One engine kept between fits, so the models stay open. */
export class LearnFitter {
  private readonly engine: Engine;

  constructor(private readonly options: EngineOptions) {
    this.engine = new Engine(options);
  }

  /**
   * Fits LearnedOp `nodeId` of `patchText` (patch JSON). `progress` hears the share done (0–1);
   * setting `cancel[0]` to non-zero stops it. Rejects with a one-line message naming the node and
   * input that is wrong, or {@link FIT_CANCELLED}.
   */
  async fit(
    patchText: string,
    nodeId: string,
    progress: (done: number) => void = () => undefined,
    cancel?: Int32Array,
  ): Promise<LearnFitResult> {
    const label = fitLabel(nodeId);
    // Each percent once: the render reports every block of every node, and each report is a
    // message to the page (thousands of them kept its thread busy for seconds).
    let percent = -1;
    const report = (done: number) => {
      const p = Math.floor(done * 100);
      if (p === percent) return;
      percent = p;
      progress(done);
    };
    const abort = new AbortController();
    const check = () => {
      if (cancel && Atomics.load(cancel, 0) !== 0) abort.abort();
      if (abort.signal.aborted) throw new Error(FIT_CANCELLED);
    };
    const patch = parsePatch(JSON.parse(patchText) as unknown, this.options.registry);
    const node = learnedOpNode(patch, nodeId);
    const kind = String(node.params.kind ?? "filmr") as OperationKind;
    if (!OPERATION_KINDS.includes(kind)) throw new Error(`${label}: kind "${kind}" is unknown`);
    const wired = wiredPairs(patch, nodeId);
    const t0 = performance.now();
    report(0);
    try {
      await this.engine.load(examplePatch(patch, nodeId));
      check();
      await this.engine.render({
        onProgress: (f) => {
          check();
          report(RENDER_SHARE * f);
        },
      });
    } catch (err) {
      check();
      throw new Error(`${label}: the examples could not be rendered: ${(err as Error).message}`, {
        cause: err,
      });
    }
    const t1 = performance.now();
    const pairs: LatentPair[] = wired.map((p) => ({
      name: `dry${p.index}/wet${p.index}`,
      dry: this.example(label, `dry${p.index}`, p.dry),
      wet: this.example(label, `wet${p.index}`, p.wet),
    }));
    checkExampleModels(label, wired, pairs);
    let operation;
    try {
      const aligned = alignPairs(pairs, kind);
      const steps = Number(node.params.steps ?? 1500);
      operation = fitOperation(kind, aligned, {
        ...(kind === "filmr" ? { steps } : {}),
        ...(kind !== "mean" && node.params.shrink === "auto" ? { validate: true } : {}),
        signal: abort.signal,
        progress: (f) => {
          check();
          report(RENDER_SHARE + (1 - RENDER_SHARE) * f);
        },
      });
    } catch (err) {
      check();
      throw new Error(`${label}: ${(err as Error).message}`, { cause: err });
    }
    const fingerprint = exampleFingerprint(patch, nodeId, this.options.registry);
    const record = { ...operation.fittedOn, ...(fingerprint ? { fingerprint } : {}) };
    return {
      operation: JSON.stringify({ ...operation, fittedOn: record }),
      renderMillis: t1 - t0,
      fitMillis: performance.now() - t1,
    };
  }

  /** The rendered latent of one example input. */
  private example(label: string, port: string, src: { node: string; port: string }): LatentValue {
    const v = this.engine.value(src.node, src.port);
    if (!v) throw new Error(`${label}: ${port} got nothing from ${src.node}.${src.port}`);
    if (v.type !== "latent")
      throw new Error(
        `${label}: ${port} needs a latent, but ${src.node}.${src.port} gave ${v.type}`,
      );
    for (let i = 0; i < v.data.length; i++)
      if (!Number.isFinite(v.data[i]))
        throw new Error(
          `${label}: ${port} (from ${src.node}.${src.port}) holds ${v.data[i]} at frame ${Math.floor(i / v.dims)} dim ${i % v.dims}, not a finite number`,
        );
    return v;
  }

  dispose(): void {
    this.engine.dispose();
  }
}

/**
 * Every example must come from the first one's model and width; names the input that doesn't.
 * @throws Error `LearnedOp <id>: wet2 carries latents of model …`
 */
export function checkExampleModels(
  label: string,
  wired: readonly { index: number }[],
  pairs: readonly LatentPair[],
): void {
  const first = pairs[0]!.dry;
  const firstPort = `dry${wired[0]!.index}`;
  pairs.forEach((p, i) => {
    for (const side of ["dry", "wet"] as const) {
      const v = p[side];
      const port = `${side}${wired[i]!.index}`;
      if (v.modelId !== first.modelId)
        throw new Error(
          `${label}: ${port} carries latents of model "${v.modelId}", ${firstPort} of "${first.modelId}": encode every example with one model`,
        );
      if (v.dims !== first.dims)
        throw new Error(`${label}: ${port} has ${v.dims} dims, ${firstPort} ${first.dims}`);
    }
  });
}

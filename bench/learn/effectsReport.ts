/** The nine-effect part of `npm run bench:learn`: runs the comparison and writes learn.{json,md}. */
import { writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import type { LoadedModel } from "../../src/engine/models/types";
import { COMPARED, compareOnEffect, DryCache, type EffectResult } from "./compare";
import { NINE_EFFECTS, ROOT, type Source } from "./material";

const f3 = (x: number) => x.toFixed(3);

/** The report's markdown from the results. */
export function learnMarkdown(
  meta: { model: string; date: string; machine: string },
  fit: readonly Source[],
  heldOut: readonly Source[],
  results: readonly EffectResult[],
): string {
  const seconds = (s: readonly Source[]) =>
    s.map((x) => `${x.name} (${(x.samples.length / 44100).toFixed(1)} s)`).join(", ");
  const won = results.filter((r) => r.beatsMean).length;
  const overIdentity = results.filter((r) => r.beatsIdentity).length;
  const row = (r: EffectResult, pick: (k: EffectResult["kinds"][number]) => string) =>
    COMPARED.map((k) => pick(r.kinds.find((x) => x.kind === k)!)).join(" | ");
  const verdict = (r: EffectResult) =>
    r.beatsMean && r.beatsIdentity
      ? `${r.best} beats mean and identity`
      : r.beatsIdentity
        ? `${r.best} beats identity, not mean`
        : r.beatsMean
          ? `${r.best} beats mean, not identity`
          : "no learned kind helps";
  return [
    "# Learned latent operations on nine effects (issue 18, part 3)",
    "",
    `Model ${meta.model} (the default pack), ${meta.machine}, ${meta.date} (\`npm run bench:learn\`).`,
    "",
    `Fitted on ${seconds(fit)}; scored on held-out sources, other instruments and recordings: ${seconds(heldOut)}. ` +
      "Each effect is our effect node at the settings listed, run on the dry source. Mean shift, FiLMR (Adam, " +
      "1,500 steps) and affine (ridge) are fitted on the fit sources' frame-aligned dry/wet latents as `latent-patcher learn` fits them; " +
      "filmr-v and affine-v are the same kinds pulled towards mean shift by the shrink that leave-one-source-out validation on the fit sources chose " +
      "(`validate: true`, docs/learn.md). The verdict compares the better of filmr-v and affine-v with mean shift and identity; " +
      "nothing is tuned on the held-out sources. Numbers are means over the held-out sources.",
    "",
    `**Target:** a learned kind beats mean shift on decoded audio for ≥ 7 of 9 effects, and beats identity on all. ` +
      `**Measured:** the better learned kind beats mean shift on ${won} of ${results.length} and identity on ${overIdentity} of ${results.length}.`,
    "",
    "## Decoded audio: MR-STFT distance to the true wet audio (lower is better)",
    "",
    "decode(op(encode(dry))) against the wet audio; identity is decode(encode(dry)); the floor is decode(encode(wet)), what a perfect latent operation would give.",
    "",
    `| effect | ${COMPARED.join(" | ")} | floor | beats mean on (of ${heldOut.length}) | verdict |`,
    `|---|${COMPARED.map(() => "---|").join("")}---|---|---|`,
    ...results.map(
      (r) =>
        `| ${r.effect} | ${row(r, (k) => f3(k.mrstft))} | ${f3(r.floor)} | ${r.kinds.find((k) => k.kind === r.best)!.beatsMeanOn} (${r.best}) | ${verdict(r)} |`,
    ),
    "",
    "## Latents: mean squared distance to the wet latents, relative to identity (1 = doing nothing)",
    "",
    `| effect | ${COMPARED.join(" | ")} |`,
    `|---|${COMPARED.map(() => "---|").join("")}`,
    ...results.map((r) => `| ${r.effect} | ${row(r, (k) => f3(k.latentRelative))} |`),
    "",
    "## Fit time (seconds, one thread, on the fit sources)",
    "",
    "| effect | mean | filmr | affine | filmr-v | affine-v | shrink chosen (filmr-v, affine-v) |",
    "|---|---|---|---|---|---|---|",
    ...results.map(
      (r) =>
        `| ${r.effect} | ${COMPARED.slice(1)
          .map((k) => r.kinds.find((x) => x.kind === k)!.fitSeconds.toFixed(3))
          .join(" | ")} | ${r.shrinks["filmr-v"]}, ${r.shrinks["affine-v"]} |`,
    ),
    "",
    "## Settings",
    "",
    "| effect | node | parameters |",
    "|---|---|---|",
    ...results.map(
      (r) =>
        `| ${r.effect} | ${r.node} | ${Object.entries(r.params)
          .map(([k, v]) => `${k} ${typeof v === "number" ? Number(v.toFixed(3)) : v}`)
          .join(", ")} |`,
    ),
    "",
  ].join("\n");
}

/** Runs the nine effects with `model` and writes bench/results/learn.{json,md}. */
export async function nineEffects(
  model: LoadedModel,
  fit: readonly Source[],
  heldOut: readonly Source[],
): Promise<EffectResult[]> {
  const dry = new DryCache(model);
  const results: EffectResult[] = [];
  for (const spec of NINE_EFFECTS) {
    const r = await compareOnEffect(model, spec, fit, heldOut, dry);
    console.log(
      `${spec.name}: ${r.kinds.map((k) => `${k.kind} ${f3(k.mrstft)}`).join(", ")}, floor ${f3(r.floor)}`,
    );
    results.push(r);
  }
  const meta = {
    model: model.id,
    date: new Date().toISOString(),
    machine: `${cpus()[0]?.model ?? "?"}, ${cpus().length} cores, Node ${process.version}, load average ${(loadavg()[0] ?? 0).toFixed(1)}`,
  };
  const sources = (s: readonly Source[]) =>
    s.map((x) => ({ name: x.name, seconds: x.samples.length / model.sampleRate }));
  await writeFile(
    `${ROOT}bench/results/learn.json`,
    JSON.stringify({ ...meta, fit: sources(fit), heldOut: sources(heldOut), results }, null, 2) +
      "\n",
  );
  await writeFile(`${ROOT}bench/results/learn.md`, learnMarkdown(meta, fit, heldOut, results));
  return results;
}

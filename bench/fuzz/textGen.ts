/**
 * Text-form bombs: what a hostile `.lp` file or a pasted text can hold that no honest one does —
 * exponentially nested subpatch lines, hundreds of thousands of lines, deep calls, giant lists,
 * strings and comments.
 */
import type { Json } from "./mutateJson";
import { nestedSubpatches } from "./patchGen";
import type { Rng } from "./rng";

const CHAIN_HEAD =
  "src = AudioIn source=asset asset=piano\nasset piano builtin piano\nenc = Encode src";

/** A patch's subpatch definitions as `subpatch {…}` lines over its nodes, in the text form. */
function subpatchText(patch: Json): string {
  const subs = (patch as { subpatches: Json[] }).subpatches;
  const top = (patch as { nodes: { type: string }[] }).nodes[2]!.type;
  return [
    ...subs.map((s) => `subpatch ${JSON.stringify(s)}`),
    CHAIN_HEAD,
    `sub = ${top} enc`,
    "dec = Decode sub",
    "out = AudioOut dec",
  ].join("\n");
}

/** A bomb in the text form, and its name. */
export function textBomb(rng: Rng): { text: string; note: string } {
  const kind = rng.pick([
    "nested-subpatches",
    "fanout-subpatches",
    "recursive-subpatch",
    "many-lines",
    "deep-calls",
    "huge-steps",
    "huge-curve",
    "giant-string",
    "many-comments",
    "deep-json",
  ] as const);
  switch (kind) {
    case "nested-subpatches": {
      const depth = rng.size(2, 5000);
      return { text: subpatchText(nestedSubpatches(depth, 1, false)), note: `${kind}:${depth}` };
    }
    case "fanout-subpatches": {
      const depth = rng.size(2, 40);
      const fan = 2 + rng.int(3);
      const text = subpatchText(nestedSubpatches(depth, fan, false));
      return { text, note: `${kind}:${fan}^${depth}` };
    }
    case "recursive-subpatch":
      return { text: subpatchText(nestedSubpatches(1, 1, true)), note: kind };
    case "many-lines": {
      const n = rng.size(1000, 300_000);
      const lines = [CHAIN_HEAD, "n0 = LatentScale enc"];
      for (let i = 1; i < n; i++) lines.push(`n${i} = LatentScale n${i - 1} factor=1`);
      lines.push(`dec = Decode n${n - 1}`, "out = AudioOut dec");
      return { text: lines.join("\n"), note: `${kind}:${n}` };
    }
    case "deep-calls": {
      const depth = rng.size(10, 200_000);
      const call = `${"lfo(rate=".repeat(depth)}1${")".repeat(depth)}`;
      return { text: `${CHAIN_HEAD}\nr = FiLMRRotate enc angle=${call}`, note: `${kind}:${depth}` };
    }
    case "huge-steps": {
      const n = rng.size(100, 2_000_000);
      const steps = `<${new Array<string>(n).fill("1").join(" ")}>`;
      return { text: `${CHAIN_HEAD}\ns = LatentScale enc factor=${steps}`, note: `${kind}:${n}` };
    }
    case "huge-curve": {
      const n = rng.size(100, 2_000_000);
      const points = `[${Array.from({ length: n }, (_, i) => `${i}:0`).join(", ")}]`;
      return { text: `c = Curve points=${points}`, note: `${kind}:${n}` };
    }
    case "giant-string": {
      const mb = rng.size(1, 64);
      return { text: `name "${"x".repeat(mb * 1024 * 1024)}"`, note: `${kind}:${mb}MB` };
    }
    case "many-comments": {
      const n = rng.size(1000, 2_000_000);
      return { text: `${"# c\n".repeat(n)}${CHAIN_HEAD}`, note: `${kind}:${n}` };
    }
    case "deep-json": {
      const depth = rng.size(100, 1_000_000);
      return {
        text: `subpatch ${'{"a":'.repeat(depth)}0${"}".repeat(depth)}\n${CHAIN_HEAD}`,
        note: `${kind}:${depth}`,
      };
    }
  }
}

/**
 * Mutations of the text form (docs/text-format.md) by line and by token: the edits a hurried
 * performer or a hostile file makes — lines dropped, repeated or swapped, tokens replaced by
 * edge-case numbers, prototype names, half-written calls and lists, control characters.
 */
import { allNodes } from "../../src/nodes";
import type { Rng } from "./rng";

const TYPES = allNodes.map((d) => d.type);
const PARAMS = [...new Set(allNodes.flatMap((d) => d.params.map((p) => p.name)))];

/** Tokens that tend to break a lexer, a number reader or an object keyed by name. */
const HOSTILE = [
  "0",
  "-0",
  "1e308",
  "1e309",
  "-1e400",
  "1e-320",
  "99999999999999999999999",
  "1/0",
  "0/0",
  "3/4",
  "45°",
  "2σ",
  "50%",
  "7st",
  "NaN",
  "Infinity",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  '""',
  '"\\"',
  '"\\u0000"',
  "\u0000",
  "\u202e",
  "🎛",
  "lfo(",
  "lfo()",
  "lfo(rate=1e9)",
  "steps(1, 2, 3)",
  "curve([0:0, 1:1])",
  "[",
  "]",
  "[0:0, 1:1]",
  "[1e309:1]",
  "<1 2 3>",
  "<>",
  "1..2",
  "5..-5",
  "=",
  ":",
  ".",
  "subpatch {",
  "subpatch {}",
  "x.y.z",
  "a.__proto__",
];

const TOKEN = /"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*|-?[0-9][0-9.eE+\-/]*[A-Za-z%°σ]*|\S/g;

function hostileToken(rng: Rng): string {
  return rng.weighted([
    [5, () => rng.pick(HOSTILE)],
    [2, () => rng.pick(TYPES)],
    [2, () => `${rng.pick(PARAMS)}=${rng.pick(HOSTILE)}`],
    [1, () => `"${"x".repeat(rng.size(1, 100_000))}"`],
    [1, () => String((rng.float() - 0.5) * 10 ** rng.int(12))],
  ] as const)();
}

/** One random node line: an id, a real type or a hostile one, and a few args. */
function randomLine(rng: Rng, lines: readonly string[]): string {
  const ids = lines.map((l) => /^\s*([A-Za-z_][\w-]*)\s*=/.exec(l)?.[1]).filter((x) => x);
  const args = Array.from({ length: rng.int(5) }, () =>
    rng.chance(0.5) && ids.length > 0 ? rng.pick(ids) : hostileToken(rng),
  );
  const type = rng.chance(0.9) ? rng.pick(TYPES) : hostileToken(rng);
  return `${rng.chance(0.1) ? rng.pick(HOSTILE) : `m${rng.int(1000)}`} = ${type} ${args.join(" ")}`;
}

function mutateOnce(rng: Rng, text: string): { text: string; op: string } {
  const lines = text.split("\n");
  const at = rng.int(Math.max(1, lines.length));
  const op = rng.weighted([
    [3, "token"],
    [2, "insert-token"],
    [2, "delete-line"],
    [2, "insert-line"],
    [1, "repeat-line"],
    [1, "swap-lines"],
    [1, "truncate"],
    [1, "join-lines"],
  ] as const);
  switch (op) {
    case "token":
    case "insert-token": {
      const line = lines[at] ?? "";
      const tokens = [...line.matchAll(TOKEN)];
      const t = tokens.length > 0 ? rng.pick(tokens) : undefined;
      const from = t?.index ?? line.length;
      const to = op === "token" && t ? from + t[0].length : from;
      const glue = op === "insert-token" ? " " : "";
      lines[at] = `${line.slice(0, from)}${glue}${hostileToken(rng)}${glue}${line.slice(to)}`;
      return { text: lines.join("\n"), op: `${op}@${at}` };
    }
    case "delete-line":
      lines.splice(at, 1);
      return { text: lines.join("\n"), op: `${op}@${at}` };
    case "insert-line":
      lines.splice(at, 0, randomLine(rng, lines));
      return { text: lines.join("\n"), op: `${op}@${at}` };
    case "repeat-line": {
      const n = rng.size(2, 5_000);
      lines.splice(at, 0, ...new Array<string>(n).fill(lines[at] ?? ""));
      return { text: lines.join("\n"), op: `${op}@${at}x${n}` };
    }
    case "swap-lines": {
      const other = rng.int(lines.length);
      [lines[at], lines[other]] = [lines[other] ?? "", lines[at] ?? ""];
      return { text: lines.join("\n"), op: `${op}@${at},${other}` };
    }
    case "truncate": {
      const cut = rng.int(text.length + 1);
      return { text: text.slice(0, cut), op: `${op}@${cut}` };
    }
    case "join-lines":
      lines.splice(at, 2, `${lines[at] ?? ""} ${lines[at + 1] ?? ""}`);
      return { text: lines.join("\n"), op: `${op}@${at}` };
  }
}

/** One to `max` line or token mutations of `text`, and the chain of what was done. */
export function mutateLines(rng: Rng, text: string, max = 4): { text: string; op: string } {
  const ops: string[] = [];
  let out = text;
  for (let i = 0, n = 1 + rng.int(max); i < n; i++) {
    const m = mutateOnce(rng, out);
    out = m.text;
    ops.push(m.op);
  }
  return { text: out, op: ops.join(",") };
}

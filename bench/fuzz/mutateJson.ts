/**
 * Structure-aware mutations of JSON documents: pick a node of the tree and delete it, replace it
 * with a value of another type, an extreme number, a long string, a copy of another subtree or a
 * fast-check `jsonValue`; or grow an array or object past any sensible size.
 */
import fc from "fast-check";
import type { Rng } from "./rng";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type Slot = { parent: Json[] | { [key: string]: Json }; key: string | number };

/** Every place in `root` that holds a value (not the root itself). */
function slots(root: Json): Slot[] {
  const out: Slot[] = [];
  const walk = (v: Json) => {
    if (Array.isArray(v)) {
      v.forEach((child, i) => {
        out.push({ parent: v, key: i });
        walk(child);
      });
    } else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        out.push({ parent: v, key: k });
        walk(child);
      }
    }
  };
  walk(root);
  return out;
}

const EXTREMES: Json[] = [
  0,
  -0,
  -1,
  1e308,
  -1e308,
  5e-324,
  2 ** 53 + 1,
  2 ** 31,
  -(2 ** 31),
  4294967296,
  0.5,
  1e-9,
  "",
  " ",
  "\u0000",
  "NaN",
  "../../etc/passwd",
  "models/../..",
  "\u202e",
  "𝄞",
  null,
  true,
  false,
  [],
  {},
  [[]],
  { "": null },
  "__proto__",
  "constructor",
];

/** A value meant to break whatever reads it. */
export function hostileValue(rng: Rng, root: Json): Json {
  switch (rng.int(6)) {
    case 0:
      return rng.pick(EXTREMES);
    case 1:
      return rng.draw(fc.jsonValue({ maxDepth: 4 })) as Json;
    case 2:
      return "x".repeat(rng.size(1, 100_000));
    case 3: {
      const all = slots(root);
      if (all.length === 0) return null;
      const s = rng.pick(all);
      return structuredClone(get(s));
    }
    case 4:
      return Array.from({ length: rng.size(0, 10_000) }, () => rng.float() * 2 - 1);
    default:
      return rng.draw<Json>(fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean()));
  }
}

function get(s: Slot): Json {
  return (s.parent as Record<string | number, Json>)[s.key] as Json;
}

function set(s: Slot, v: Json): void {
  (s.parent as Record<string | number, Json>)[s.key] = v;
}

/** One structural edit of `root` (mutated in place); returns what was done. */
export function mutateTree(rng: Rng, root: Json): string {
  const all = slots(root);
  if (all.length === 0) return "empty";
  const s = rng.pick(all);
  const where = String(s.key);
  const op = rng.weighted([
    [4, "replace"],
    [2, "delete"],
    [1, "grow"],
    [1, "rename"],
    [1, "wrap"],
  ] as const);
  switch (op) {
    case "replace":
      set(s, hostileValue(rng, root));
      break;
    case "delete":
      if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
      else delete s.parent[s.key as string];
      break;
    case "grow": {
      // Copies share one snapshot, and their total text stays near 1 MB (bombs go bigger).
      const v = get(s);
      const snapshot = structuredClone(v);
      const each = Math.max(1, JSON.stringify(snapshot).length);
      const copies = Math.min(rng.size(2, 2000), Math.max(2, Math.floor(1e6 / each)));
      if (Array.isArray(v) && Array.isArray(snapshot) && snapshot.length > 0) {
        for (let i = 0; i < copies; i++) v.push(rng.pick(snapshot));
      } else if (v !== null && typeof v === "object" && !Array.isArray(v)) {
        for (let i = 0; i < copies; i++) v[`k${i}`] = snapshot;
      }
      break;
    }
    case "rename":
      if (!Array.isArray(s.parent)) {
        const value = get(s);
        delete s.parent[s.key as string];
        s.parent[rng.pick(["", "id", "type", "__proto__", "x".repeat(rng.size(1, 1000))])] = value;
      }
      break;
    case "wrap":
      set(s, rng.chance(0.5) ? [get(s)] : { value: get(s) });
      break;
  }
  return `${op}:${where}`;
}

/** 1 to `max` structural edits of a deep copy of `doc`. */
export function mutateJson(rng: Rng, doc: Json, max = 4): { json: Json; op: string } {
  const json = structuredClone(doc);
  const count = rng.size(1, max);
  const ops: string[] = [];
  for (let i = 0; i < count; i++) ops.push(mutateTree(rng, json));
  return { json, op: ops.join(",") };
}

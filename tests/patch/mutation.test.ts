import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PatchError } from "../../src/engine/patch/errors";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import { validPatch } from "./arbitraries";
import { registry } from "./fixtures";

type Path = (string | number)[];

/** Every path to a value inside `json`, the root included. */
function pathsOf(json: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(json)) json.forEach((v, i) => out.push(...pathsOf(v, [...at, i])));
  else if (typeof json === "object" && json !== null) {
    for (const [k, v] of Object.entries(json)) out.push(...pathsOf(v, [...at, k]));
  }
  return out;
}

function parentOf(
  root: unknown,
  path: Path,
): { parent: Record<string | number, unknown>; key: string | number } | undefined {
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const key = path[path.length - 1];
  return key === undefined ? undefined : { parent, key };
}

/** Values that JSON never holds but a caller passing an object might. */
const oddValue = fc.constantFrom<unknown>(
  undefined,
  Number.NaN,
  Infinity,
  -0,
  1e308 * 10,
  "",
  "..",
  "a.b.c",
);
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), oddValue);

type Mutation =
  | { kind: "delete" | "renameNode"; pick: number }
  | { kind: "replace"; pick: number; value: unknown }
  | { kind: "breakConnection"; pick: number; text: string }
  | { kind: "version"; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("renameNode" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("replace" as const), pick: fc.nat(), value: anyValue }),
  fc.record({
    kind: fc.constant("breakConnection" as const),
    pick: fc.nat(),
    text: fc.string({ maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant("version" as const),
    value: fc.oneof(fc.integer({ min: -2, max: 5 }), anyValue),
  }),
);

function mutate(json: Record<string, unknown>, m: Mutation): void {
  // Earlier mutations may have replaced these with anything.
  const nodes = Array.isArray(json.nodes) ? (json.nodes as unknown[]) : [];
  const conns = Array.isArray(json.connections) ? (json.connections as unknown[]) : [];
  const objectAt = (list: unknown[], pick: number) => {
    const item = list[pick % Math.max(list.length, 1)];
    return typeof item === "object" && item !== null
      ? (item as Record<string, unknown>)
      : undefined;
  };
  switch (m.kind) {
    case "version":
      json.version = m.value;
      return;
    case "renameNode": {
      const node = objectAt(nodes, m.pick);
      if (node) node.id = `${String(node.id)}x`;
      return;
    }
    case "breakConnection": {
      const conn = objectAt(conns, m.pick);
      if (conn) conn.from = String(conn.from).replace(".", m.text);
      return;
    }
    case "delete":
    case "replace": {
      const paths = pathsOf(json);
      const target = parentOf(json, paths[m.pick % paths.length] ?? []);
      if (!target) return;
      if (m.kind === "replace") target.parent[target.key] = m.value;
      else if (Array.isArray(target.parent)) target.parent.splice(Number(target.key), 1);
      else delete target.parent[target.key];
    }
  }
}

type TextEdit = { kind: "truncate" | "insert"; at: number; text: string };
const textEdit: fc.Arbitrary<TextEdit> = fc.record({
  kind: fc.constantFrom("truncate" as const, "insert" as const),
  at: fc.nat(),
  text: fc.constantFrom("{", "}", "[", ",", '"', ":", "\\", "x", "1", "\u0000", "\uD800"),
});

function editText(text: string, e: TextEdit): string {
  const at = e.at % (text.length + 1);
  return e.kind === "truncate" ? text.slice(0, at) : text.slice(0, at) + e.text + text.slice(at);
}

const BUDGET_MS = 250;

/** Parses `input` within the time budget: returns a patch or a PatchError, nothing else. */
function loadOrRefuse(input: unknown): void {
  const start = performance.now();
  try {
    const patch = parsePatch(input, registry);
    // Whatever loads must save and load back unchanged.
    const text = serializePatch(patch);
    expect(serializePatch(parsePatch(text, registry))).toBe(text);
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    expect(e.issues.length).toBeGreaterThan(0);
    for (const issue of e.issues) expect(issue.path).toMatch(/^patch/);
    expect(e.message).toBe(e.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  }
  expect(performance.now() - start).toBeLessThan(BUDGET_MS);
}

describe("mutated patches (property)", () => {
  it("load or throw a PatchError when their JSON values are changed", () => {
    fc.assert(
      fc.property(
        validPatch,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (patch, mutations) => {
          const json = JSON.parse(serializePatch(patch)) as Record<string, unknown>;
          for (const m of mutations) mutate(json, m);
          loadOrRefuse(json);
          loadOrRefuse(JSON.stringify(json) ?? "");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("load or throw a PatchError when their text is truncated or has characters inserted", () => {
    fc.assert(
      fc.property(
        validPatch,
        fc.array(textEdit, { minLength: 1, maxLength: 3 }),
        (patch, edits) => {
          loadOrRefuse(edits.reduce(editText, serializePatch(patch)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuse arbitrary JSON values and arbitrary text with a PatchError", () => {
    fc.assert(
      fc.property(fc.oneof(anyValue, fc.string(), fc.json()), (input) => loadOrRefuse(input)),
      { numRuns: 300 },
    );
  });
});

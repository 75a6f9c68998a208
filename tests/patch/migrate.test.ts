import { describe, expect, it } from "vitest";
import { PatchError } from "../../src/engine/patch/errors";
import {
  CURRENT_VERSION,
  MIGRATIONS,
  migratePatch,
  type MigrationStep,
} from "../../src/engine/patch/migrate";

/** A test-only history: v1 called the node list "modules", v2 wrote positions as {x, y}. */
const TEST_STEPS: readonly MigrationStep[] = [
  {
    from: 1,
    to: 2,
    note: "modules → nodes",
    migrate: ({ modules, ...rest }) => ({ ...rest, nodes: modules }),
  },
  {
    from: 2,
    to: 3,
    note: "position {x, y} → [x, y]",
    migrate: (json) => {
      const nodes = json.nodes as { position?: { x: number; y: number } }[];
      return {
        ...json,
        nodes: nodes.map((n) => ({ ...n, position: n.position && [n.position.x, n.position.y] })),
      };
    },
  },
];

function versionError(json: unknown, steps = TEST_STEPS, current = 3): string {
  try {
    migratePatch(json, steps, current);
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    expect(e.issues).toHaveLength(1);
    return e.message;
  }
  throw new Error("expected a PatchError");
}

describe("migratePatch", () => {
  it("brings version 1 to 2 by adding the transport a version-1 patch played at", () => {
    expect(CURRENT_VERSION).toBe(2);
    expect(MIGRATIONS.map((s) => [s.from, s.to])).toEqual([[1, 2]]);
    const json = { version: 1, name: "x" };
    expect(migratePatch(json)).toEqual({
      version: 2,
      name: "x",
      transport: { bpm: 120, beatsPerBar: 4 },
    });
    expect(json).toEqual({ version: 1, name: "x" });
    const v2 = { version: 2, name: "y", transport: { bpm: 90, beatsPerBar: 3, loopBars: 2 } };
    expect(migratePatch(v2)).toEqual(v2);
  });

  it("refuses a version-1 file that already has a transport, at patch", () => {
    expect(versionError({ version: 1, name: "x", transport: { bpm: 90 } }, MIGRATIONS, 2)).toBe(
      'patch: could not migrate from version 1 to 2: "transport" is not a version-1 field',
    );
  });

  it("applies the chain from the file's version and stamps each step's version", () => {
    const v1 = { version: 1, modules: [{ id: "a", position: { x: 1, y: 2 } }] };
    const snapshot = structuredClone(v1);
    expect(migratePatch(v1, TEST_STEPS, 3)).toEqual({
      version: 3,
      nodes: [{ id: "a", position: [1, 2] }],
    });
    expect(v1).toEqual(snapshot);
    const v2 = { version: 2, nodes: [{ id: "b", position: { x: 5, y: 6 } }] };
    expect(migratePatch(v2, TEST_STEPS, 3)).toEqual({
      version: 3,
      nodes: [{ id: "b", position: [5, 6] }],
    });
    expect(migratePatch({ version: 3, nodes: [] }, TEST_STEPS, 3)).toEqual({
      version: 3,
      nodes: [],
    });
  });

  it("refuses versions it cannot read, at patch.version", () => {
    expect(versionError({ version: 4 })).toBe(
      "patch.version: this patch was saved by a newer Latent Patcher (version 4); this build reads up to 3",
    );
    expect(versionError({ version: 0 })).toBe(
      "patch.version: unknown version 0; this build reads versions 1 to 3",
    );
    expect(versionError({})).toBe(
      "patch.version: missing: expected the format version (this build reads versions 1 to 3)",
    );
    expect(versionError({ version: 1.5 })).toBe("patch.version: expected a whole number, got 1.5");
    expect(versionError("text")).toBe('patch: expected an object, got "text"');
  });

  it("reports a step that fails on a malformed old patch as a PatchError", () => {
    expect(versionError({ version: 2, nodes: "none" })).toMatch(
      /^patch: could not migrate from version 2 to 3: /,
    );
  });

  it("throws a plain Error for a broken chain (a programmer error)", () => {
    const skipping = [{ ...TEST_STEPS[0], from: 1, to: 3 } as MigrationStep];
    expect(() => migratePatch({ version: 1 }, skipping, 3)).toThrow("skips a version");
    expect(() => migratePatch({ version: 1 }, TEST_STEPS, 4)).toThrow(
      "migrations end at version 3, not 4",
    );
    expect(() => migratePatch({ version: 1 }, [...TEST_STEPS].reverse(), 3)).toThrow(
      "is followed by",
    );
  });
});

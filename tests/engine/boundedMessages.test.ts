/**
 * Refusals past the patch schema (graph, subpatch, node and bundle errors) stay readable however
 * hostile the file: at most 51 lines, none much over 1,000 characters, control characters
 * escaped — the rule `npm run fuzz` counts a crash otherwise (bench/fuzz/classify.ts).
 */
import { describe, expect, it } from "vitest";
import { MAX_REFUSAL_LINE, MAX_REFUSAL_LINES } from "../../bench/fuzz/classify";
import { compileGraph, GraphError } from "../../src/engine/graph";
import { clipLines, quoteName } from "../../src/engine/patch/path";
import { nodeRegistry } from "../../src/nodes";
import { FileRefusedError } from "../../src/ui/bundle/fileRefused";
import { makePatch, testEngine } from "../helpers/engine";

function expectReadable(message: string): void {
  const lines = message.split("\n");
  expect(lines.length).toBeLessThanOrEqual(MAX_REFUSAL_LINES);
  for (const line of lines) {
    expect(line.trim()).not.toBe("");
    expect(line.length).toBeLessThanOrEqual(MAX_REFUSAL_LINE);
  }
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a throw");
}

describe("bounded refusals", () => {
  it("a graph with 500 problems lists 50 of them and counts the rest", () => {
    const nodes = Array.from({ length: 500 }, (_, i) => [`d${i}`, "Decode"] as [string, string]);
    const err = thrown(() => compileGraph(makePatch(nodes, []), nodeRegistry));
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).problems).toHaveLength(500);
    const lines = err.message.split("\n");
    expect(lines).toHaveLength(51);
    expect(lines[0]).toMatch(/^node "d0" \(Decode\): input "latent" is not connected/);
    expect(lines[50]).toBe("… and 450 more problems");
  });

  it("a 100,000-character node id is cut in a graph refusal", () => {
    const id = `n${"x".repeat(100_000)}`;
    const err = thrown(() => compileGraph(makePatch([[id, "Decode"]], []), nodeRegistry));
    expectReadable(err.message);
    expect(err.message).toMatch(/^node "nxxx/);
  });

  it("a node's own error names a long id in part and keeps the reason", async () => {
    const id = `m${"y".repeat(50_000)}`;
    const engine = testEngine();
    try {
      const err = await engine
        .load(makePatch([[id, "AudioMix"]], []))
        .then(() => engine.render({ seconds: 0.01 }))
        .then(
          () => undefined,
          (e: unknown) => e as Error,
        );
      expect(err).toBeInstanceOf(Error);
      expectReadable(err!.message);
      expect(err!.message).toContain("no inputs are connected");
      expect(err!.message).toContain("(50001 characters)");
    } finally {
      engine.dispose();
    }
  });

  it("quoteName escapes control characters and cuts long names", () => {
    expect(quoteName("fx")).toBe('"fx"');
    expect(quoteName("a\nb")).toBe('"a\\nb"');
    const long = quoteName("z".repeat(5000));
    expect(long.length).toBeLessThan(250);
    expect(long).toContain("… (5000 characters)");
  });

  it("clipLines bounds another error's message wrapped in a prefix", () => {
    const many = Array.from({ length: 200 }, (_, i) => `problem ${i}`).join("\n");
    const out = clipLines(`node "a" (Mix): ${many}`);
    expectReadable(out);
    expect(out.split("\n").at(-1)).toBe("… and 150 more problems");
    expect(clipLines("short")).toBe("short");
  });

  it("a bundle refusal quoting a 70,000-character path stays readable", () => {
    const err = new FileRefusedError(`fuzz.zip/${"p".repeat(70_000)}.patch.json: bad\nsecond`);
    expectReadable(err.message);
    expect(err.message).toMatch(/more characters\)\nsecond$/);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ModelPackError } from "../../src/engine/models/packError";
import { formatPath, parseManifest } from "../../src/engine/models/parseManifest";

const spectral = JSON.parse(
  readFileSync("tests/fixtures/models/spectral-fixture/model.json", "utf8"),
) as Record<string, unknown> & {
  stats: Record<string, number[][] | number[]>;
  codebook: { descriptors: Record<string, number[]> };
};

function problemsOf(edit: (m: typeof spectral) => void): readonly string[] {
  const m = structuredClone(spectral);
  edit(m);
  try {
    parseManifest(JSON.stringify(m), "x/model.json");
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ModelPackError);
    return (err as ModelPackError).problems;
  }
}

describe("parseManifest", () => {
  it("accepts the fixture manifests", () => {
    expect(problemsOf(() => {})).toEqual([]);
  });

  it("formats zod paths as JSON paths", () => {
    expect(formatPath(["stats", "components", 2, 5])).toBe("stats.components[2][5]");
    expect(formatPath([])).toBe("");
  });

  it("checks principal directions: latentDims long, unit length, one std each", () => {
    const problems = problemsOf((m) => {
      const components = m.stats.components as number[][];
      components[1] = components[1]!.map((v) => v * 3);
      components[2] = [1];
      m.stats.componentStd = [1, 2];
    });
    expect(problems).toEqual([
      "x/model.json: stats.components[1]: expected a unit vector, got length 3.000",
      "x/model.json: stats.components[2]: expected 8 numbers (latentDims), got 1",
      "x/model.json: stats.componentStd: expected 8 numbers (one per entry of stats.components), got 2",
    ]);
  });

  it("checks std ≥ 0 and descriptor lengths", () => {
    const problems = problemsOf((m) => {
      (m.stats.std as number[])[4] = -1;
      m.codebook.descriptors.f0 = [0, 0];
    });
    expect(problems).toEqual([
      "x/model.json: stats.std[4]: expected a standard deviation ≥ 0, got -1",
      "x/model.json: codebook.descriptors.f0: expected 16 numbers (one per codebook entry), got 2",
    ]);
  });

  it("keeps ONNX files inside the pack folder", () => {
    const problems = problemsOf((m) => {
      (m.encoder as { file: string }).file = "../other/encoder.onnx";
      (m.decoder as { file: string }).file = "/etc/decoder.onnx";
    });
    expect(problems).toEqual([
      'x/model.json: encoder.file: expected a file name inside the pack folder, got "../other/encoder.onnx"',
      'x/model.json: decoder.file: expected a file name inside the pack folder, got "/etc/decoder.onnx"',
    ]);
  });

  it("checks the STFT geometry", () => {
    const problems = problemsOf((m) => {
      m.frontEnd = { ...(m.frontEnd as object), fftSize: 300, stftHop: 400 };
    });
    expect(problems).toContain("x/model.json: frontEnd.fftSize: expected a power of two, got 300");
    expect(problems).toContain(
      "x/model.json: frontEnd.stftHop: expected at most fftSize (300), got 400",
    );
  });

  it("lists the first 20 problems of a manifest with thousands and counts the rest", () => {
    const m = structuredClone(spectral);
    m.stats.components = new Array<number[]>(30_000).fill([1]);
    let err: unknown;
    try {
      parseManifest(JSON.stringify(m), "x/model.json");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelPackError);
    const { message, problems } = err as ModelPackError;
    // 30 000 wrong components, plus componentStd no longer one per component.
    expect(problems.length).toBe(30_001);
    const lines = message.split("\n");
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe(problems[0]);
    expect(lines[20]).toBe("… and 29981 more problems");
  });
});

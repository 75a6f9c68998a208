import { describe, expect, it } from "vitest";
import { loadModelPack, ModelPackError } from "../../src/engine/models/loadPack";
import { fixtureDir, repoLoader } from "./helpers";

async function refusal(pack: string): Promise<ModelPackError> {
  const err = await loadModelPack(repoLoader, fixtureDir(pack)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelPackError);
  return err as ModelPackError;
}

describe("loadModelPack refuses packs that lie", () => {
  it("lying-dims: names the tensors whose declared latent axis disagrees with latentDims", async () => {
    const err = await refusal("lying-dims");
    expect(err.problems).toEqual([
      'tests/fixtures/models/lying-dims: encoder.onnx output "z" is declared [1,8,T], manifest promises [1,16,T] (latentDims)',
      'tests/fixtures/models/lying-dims: decoder.onnx input "z" is declared [1,8,T], manifest promises [1,16,T] (latentDims)',
    ]);
    expect(err.message).toBe(err.problems.join("\n"));
  });

  it("lying-names: names the missing input and lists the real ones", async () => {
    const err = await refusal("lying-names");
    expect(err.message).toBe(
      'tests/fixtures/models/lying-names: encoder.onnx has no input named "logmag" (it has: "audio")',
    );
  });

  it("lying-frames: the probe run catches a shape the metadata leaves symbolic", async () => {
    const err = await refusal("lying-frames");
    expect(err.message).toBe(
      'tests/fixtures/models/lying-frames: decoder.onnx output "logmag" has shape [1,129,4], ' +
        "manifest promises [1,129,8] (fftSize/2+1, 2 × framesPerLatent)",
    );
  });

  it("missing-onnx: names the absent file", async () => {
    const err = await refusal("missing-onnx");
    expect(err.message).toBe("tests/fixtures/models/missing-onnx/decoder.onnx: no such file");
  });

  it("a folder without model.json names the manifest", async () => {
    const err = await refusal("no-such-pack");
    expect(err.message).toBe("tests/fixtures/models/no-such-pack/model.json: no such file");
  });

  it("bad-json: a syntax error names the file, line and column", async () => {
    const err = await refusal("bad-json");
    expect(err.problems).toHaveLength(1);
    expect(err.message).toMatch(
      /^tests\/fixtures\/models\/bad-json\/model\.json: invalid JSON: .*\(line 3, column 3\)$/,
    );
  });

  it("bad-stats: one line per wrong length, naming the JSON path", async () => {
    const err = await refusal("bad-stats");
    expect(err.problems).toEqual([
      "tests/fixtures/models/bad-stats/model.json: stats.mean: expected 8 numbers (latentDims), got 5",
      "tests/fixtures/models/bad-stats/model.json: codebook.entries[3]: expected 8 numbers (latentDims), got 7",
    ]);
  });

  it("bad-schema: one line per schema issue, naming the JSON path", async () => {
    const err = await refusal("bad-schema");
    const file = "tests/fixtures/models/bad-schema/model.json";
    expect(err.problems).toEqual([
      `${file}: id: expected lower-case letters, digits, '.', '_' or '-', got "Bad Schema"`,
      `${file}: license: expected string, missing`,
      `${file}: sampleRate: expected number, received string`,
      `${file}: frontEnd.ratio: expected number to be >=1, got 0`,
    ]);
  });

  it("refuses bytes that are not an ONNX model, naming the file", async () => {
    const files: Record<string, string> = {
      "p/model.json": await readText("tests/fixtures/models/wave-fixture/model.json"),
      "p/encoder.onnx": "not onnx",
      "p/decoder.onnx": "not onnx either",
    };
    const loader = {
      read(path: string) {
        const text = files[path];
        return text === undefined
          ? Promise.reject(new Error(`${path}: no such file`))
          : Promise.resolve(new TextEncoder().encode(text));
      },
    };
    const err = await loadModelPack(loader, "p").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelPackError);
    expect((err as Error).message).toMatch(/^p\/encoder\.onnx: not a model onnxruntime can open/);
  });
});

async function readText(path: string): Promise<string> {
  return new TextDecoder().decode(await repoLoader.read(path));
}

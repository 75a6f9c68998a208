import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import { ModelPackError } from "../../src/engine/models/loadPack";
import { listModelIds, loadModels } from "../../src/engine/models/store";
import type { ResourceLoader } from "../../src/engine/resources";
import { fixtureDir, repoLoader } from "./helpers";

/** Counts reads, to prove each pack loads once. */
function countingLoader(): ResourceLoader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read(path) {
      reads.push(path);
      return repoLoader.read(path);
    },
  };
}

describe("loadModels", () => {
  it("loads each pack once, returns the default for an empty id, and names unknown ids", async () => {
    const loader = countingLoader();
    const store = await loadModels(
      loader,
      ["spectral-fixture", "wave-fixture", "spectral-fixture"],
      {
        defaultModelId: "spectral-fixture",
        dirOf: fixtureDir,
      },
    );
    expect(loader.reads.filter((p) => p.endsWith("model.json"))).toHaveLength(2);
    expect(store.defaultModelId).toBe("spectral-fixture");
    expect(store.get("").id).toBe("spectral-fixture");
    expect(store.get("wave-fixture").id).toBe("wave-fixture");
    expect(store.get("wave-fixture")).toBe(store.get("wave-fixture"));
    expect(store.loaded().map((m) => m.id)).toEqual(["spectral-fixture", "wave-fixture"]);
    expect(() => store.get("foo")).toThrow(
      'unknown model "foo" (available: spectral-fixture, wave-fixture)',
    );
    await store.dispose();
  });

  it("refuses a default that is not loaded", async () => {
    await expect(
      loadModels(repoLoader, ["wave-fixture"], {
        defaultModelId: "pca-spectral",
        dirOf: fixtureDir,
      }),
    ).rejects.toThrow(
      'the default model "pca-spectral" is not among the models to load (wave-fixture)',
    );
  });

  it("passes on a pack's refusal", async () => {
    await expect(
      loadModels(repoLoader, ["wave-fixture", "lying-names"], {
        defaultModelId: "wave-fixture",
        dirOf: fixtureDir,
      }),
    ).rejects.toThrow(/encoder\.onnx has no input named "logmag"/);
  });

  it("refuses a pack whose manifest id is not the id it is loaded as", async () => {
    const err = await loadModels(repoLoader, ["other"], {
      defaultModelId: "other",
      dirOf: () => fixtureDir("wave-fixture"),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelPackError);
    expect((err as Error).message).toBe(
      'tests/fixtures/models/wave-fixture/model.json: id: expected "other" (the id it is loaded as), got "wave-fixture"',
    );
  });

  it("defaults to the shipped neural pack, which loads with the neural decoder it promises", async () => {
    expect(DEFAULT_MODEL_ID).toBe("neural-spectral-2");
    const store = await loadModels(repoLoader, [DEFAULT_MODEL_ID], {
      defaultModelId: DEFAULT_MODEL_ID,
    });
    const model = store.get(DEFAULT_MODEL_ID);
    expect(model.manifest.frontEnd.kind).toBe("spectral");
    expect(model.latentDims).toBe(32);
    expect(model.codebook?.size).toBe(256);
    await store.dispose();
  });
});

describe("listModelIds", () => {
  const loaderOf = (text: string): ResourceLoader => ({
    read: () => Promise.resolve(new TextEncoder().encode(text)),
  });

  it("reads {models: [...]} or a bare array", async () => {
    expect(await listModelIds(loaderOf('{"models": ["a", "b"]}'))).toEqual(["a", "b"]);
    expect(await listModelIds(loaderOf('["c"]'))).toEqual(["c"]);
  });

  it("names the file when it is not a list of ids", async () => {
    await expect(listModelIds(loaderOf('{"models": [1]}'))).rejects.toThrow(
      "models/index.json: models: expected an array of model ids",
    );
    await expect(listModelIds(loaderOf("{"))).rejects.toThrow(/^models\/index\.json: invalid JSON/);
  });
});

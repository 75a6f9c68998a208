import { describe, expect, it } from "vitest";
import { strToU8 } from "fflate";
import { BUILTIN_MODEL_IDS } from "../../src/engine/models/defaults";
import { serializePatch } from "../../src/engine/patch/serialize";
import { nodeRegistry } from "../../src/nodes";
import { bundleFiles, modelIdsOf, BUNDLE_PATCH } from "../../src/ui/bundle/bundle";
import { importFileTree, type ImportDeps } from "../../src/ui/bundle/importFiles";
import { ModelShelf } from "../../src/ui/bundle/modelShelf";
import { packCandidate, validatePack } from "../../src/ui/bundle/packFiles";
import { readZip, writeZip, type FileTree } from "../../src/ui/bundle/zipFiles";
import { customModelPatch, fixturePack, under, zippedPack } from "./helpers";

const SHIPPED = new Set(BUILTIN_MODEL_IDS);

function deps(shelf = new ModelShelf()): ImportDeps {
  return {
    shelf,
    registry: nodeRegistry,
    appHasModel: (id) => Promise.resolve(SHIPPED.has(id)),
    validate: (pack) => validatePack(pack),
  };
}

/** The message `importFileTree` rejects with; the shelf must be left as it was. */
async function refusal(files: FileTree, source: string, shelf = new ModelShelf()) {
  const before = shelf.customIds();
  const err = await importFileTree(files, source, deps(shelf)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  expect(shelf.customIds()).toEqual(before);
  return (err as Error).message;
}

/** A shelf holding the spectral fixture, as after dropping it. */
async function shelfWithFixture(): Promise<ModelShelf> {
  const shelf = new ModelShelf();
  const got = await importFileTree(
    readZip(zippedPack("spectral-fixture"), "s.zip"),
    "s.zip",
    deps(shelf),
  );
  expect(got).toEqual({ kind: "pack", id: "spectral-fixture", added: true });
  return shelf;
}

describe("model packs dropped as a zip or a folder", () => {
  it("loads a good pack onto the shelf, serves it at models/<id>/ and lists its id", async () => {
    const shelf = await shelfWithFixture();
    expect(shelf.customIds()).toEqual(["spectral-fixture"]);
    const loader = shelf.loader({ read: (p) => Promise.reject(new Error(`${p}: app file`)) });
    expect(await loader.read("models/spectral-fixture/model.json")).toEqual(
      fixturePack("spectral-fixture").get("model.json"),
    );
    await expect(loader.read("models/pca-spectral/model.json")).rejects.toThrow("app file");
    // The same pack again changes nothing.
    const again = await importFileTree(
      fixturePack("spectral-fixture"),
      "spectral-fixture",
      deps(shelf),
    );
    expect(again).toEqual({ kind: "pack", id: "spectral-fixture", added: false });
  });

  it("refuses a pack that lies about its shapes with loadModelPack's message", async () => {
    const message = await refusal(readZip(zippedPack("lying-dims"), "lying.zip"), "lying.zip");
    expect(message).toBe(
      'lying.zip: encoder.onnx output "z" is declared [1,8,T], manifest promises [1,16,T] (latentDims)\n' +
        'lying.zip: decoder.onnx input "z" is declared [1,8,T], manifest promises [1,16,T] (latentDims)',
    );
  });

  it("names a missing ONNX file, a broken manifest and a folder that is no pack", async () => {
    expect(await refusal(fixturePack("missing-onnx"), "missing-onnx")).toMatch(
      /^missing-onnx\/decoder\.onnx: no such file \(the pack has: encoder\.onnx, model\.json\)$/,
    );
    expect(await refusal(fixturePack("bad-json"), "bad-json")).toMatch(
      /^bad-json\/model\.json: invalid JSON/,
    );
    expect(await refusal(new Map([["notes.txt", strToU8("hi")]]), "stuff.zip")).toBe(
      "stuff.zip: no patch.json at the top of the zip, so it is not a bundle (it has: notes.txt)",
    );
  });

  it("refuses an id the app ships, and a different pack under a loaded id", async () => {
    const pca = new Map(fixturePack("spectral-fixture"));
    const manifest = JSON.parse(new TextDecoder().decode(pca.get("model.json"))) as { id: string };
    pca.set("model.json", strToU8(JSON.stringify({ ...manifest, id: "pca-spectral" })));
    expect(await refusal(pca, "mine")).toBe(
      'mine: the app already has a model "pca-spectral"; give this pack another id in its model.json',
    );
    const shelf = await shelfWithFixture();
    const other = new Map(fixturePack("spectral-fixture"));
    other.set("encoder.onnx", fixturePack("lying-dims").get("encoder.onnx")!);
    expect(await refusal(other, "other", shelf)).toMatch(
      /^a different model "spectral-fixture" is already loaded/,
    );
  });
});

describe("bundles", () => {
  it("lists the models a patch names", () => {
    expect(modelIdsOf(customModelPatch(), nodeRegistry)).toEqual(["spectral-fixture"]);
  });

  it("lays a patch out as patch.json, audio/ and models/<id>/ for custom models only", async () => {
    const shelf = await shelfWithFixture();
    const files = bundleFiles(customModelPatch(), {
      registry: nodeRegistry,
      customPack: (id) => shelf.get(id),
    });
    expect([...files.keys()].sort()).toEqual([
      "audio/tone.wav",
      "models/spectral-fixture/decoder.onnx",
      "models/spectral-fixture/encoder.onnx",
      "models/spectral-fixture/model.json",
      BUNDLE_PATCH,
    ]);
    const inside = JSON.parse(new TextDecoder().decode(files.get(BUNDLE_PATCH))) as {
      assets: Record<string, unknown>;
    };
    expect(inside.assets).toEqual({
      tone: { kind: "file", path: "audio/tone.wav" },
      piano: { kind: "builtin", name: "piano" },
    });
  });

  it("opens in a fresh app as the same patch, with its custom model loaded", async () => {
    const patch = customModelPatch();
    const exporting = await shelfWithFixture();
    const zip = writeZip(
      bundleFiles(patch, { registry: nodeRegistry, customPack: (id) => exporting.get(id) }),
    );
    const fresh = new ModelShelf();
    const fractions: number[] = [];
    const opened = await importFileTree(readZip(zip, "b.zip"), "b.zip", {
      ...deps(fresh),
      progress: (_, f) => fractions.push(f),
    });
    expect(opened.kind).toBe("bundle");
    if (opened.kind !== "bundle") return;
    expect(serializePatch(opened.patch)).toBe(serializePatch(patch));
    expect(opened.packIds).toEqual(["spectral-fixture"]);
    expect(fresh.customIds()).toEqual(["spectral-fixture"]);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });

  it("refuses bad bundles with one message naming what is wrong, loading no model", async () => {
    const patch = customModelPatch();
    const files = bundleFiles(patch, {
      registry: nodeRegistry,
      customPack: (id) =>
        id === "spectral-fixture" ? packCandidate(fixturePack(id), id) : undefined,
    });
    const without = (prefix: string) => new Map([...files].filter(([p]) => !p.startsWith(prefix)));

    expect(await refusal(without("models/"), "b.zip")).toBe(
      'b.zip: the patch uses the model "spectral-fixture", which is neither in the bundle (models/spectral-fixture/) nor loaded in this app',
    );
    expect(await refusal(without("audio/"), "b.zip")).toBe(
      "b.zip/patch.json: assets.tone: the sound audio/tone.wav is not in the bundle",
    );
    const badPatch = new Map(files).set(BUNDLE_PATCH, strToU8('{"format":"latent-patcher.patch"}'));
    expect(await refusal(badPatch, "b.zip")).toMatch(/^b\.zip\/patch\.json: patch\.version: /);

    const lying = new Map([
      ...without("models/"),
      ...under("models/spectral-fixture/", fixturePack("lying-dims")),
    ]);
    expect(await refusal(lying, "b.zip")).toBe(
      'b.zip/models/spectral-fixture/model.json: id: expected "spectral-fixture" (its folder\'s name), got "lying-dims"',
    );
    const lyingShapes = new Map([
      ...files,
      ...under("models/lying-dims/", fixturePack("lying-dims")),
    ]);
    expect(await refusal(lyingShapes, "b.zip")).toMatch(
      /^b\.zip\/models\/lying-dims: encoder\.onnx output "z" is declared \[1,8,T\]/,
    );
    const brokenWav = new Map(files).set("audio/tone.wav", strToU8("RIFF....WAVEjunk"));
    expect(await refusal(brokenWav, "b.zip")).toMatch(/^b\.zip\/audio\/tone\.wav/);
  });

  it("opens a bundle whose custom model is already loaded without carrying it", async () => {
    const shelf = await shelfWithFixture();
    const files = bundleFiles(customModelPatch(), {
      registry: nodeRegistry,
      customPack: () => undefined,
    });
    expect([...files.keys()].some((p) => p.startsWith("models/"))).toBe(false);
    const opened = await importFileTree(files, "b.zip", deps(shelf));
    expect(opened.kind).toBe("bundle");
  });

  it("refuses to bundle a sound that is a file beside the patch", () => {
    const patch = {
      ...customModelPatch(),
      assets: { tone: { kind: "file" as const, path: "a/t.wav" } },
    };
    expect(() =>
      bundleFiles(patch, { registry: nodeRegistry, customPack: () => undefined }),
    ).toThrow('the sound "tone" is the file a/t.wav beside the patch');
  });
});

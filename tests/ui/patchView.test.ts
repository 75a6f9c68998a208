import { describe, expect, it } from "vitest";
import { viewOfNode } from "../../src/ui/canvas/patchView";
import { BUILTIN_MODEL_IDS, DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import { example } from "./helpers";

describe("the model pickers of a patch's nodes", () => {
  it("offer the default, then every shipped pack, then the patch's own", () => {
    const view = viewOfNode(example("reconstruct"), "encode")!;
    const model = view.controls.find((c) => c.name === "model")!;
    if (model.kind !== "choice") throw new Error(`model control is ${model.kind}`);
    const options = model.options;
    expect(options[0]).toEqual({ value: "", label: `default (${DEFAULT_MODEL_ID})` });
    expect(options.slice(1).map((o) => o.value)).toEqual([...BUILTIN_MODEL_IDS]);
    expect(BUILTIN_MODEL_IDS).toEqual(
      expect.arrayContaining(["neural-spectral", "neural-spectral-live", "pca-spectral"]),
    );
  });
});

// The spare worker's warm-up: a sine through the default model's codec, played a few blocks.
import { describe, expect, it } from "vitest";
import { prewarmEngine } from "../../src/engine/worker/prewarm";
import { testEngineOptions } from "./helpers";

describe("prewarmEngine", () => {
  it("plays its warm-up patch on the default model and lets it go", async () => {
    await expect(prewarmEngine(testEngineOptions())).resolves.toBeUndefined();
  });

  it("fails, naming the model, where the default model cannot be loaded", async () => {
    const options = { ...testEngineOptions(), defaultModelId: "no-such-model" };
    await expect(prewarmEngine(options)).rejects.toThrow(/no-such-model/);
  });
});

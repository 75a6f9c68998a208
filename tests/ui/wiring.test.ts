/**
 * Keyboard wiring: the list offers exactly the cables the canvas would accept (types, loops,
 * one cable per input as a replacement) and the node's own cables to remove; applying a choice
 * is one undo step.
 */
import { describe, expect, it } from "vitest";
import { nodeRegistry } from "../../src/nodes";
import { PatchModel } from "../../src/ui/model/patchModel";
import { searchWires, wireChoices, wireText } from "../../src/ui/model/wiring";
import { applyWire } from "../../src/ui/wiring/WireList";
import { example } from "./helpers";

const texts = (model: PatchModel, id: string) =>
  wireChoices(model.patch, model.defs, id).map(wireText);

describe("keyboard wiring", () => {
  it("offers the compatible cables of a node, replacements named, and its cables to remove", () => {
    const model = new PatchModel(nodeRegistry, example("subpatch-chain"));
    const list = texts(model, "decode");
    // decode.audio carries audio: never offered to a latent input.
    expect(list).not.toContain("decode.audio → turn1.in");
    expect(list).toContain("encode.latent → decode.latent (instead of turn2.out)");
    // A cable from decode back into encode would close a loop.
    expect(list).not.toContain("decode.audio → encode.audio");
    expect(list).toContain("remove decode.audio → out.audio");
    expect(list).toContain("remove turn2.out → decode.latent");
    expect(list.filter((t) => t.startsWith("remove"))).toHaveLength(2);
    expect(wireChoices(model.patch, model.defs, "nope")).toEqual([]);
  });

  it("searches by every word and applies a choice as one undo step", () => {
    const model = new PatchModel(nodeRegistry, example("subpatch-chain"));
    const said: string[] = [];
    const say = (t: string) => said.push(t);
    const [unwire] = searchWires(
      "remove out.audio",
      wireChoices(model.patch, model.defs, "decode"),
    );
    expect(unwire && wireText(unwire)).toBe("remove decode.audio → out.audio");
    applyWire(model, unwire!, say);
    expect(model.patch.connections).not.toContainEqual({ from: "decode.audio", to: "out.audio" });
    const [rewire] = searchWires("OUT.audio", wireChoices(model.patch, model.defs, "decode"));
    expect(rewire && wireText(rewire)).toBe("decode.audio → out.audio");
    applyWire(model, rewire!, say);
    expect(model.patch.connections).toContainEqual({ from: "decode.audio", to: "out.audio" });
    expect(said).toEqual([
      "removed the cable decode.audio → out.audio",
      "wired decode.audio → out.audio",
    ]);
    model.undo();
    expect(model.patch.connections).not.toContainEqual({ from: "decode.audio", to: "out.audio" });
  });
});

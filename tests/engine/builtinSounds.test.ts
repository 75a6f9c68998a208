import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BUILTIN_SOUNDS,
  builtinSoundsMarkdown,
  unknownBuiltinSound,
} from "../../src/engine/builtinSounds";
import { runMain } from "../cli/runMain";

describe("the builtin sounds", () => {
  it("are exactly the recordings in assets/audio", () => {
    const files = readdirSync("assets/audio")
      .filter((f) => f.endsWith(".wav"))
      .map((f) => f.slice(0, -4))
      .sort();
    expect(BUILTIN_SOUNDS.map((s) => s.name)).toEqual(files);
  });

  it("quotes an unknown name in part, however long (a fuzzed text named one 20,000 characters long)", () => {
    const why = unknownBuiltinSound("x".repeat(20_000))!;
    expect(why).toMatch(/^no builtin sound is named "x+… \(builtin sounds: cello, /);
    expect(why.length).toBeLessThan(200);
  });

  it("docs/sounds.md is generated from the table (run `npm run docs`)", () => {
    expect(readFileSync("docs/sounds.md", "utf8")).toBe(builtinSoundsMarkdown());
  });

  it("refuses a name that is not one, listing those there are", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "lp-builtin-")), "p.patch.json");
    writeFileSync(
      path,
      JSON.stringify({
        format: "latent-patcher.patch",
        version: 2,
        name: "p",
        nodes: [{ id: "in", type: "AudioIn", params: { asset: "v" } }],
        assets: { v: { kind: "builtin", name: "violin" } },
      }),
    );
    const r = await runMain("validate", path);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      `latent-patcher: ${path}: asset "v": no builtin sound is named "violin" (builtin sounds: cello, flute, guitar, piano, piano-reverb)`,
    ]);
  });
});

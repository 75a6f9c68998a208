import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCommandArgs } from "../../src/cli/args";
import { decodeNpy } from "../../src/dsp/npy";
import { decodeWav } from "../../src/dsp/wav";
import { runMain, type CliRun } from "./runMain";

const dir = mkdtempSync(join(tmpdir(), "lp-cli-options-"));

/** A refusal: `code`, and exactly one line on stderr matching `line`. */
function expectRefusal(r: CliRun, code: number, line: RegExp): void {
  expect(r.err).toHaveLength(1);
  expect(r.err[0]).toMatch(/^latent-patcher: /);
  expect(r.err[0]).toMatch(line);
  expect(r.code).toBe(code);
}

describe("every option is honoured or refused", () => {
  it("reads a value that starts with a dash as the value, and refuses what is not an option", () => {
    expect(parseCommandArgs("render", ["p.json", "--seconds", "-1", "--out=o.wav"])).toEqual({
      positionals: ["p.json"],
      flags: { seconds: "-1", out: "o.wav" },
    });
    expect(parseCommandArgs("text", ["--", "--odd.lp"]).positionals).toEqual(["--odd.lp"]);
    expect(() => parseCommandArgs("decode", ["z.npy", "--force=yes"])).toThrow(
      "--force takes no value",
    );
    expect(() => parseCommandArgs("render", ["--out"])).toThrow("--out needs a value");
    expect(() => parseCommandArgs("render", ["--out", "a", "--out", "b"])).toThrow(
      "--out is given twice",
    );
    expect(() => parseCommandArgs("render", ["-x"])).toThrow("unknown option -x");
  });

  it("refuses bad values, unknown and inapplicable options in one line with status 2", async () => {
    const patch = "examples/reconstruct.patch.json";
    const wav = join(dir, "x.wav");
    const cases: [string[], RegExp][] = [
      [
        ["render", patch, "--out", wav, "--seconds", "-1"],
        /--seconds: expected a positive number, got "-1"$/,
      ],
      [["render", patch, "--out", wav, "--seconds", "1s"], /--seconds: expected a positive number/],
      [
        ["render", patch, "--out", wav, "--block", "2.5"],
        /--block: expected a whole number, got "2.5"/,
      ],
      [
        ["render", patch, "--out", wav, "--format", "mp3"],
        /--format: expected f32, s24 or s16, got "mp3"/,
      ],
      [
        ["render", patch, "--out", wav, "--frobnicate"],
        /unknown option --frobnicate \(render takes --out, --seconds/,
      ],
      [["render", patch, patch, "--out", wav], /render takes one patch file, got 2/],
      [
        ["render", patch, "--out", wav, "--model", "nope"],
        /--model: unknown model "nope" \(available: .*pca-spectral/,
      ],
      [
        ["encode", "a.wav", "--out", "a.npy", "--format", "s16"],
        /--format does not apply to encode/,
      ],
      [
        ["encode", "a.wav", "--out", "a.npy", "--seconds", "0"],
        /--seconds: expected a positive number, got "0"/,
      ],
      [["encode", "a.wav", "b.wav", "--out", "a.npy"], /several inputs need --out-dir/],
      [["encode", "a.wav", "--out", "a.npy", "--out-dir", dir], /not both/],
      [["decode", "z.npy", "--out", wav, "--seconds", "2"], /--seconds does not apply to decode/],
      [
        ["validate", patch, "--out", wav],
        /--out does not apply to validate \(it takes --model, --models, --runtime\)/,
      ],
      [
        ["models", "--model", "x"],
        /--model does not apply to models \(it takes --models, --runtime\)/,
      ],
      [
        ["encode", "a.wav", "--out", "a.npy", "--runtime", "gpu"],
        /--runtime: expected native or wasm, got "gpu"$/,
      ],
      [["text", "--runtime", "wasm", patch], /--runtime does not apply to text/],
      [["models", "extra"], /models takes no arguments, got 1/],
      [["text", "--seconds", "3", patch], /--seconds does not apply to text/],
      [["frobnicate"], /unknown command "frobnicate"/],
    ];
    for (const [args, line] of cases) expectRefusal(await runMain(...args), 2, line);
  });

  it("gives input problems status 1, and a missing output folder one clear line", async () => {
    expectRefusal(
      await runMain("encode", join(dir, "missing.wav"), "--out", join(dir, "m.npy")),
      1,
      /missing\.wav: no such file$/,
    );
    expectRefusal(
      await runMain("render", "examples/reconstruct.patch.json", "--out", join(dir, "no", "r.wav")),
      1,
      /r\.wav: cannot write it \(the folder .*no does not exist\)$/,
    );
    expectRefusal(
      await runMain("render", "examples/reconstruct.patch.json", "--out", dir, "--seconds", "0.2"),
      1,
      /cannot write it \(is a folder, not a file\)$/,
    );
  });

  it("render --model sets the patch's default model, and refuses it where no node uses it", async () => {
    const out = join(dir, "pca.wav");
    const r = await runMain(
      "render",
      "examples/reconstruct.patch.json",
      "--out",
      out,
      "--seconds",
      "0.5",
      "--model",
      "pca-spectral",
    );
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/default model pca-spectral/);
    const pca = decodeWav(readFileSync(out), out).channels[0]!;
    const plain = join(dir, "neural.wav");
    await runMain("render", "examples/reconstruct.patch.json", "--out", plain, "--seconds", "0.5");
    const neural = decodeWav(readFileSync(plain), plain).channels[0]!;
    expect(pca).toHaveLength(neural.length);
    expect(pca.some((v, i) => Math.abs(v - neural[i]!) > 1e-3)).toBe(true);

    const own = join(dir, "own.patch.json");
    const patch = JSON.parse(readFileSync("examples/reconstruct.patch.json", "utf8")) as {
      nodes: { type: string; params: Record<string, unknown> }[];
    };
    for (const n of patch.nodes)
      if (n.type === "Encode" || n.type === "Decode") n.params.model = "pca-spectral";
    writeFileSync(own, JSON.stringify(patch));
    for (const command of ["render", "validate"]) {
      const args = command === "render" ? ["--out", join(dir, "own.wav")] : [];
      expectRefusal(
        await runMain(command, own, ...args, "--model", "neural-spectral-live"),
        2,
        /--model neural-spectral-live: every Encode and Decode of .*own\.patch\.json names its own model \(pca-spectral\)/,
      );
    }
  });

  it("validate --model checks the patch with that default model", async () => {
    const r = await runMain(
      "validate",
      "examples/reconstruct.patch.json",
      "--model",
      "pca-spectral",
    );
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^ok: .*default model pca-spectral$/);
    // A patch with a chain on the default model and one on the 512-sample live model runs on
    // one clock only when the default is the live model too.
    const twoChains = join(dir, "two-chains.patch.json");
    writeFileSync(
      twoChains,
      JSON.stringify({
        format: "latent-patcher.patch",
        version: 2,
        name: "two chains",
        nodes: [
          { id: "in", type: "AudioIn", params: { source: "sine" } },
          { id: "enc", type: "Encode", params: {} },
          { id: "dec", type: "Decode", params: {} },
          { id: "encLive", type: "Encode", params: { model: "neural-spectral-live" } },
          { id: "decLive", type: "Decode", params: { model: "neural-spectral-live" } },
          { id: "out", type: "AudioOut", params: {} },
        ],
        connections: [
          { from: "in.audio", to: "enc.audio" },
          { from: "enc.latent", to: "dec.latent" },
          { from: "dec.audio", to: "out.audio" },
          { from: "in.audio", to: "encLive.audio" },
          { from: "encLive.latent", to: "decLive.latent" },
        ],
      }),
    );
    const refused = await runMain("validate", twoChains);
    expect(refused.code).toBe(1);
    expect(refused.err[0]).toMatch(/two-chains\.patch\.json: .*different clocks/);
    const ok = await runMain("validate", twoChains, "--model", "neural-spectral-live");
    expect(ok.err).toEqual([]);
    expect(ok.code).toBe(0);
  });

  it("encode --seconds encodes only the start of each file", async () => {
    const z = join(dir, "piano1.npy");
    const r = await runMain("encode", "assets/audio/piano.wav", "--seconds", "1", "--out", z);
    expect(r.code).toBe(0);
    expect(decodeNpy(readFileSync(z), z).shape).toEqual([Math.ceil(44100 / 1024), 32]);
    const json = JSON.parse(readFileSync(join(dir, "piano1.json"), "utf8")) as {
      samples: number;
      source: { samples: number; encodedSamples: number };
    };
    expect(json.samples).toBe(44100);
    expect(json.source.encodedSamples).toBe(44100);
    expect(json.source.samples).toBe(4 * 44100);
  });
});

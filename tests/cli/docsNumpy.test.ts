import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeWav } from "../../src/dsp/wav";
import { runMain } from "./runMain";

/** The code blocks of `lang` in docs/cli.md's section `heading`. */
function blocks(heading: string, lang: string): string[] {
  const doc = readFileSync("docs/cli.md", "utf8");
  const section = doc.slice(doc.indexOf(heading)).split(/\n#{1,3} /)[0]!;
  return [...section.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map(
    (m) => m[1]!,
  );
}

describe("docs/cli.md: editing latents in NumPy", () => {
  it("runs as written: encode, the NumPy edit, decode to the take's length", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lp-cli-numpy-"));
    copyFileSync("assets/audio/piano.wav", join(dir, "take.wav"));
    const [commands] = blocks("### Editing latents in NumPy", "sh");
    const [python] = blocks("### Editing latents in NumPy", "python");
    expect(python).toMatch(/np\.load\("z\.npy"\)/);
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      for (const line of commands!.trim().split("\n")) {
        const args = line.trim().split(/\s+/);
        if (args[0] === "python3") {
          execFileSync("python3", ["-c", python!], { cwd: dir });
          continue;
        }
        expect(args.slice(0, 2)).toEqual(["npx", "latent-patcher"]);
        const r = await runMain(...args.slice(2));
        // An edit may push the level past full scale: the float file keeps it, with a warning.
        expect(r.err.filter((l) => !l.includes("warning: "))).toEqual([]);
        expect(r.code, r.err.join("\n")).toBe(0);
      }
    } finally {
      process.chdir(cwd);
    }
    const take = decodeWav(readFileSync(join(dir, "take.wav")), "take.wav").channels[0]!;
    const edit = decodeWav(readFileSync(join(dir, "edit.wav")), "edit.wav").channels[0]!;
    expect(edit).toHaveLength(take.length);
    expect(edit.some((v, i) => Math.abs(v - take[i]!) > 0.01)).toBe(true);
  });
});

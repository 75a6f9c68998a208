/**
 * Every patch and every `latent-patcher` command written in docs/ and the README is checked
 * here: the patches load, validate and render; each command's options are ones it takes; the
 * text form's walkthrough runs as written.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { COMMAND_OPTIONS, parseCommandArgs } from "../../src/cli/args";
import { decodeWav } from "../../src/dsp/wav";
import { resolveParams } from "../../src/engine/params";
import { AudioInNode } from "../../src/nodes/AudioIn";
import { runMain } from "./runMain";

const DOCS = [...readdirSync("docs").map((f) => `docs/${f}`), "README.md"].filter((f) =>
  f.endsWith(".md"),
);

/** The code blocks of `lang` in `file`. */
function blocks(file: string, lang: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);
}

/** Every `npx latent-patcher …` line of the docs' shell blocks, comments and redirects cut. */
const commands = DOCS.flatMap((file) =>
  blocks(file, "sh").flatMap((block) =>
    block
      .split("\n")
      .filter((line) => line.startsWith("npx latent-patcher "))
      .map((line) => ({ file, line: line.replace(/\s+#.*$/, "").replace(/\s*>.*$/, "") })),
  ),
);

const patches = DOCS.flatMap((file) =>
  blocks(file, "json")
    .filter((b) => b.includes('"format": "latent-patcher.patch"'))
    .map((text) => ({ file, text })),
);

describe("the patches in docs/", () => {
  it("are found", () => {
    expect(patches.map((p) => p.file)).toContain("docs/patch-format.md");
  });

  it.each(patches)(
    "$file: the patch validates and renders, playing the sounds it names",
    async ({ text }) => {
      const dir = mkdtempSync(join(tmpdir(), "lp-docs-patch-"));
      const patch = JSON.parse(text) as {
        nodes: { type: string; params: Record<string, string> }[];
        assets?: Record<string, { kind: string; path?: string }>;
      };
      for (const node of patch.nodes.filter((n) => n.type === "AudioIn" && n.params.asset))
        expect(resolveParams(AudioInNode, node.params).source).toBe("asset");
      // The sound files it names lie beside it, as a user's would.
      for (const asset of Object.values(patch.assets ?? {})) {
        if (asset.kind !== "file" || !asset.path) continue;
        mkdirSync(dirname(join(dir, asset.path)), { recursive: true });
        copyFileSync("assets/audio/piano-reverb.wav", join(dir, asset.path));
      }
      const path = join(dir, "doc.patch.json");
      writeFileSync(path, text);
      const v = await runMain("validate", path);
      expect(v.err).toEqual([]);
      expect(v.code).toBe(0);
      const out = join(dir, "doc.wav");
      const r = await runMain("render", path, "--out", out, "--seconds", "2");
      expect(r.code, r.err.join("\n")).toBe(0);
      const rendered = decodeWav(readFileSync(out), out).channels[0]!;
      expect(rendered.some((v) => Math.abs(v) > 0.01)).toBe(true);
    },
  );
});

describe("the latent-patcher commands in docs/", () => {
  it("are found", () => {
    expect(commands.length).toBeGreaterThan(10);
  });

  it.each(commands)("$file: $line", ({ line }) => {
    const [command, ...args] = line.split(/\s+/).slice(2);
    expect(Object.keys(COMMAND_OPTIONS)).toContain(command);
    if (/[<[(]/.test(line)) {
      // A synopsis: every option it shows is one the command takes.
      for (const option of line.matchAll(/--([a-z-]+)/g))
        expect(COMMAND_OPTIONS[command!], option[0]).toContain(option[1]);
    } else {
      expect(() => parseCommandArgs(command!, args)).not.toThrow();
    }
  });

  it("docs/text-format.md: the walkthrough runs as written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lp-docs-text-"));
    const [block] = blocks("docs/text-format.md", "sh");
    const cwd = process.cwd();
    try {
      mkdirSync(join(dir, "examples"));
      copyFileSync(
        "examples/effect-transfer.patch.json",
        join(dir, "examples/effect-transfer.patch.json"),
      );
      process.chdir(dir);
      for (const line of block!.trim().split("\n")) {
        const [, redirect] = /> (\S+)/.exec(line) ?? [];
        const args = line
          .replace(/\s+#.*$/, "")
          .replace(/\s*>.*$/, "")
          .split(/\s+/)
          .slice(2);
        const rendering = args[0] === "render";
        // The render is cut to 2 s: its length is not what this checks.
        const printed: string[] = [];
        const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
          printed.push(String(chunk));
          return true;
        });
        const r = await runMain(...args, ...(rendering ? ["--seconds", "2"] : [])).finally(() =>
          write.mockRestore(),
        );
        expect(r.code, `${line}\n${r.err.join("\n")}`).toBe(0);
        if (redirect) writeFileSync(redirect, printed.join(""));
      }
      expect(readFileSync("out.wav").length).toBeGreaterThan(44);
    } finally {
      process.chdir(cwd);
    }
  });
});

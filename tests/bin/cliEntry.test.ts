/**
 * bin/cliEntry.mjs: the CLI runs the prebuilt bundle only while it matches the sources it was
 * built from, and falls back to the TypeScript sources otherwise.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUNDLE_DIR, STAMP_FILE, hashInputs, pickEntry } from "../../bin/cliEntry.mjs";

let root: string;

/** A fake install: one source file and a bundle stamped with `hash` (default: the right one). */
function install(hash?: string): void {
  mkdirSync(join(root, "src"), { recursive: true });
  writeFileSync(join(root, "src/a.ts"), "export const a = 1;\n");
  mkdirSync(join(root, BUNDLE_DIR), { recursive: true });
  writeFileSync(join(root, BUNDLE_DIR, "main.mjs"), "export const main = () => 0;\n");
  const inputs = ["src/a.ts"];
  const stamp = { hash: hash ?? hashInputs(root, inputs), inputs, outputs: ["main.mjs"] };
  writeFileSync(join(root, BUNDLE_DIR, STAMP_FILE), JSON.stringify(stamp));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "lp-entry-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("pickEntry", () => {
  it("runs the bundle built from the sources there are", () => {
    install();
    expect(pickEntry(root)).toEqual({ kind: "bundle", file: join(root, BUNDLE_DIR, "main.mjs") });
  });

  it("runs the sources when there is no bundle", () => {
    expect(pickEntry(root)).toEqual({ kind: "source", reason: "no bundle" });
  });

  it("runs the sources once one of them changed, even by a byte", () => {
    install();
    writeFileSync(join(root, "src/a.ts"), "export const a = 2;\n");
    expect(pickEntry(root)).toEqual({ kind: "source", reason: "sources changed" });
  });

  it("runs the sources when a file the bundle was built from is gone", () => {
    install();
    rmSync(join(root, "src/a.ts"));
    expect(pickEntry(root).kind).toBe("source");
  });

  it("runs the sources when a file of the bundle is gone", () => {
    install();
    rmSync(join(root, BUNDLE_DIR, "main.mjs"));
    expect(pickEntry(root)).toEqual({ kind: "source", reason: "bundle incomplete" });
  });

  it("runs the sources when the stamp is malformed", () => {
    install();
    writeFileSync(join(root, BUNDLE_DIR, STAMP_FILE), '{"hash": 3}');
    expect(pickEntry(root)).toEqual({ kind: "source", reason: "no stamp" });
    writeFileSync(join(root, BUNDLE_DIR, STAMP_FILE), "not json");
    expect(pickEntry(root)).toEqual({ kind: "source", reason: "no bundle" });
  });

  it("LATENT_PATCHER_FROM=source always runs the sources", () => {
    install();
    expect(pickEntry(root, "source").kind).toBe("source");
  });

  it("LATENT_PATCHER_FROM=bundle refuses a stale bundle, saying how to build one", () => {
    install("0".repeat(64));
    expect(() => pickEntry(root, "bundle")).toThrow(
      /LATENT_PATCHER_FROM=bundle but build\/cli is unusable \(sources changed\): run npm run build:cli/,
    );
    install();
    expect(pickEntry(root, "bundle").kind).toBe("bundle");
  });

  it("hashes names as well as bytes", () => {
    mkdirSync(join(root, "src"));
    writeFileSync(join(root, "src/a.ts"), "x");
    writeFileSync(join(root, "src/b.ts"), "x");
    expect(hashInputs(root, ["src/a.ts"])).not.toBe(hashInputs(root, ["src/b.ts"]));
  });
});

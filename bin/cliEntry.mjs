/**
 * Which code `bin/latent-patcher.mjs` runs: the prebuilt bundle in build/cli (made by
 * scripts/buildCli.mjs, which `npm ci` runs as `prepare`) when it was built from exactly the
 * sources there are now, else the TypeScript sources through tsx. Plain JavaScript, so that
 * choosing costs no loader.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Where the bundle lives, relative to the repository root. */
export const BUNDLE_DIR = "build/cli";
/**
 * The bundle's record of the sources it was built from and the files it is made of:
 * `{ hash, inputs, outputs }`.
 */
export const STAMP_FILE = "inputs.json";

/** A hash of the files `inputs` (paths relative to `root`), names and bytes; throws if one is missing. */
export function hashInputs(root, inputs) {
  const hash = createHash("sha256");
  for (const path of inputs) {
    hash.update(`${path}\0`);
    hash.update(readFileSync(join(root, path)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/**
 * `{ kind: "bundle", file }` when `root`'s bundle is present and its sources unchanged since it
 * was built, else `{ kind: "source", reason }`. `from` (the LATENT_PATCHER_FROM variable)
 * forces a choice: "source" always runs the sources, "bundle" refuses a missing or stale bundle.
 */
export function pickEntry(root, from) {
  if (from === "source") return { kind: "source", reason: "LATENT_PATCHER_FROM=source" };
  const file = join(root, BUNDLE_DIR, "main.mjs");
  let reason;
  try {
    const stamp = JSON.parse(readFileSync(join(root, BUNDLE_DIR, STAMP_FILE), "utf8"));
    const { inputs, outputs, hash } = stamp;
    if (!Array.isArray(inputs) || !Array.isArray(outputs) || typeof hash !== "string")
      reason = "no stamp";
    else if (!outputs.every((f) => existsSync(join(root, BUNDLE_DIR, f))))
      reason = "bundle incomplete";
    else if (hashInputs(root, inputs) !== hash) reason = "sources changed";
  } catch {
    reason = "no bundle";
  }
  if (reason === undefined) return { kind: "bundle", file };
  if (from === "bundle")
    throw new Error(
      `LATENT_PATCHER_FROM=bundle but ${BUNDLE_DIR} is unusable (${reason}): run npm run build:cli`,
    );
  return { kind: "source", reason };
}

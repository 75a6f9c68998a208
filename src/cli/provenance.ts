/**
 * Where latents come from: `encode` writes `z.json` beside `z.npy` (docs/cli.md "Latents and
 * their provenance") with the model and its pack's hash, the latent clock, the source file and
 * its length; `decode` reads it to pick the model, refuse another one, and trim the output to
 * the source's length.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { LoadedModel } from "../engine/models/types";
import { APP_ROOT, appLoader, packLocation } from "./app";

/** The `format` field that marks a provenance file. */
export const PROVENANCE_FORMAT = "latent-patcher.latents";

const count = z.number().int().min(0);
const rate = z.number().positive();

const provenanceSchema = z.object({
  format: z.literal(PROVENANCE_FORMAT),
  version: z.literal(1),
  model: z.object({ id: z.string().min(1), packSha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  frames: count,
  dims: z.number().int().min(1),
  frameRate: rate,
  sampleRate: z.number().int().positive(),
  hopSamples: z.number().int().positive(),
  samples: count,
  source: z.object({
    file: z.string(),
    sampleRate: z.number().int().positive(),
    channels: z.number().int().positive(),
    samples: count,
    /** Frames encoded from its start (fewer than `samples` with `encode --seconds`). */
    encodedSamples: count,
  }),
  tool: z.object({ name: z.string(), version: z.string() }),
});

/** What `z.json` says about `z.npy`. */
export type Provenance = z.infer<typeof provenanceSchema>;

/** The provenance file of the latents at `npyPath`: `z.npy` → `z.json`. */
export function provenancePath(npyPath: string): string {
  return /\.npy$/i.test(npyPath) ? npyPath.replace(/\.npy$/i, ".json") : `${npyPath}.json`;
}

/**
 * The SHA-256 of pack `model`'s files as `sha256sum model.json ENCODER DECODER | sha256sum`
 * prints it in the pack's folder: any change to its manifest or weights changes it.
 */
export function packSha256(model: LoadedModel): Promise<string> {
  // Keyed by where the pack is too: `--model PATH` may bring another pack of a shipped id.
  const key = `${model.id} ${packLocation(model.id)}`;
  let hash = packHashes.get(key);
  if (!hash) {
    hash = hashPack(model);
    packHashes.set(key, hash);
  }
  return hash;
}

/** Pack hashes by id: a batch hashes each pack once. */
const packHashes = new Map<string, Promise<string>>();

async function hashPack(model: LoadedModel): Promise<string> {
  const names = ["model.json", model.manifest.encoder.file, model.manifest.decoder.file];
  // The files are read at once, each hashed as it arrives.
  const hashes = await Promise.all(
    names.map(async (name) =>
      createHash("sha256")
        .update(await appLoader.read(`models/${model.id}/${name}`))
        .digest("hex"),
    ),
  );
  const lines = names.map((name, i) => `${hashes[i]}  ${name}\n`).join("");
  return createHash("sha256").update(lines).digest("hex");
}

let version: Promise<string> | undefined;

/** This tool's version, from package.json. */
export function toolVersion(): Promise<string> {
  version ??= readFile(`${APP_ROOT}/package.json`, "utf8").then(
    (text) => {
      const v = (JSON.parse(text) as { version?: unknown }).version;
      return typeof v === "string" ? v : "unknown";
    },
    () => "unknown",
  );
  return version;
}

/** Reads the provenance beside `npyPath`: undefined when there is none; a broken one throws. */
export async function readProvenance(npyPath: string): Promise<Provenance | undefined> {
  const path = provenancePath(npyPath);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`${path}: cannot read it (${String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: not JSON (${(err as Error).message.split("\n")[0]})`);
  }
  const parsed = provenanceSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `${path}: not the provenance of ${npyPath} (${issue.path.join(".") || "the file"}: ${issue.message})`,
    );
  }
  return parsed.data;
}

/** How `decode` uses a provenance file with the model it loaded and the latents it reads. */
export interface ProvenanceCheck {
  /** Samples to write: the source's length at the model's rate; undefined: every frame's. */
  readonly trimTo?: number;
  /** Why the output is not trimmed, or what `--force` let through: one line each. */
  readonly notes: string[];
}

/**
 * Compares `p` (the provenance of `name`) with `model` and the `rows` latent frames read.
 * Another model, or the same id with other weights, is refused unless `force`.
 */
export async function checkProvenance(
  name: string,
  p: Provenance,
  model: LoadedModel,
  rows: number,
  force: boolean,
): Promise<ProvenanceCheck> {
  const notes: string[] = [];
  const hash = p.model.id === model.id ? await packSha256(model) : "";
  const mismatch =
    p.model.id !== model.id
      ? `${name} was encoded with model "${p.model.id}", not "${model.id}"`
      : p.model.packSha256 !== hash
        ? `${name} was encoded with another version of model "${model.id}" (its pack's files changed since: pack hash ${p.model.packSha256.slice(0, 12)}…, now ${hash.slice(0, 12)}…)`
        : undefined;
  if (mismatch && !force)
    throw new Error(`${mismatch}; decode with --force to use "${model.id}" anyway`);
  if (mismatch) notes.push(`${mismatch} (decoded anyway: --force)`);
  const sameClock = p.sampleRate === model.sampleRate && p.hopSamples === model.hopSamples;
  if (!sameClock)
    notes.push(`not trimmed to the source's length: "${model.id}" runs on another clock`);
  else if (rows !== p.frames)
    notes.push(
      `not trimmed to the source's length: ${rows} frames, where ${provenancePath(name)} says ${p.frames}`,
    );
  return sameClock && rows === p.frames ? { trimTo: p.samples, notes } : { notes };
}

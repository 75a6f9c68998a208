/**
 * Patch format migrations: every earlier version of the file is brought up to the current one
 * before it is parsed. Version 1 is the first public version; a change to the format adds a step
 * from the old version and bumps CURRENT_VERSION.
 */
import { patchError } from "./errors";
import { preview } from "./path";

/** The patch format version this build writes and reads. */
export const CURRENT_VERSION = 2;

/** One step, from `from` to `from + 1`. */
export interface MigrationStep {
  readonly from: number;
  readonly to: number;
  /** Returns the patch JSON in the next version's shape; must not modify its argument. */
  migrate(json: Record<string, unknown>): Record<string, unknown>;
  /** What changed, for the changelog and docs/patch-format.md. */
  readonly note: string;
}

/** Version 1 → 2: the patch gains a clock; a version-1 patch played at 120 BPM in 4/4. */
const addTransport: MigrationStep = {
  from: 1,
  to: 2,
  note: 'adds "transport" (tempo, beats per bar, loop length in bars); version-1 patches get 120 BPM in 4/4',
  migrate(json) {
    if ("transport" in json) throw new Error('"transport" is not a version-1 field');
    return { ...json, transport: { bpm: 120, beatsPerBar: 4 } };
  },
};

/** The steps of this build, oldest first. */
export const MIGRATIONS: readonly MigrationStep[] = [addTransport];

function checkChain(steps: readonly MigrationStep[], current: number): void {
  steps.forEach((step, i) => {
    const next = steps[i + 1];
    if (step.to !== step.from + 1)
      throw new Error(`migration ${step.from}→${step.to} skips a version`);
    if (next && next.from !== step.to)
      throw new Error(`migration ${step.from}→${step.to} is followed by ${next.from}→${next.to}`);
  });
  const last = steps[steps.length - 1];
  if (last && last.to !== current)
    throw new Error(`migrations end at version ${last.to}, not ${current}`);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Brings patch JSON up to `current`, applying `steps` (oldest first) from its `version`. Returns
 * a new object; the argument is not modified. Throws a PatchError at `patch.version` when the
 * version is missing, not a whole number, newer than this build reads, or older than the oldest
 * step; at `patch` when the JSON is not an object or a step fails on it.
 */
export function migratePatch(
  json: unknown,
  steps: readonly MigrationStep[] = MIGRATIONS,
  current: number = CURRENT_VERSION,
): Record<string, unknown> {
  checkChain(steps, current);
  if (!isObject(json)) throw patchError("patch", `expected an object, got ${preview(json)}`);
  const version = json.version;
  const oldest = steps[0]?.from ?? current;
  const reads = oldest === current ? `version ${current}` : `versions ${oldest} to ${current}`;
  if (version === undefined) {
    throw patchError(
      "patch.version",
      `missing: expected the format version (this build reads ${reads})`,
    );
  }
  if (typeof version !== "number" || !Number.isInteger(version)) {
    throw patchError("patch.version", `expected a whole number, got ${preview(version)}`);
  }
  if (version > current) {
    throw patchError(
      "patch.version",
      `this patch was saved by a newer Latent Patcher (version ${version}); this build reads up to ${current}`,
    );
  }
  if (version < oldest) {
    throw patchError("patch.version", `unknown version ${version}; this build reads ${reads}`);
  }
  let migrated: Record<string, unknown> = json;
  for (const step of steps) {
    if (step.from < version) continue;
    let next: unknown;
    try {
      next = step.migrate(migrated);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw patchError(
        "patch",
        `could not migrate from version ${step.from} to ${step.to}: ${reason}`,
      );
    }
    if (!isObject(next))
      throw new Error(`migration ${step.from}→${step.to} returned ${preview(next)}`);
    migrated = { ...next, version: step.to };
  }
  return migrated;
}

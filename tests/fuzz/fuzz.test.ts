/**
 * A fast, fixed-seed slice of `npm run fuzz` (bench/fuzz): the same loaders, generators and
 * properties — every case loads or is refused with a clear message of the loader's kinds — run
 * in this process, plus every case the full fuzzer saved under tests/fuzz/cases/.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { classify } from "../../bench/fuzz/classify";
import { LOADERS } from "../../bench/fuzz/loaders";
import type { SavedCase } from "../../bench/fuzz/report";
import { caseSeed, Rng } from "../../bench/fuzz/rng";
import type { FuzzCase, FuzzLoader, FuzzTarget, Outcome } from "../../bench/fuzz/types";

const SEED = 17;
const ROOT = process.cwd();
const CASES = "tests/fuzz/cases";
/** Cases per loader in the slice: a few hundred where a case takes a millisecond or two. */
const SLICE: Record<string, number> = {
  wav: 400,
  manifest: 300,
  onnx: 80,
  "onnx-native": 80,
  bundle: 80,
  patch: 150,
  text: 150,
};
/**
 * The patch size limits and the limited unzip are merged: every generator, bombs included, runs
 * here, and every saved finding replays.
 */
const UNBOUNDED_TODAY = new Set<string>();
const runOpen = true;

const loaderNamed = (name: string) => LOADERS.find((l) => l.name === name) as FuzzLoader<unknown>;
const opened = new Map<string, Promise<{ corpus: unknown; target: FuzzTarget }>>();

function openLoader(name: string) {
  let entry = opened.get(name);
  if (!entry) {
    const loader = loaderNamed(name);
    entry = loader
      .corpus(ROOT)
      .then(async (corpus) => ({ corpus, target: await loader.open(corpus, ROOT) }));
    opened.set(name, entry);
  }
  return entry;
}

async function outcomeOf(
  loader: FuzzLoader<unknown>,
  target: FuzzTarget,
  c: FuzzCase,
): Promise<Outcome> {
  try {
    await target.run(c);
    return { kind: "loaded" };
  } catch (err) {
    return classify(err, loader.expected, loader.singleLine);
  }
}

afterAll(async () => {
  for (const entry of opened.values()) await (await entry).target.close();
});

describe("fuzz slice (fixed seed)", () => {
  for (const loader of LOADERS as readonly FuzzLoader<unknown>[]) {
    it(`${loader.name}: ${SLICE[loader.name]} cases load or are refused with a clear message`, async () => {
      const { corpus, target } = await openLoader(loader.name);
      const failures: string[] = [];
      const seen = { loaded: 0, refused: 0, skipped: 0 };
      for (let i = 0; i < (SLICE[loader.name] ?? 100); i++) {
        const c = loader.generate(corpus, new Rng(caseSeed(SEED, loader.name, i)));
        if (UNBOUNDED_TODAY.has(loader.name) && c.note.startsWith("bomb:")) {
          seen.skipped++;
          continue;
        }
        const outcome = await outcomeOf(loader, target, c);
        if (outcome.kind === "loaded" || outcome.kind === "refused") seen[outcome.kind]++;
        else
          failures.push(
            `#${i} ${c.note.slice(0, 80)}: ${"message" in outcome ? outcome.message : ""}`,
          );
      }
      expect(failures).toEqual([]);
      // Both sides of each loader are exercised: some inputs survive mutation, most do not.
      expect(seen.loaded).toBeGreaterThan(0);
      expect(seen.refused).toBeGreaterThan(0);
    });
  }
});

const saved = existsSync(CASES)
  ? readdirSync(CASES)
      .filter((f) => /^[a-z]+-\d+-\d+\.json$/.test(f))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(CASES, f), "utf8")) as SavedCase)
  : [];

describe("saved fuzz findings", () => {
  it("the cases folder holds only records the replay understands", () => {
    for (const s of saved) expect(LOADERS.map((l) => l.name)).toContain(s.loader);
  });

  for (const s of saved) {
    const open = UNBOUNDED_TODAY.has(s.loader);
    it.skipIf(open && !runOpen)(
      `${s.loader} #${s.index} (seed ${s.seed}, was ${s.outcome}${open ? ", open until the limits merge" : ""}): ${s.note.slice(0, 60)}`,
      async () => {
        const loader = loaderNamed(s.loader);
        const { corpus, target } = await openLoader(s.loader);
        const regenerated = loader.generate(corpus, new Rng(caseSeed(s.seed, s.loader, s.index)));
        const c: FuzzCase = s.input
          ? {
              bytes: new Uint8Array(readFileSync(join(CASES, s.input))),
              note: s.note,
              ...(s.meta ? { meta: s.meta } : {}),
            }
          : regenerated;
        expect(c.bytes.length).toBe(s.bytes);
        const outcome = await outcomeOf(loader, target, c);
        expect(["loaded", "refused"], JSON.stringify(outcome)).toContain(outcome.kind);
      },
    );
  }
});

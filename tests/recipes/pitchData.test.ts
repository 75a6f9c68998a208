/**
 * models/recipes/neural_spectral/pitch_data.py: the vibrato/glide training phrases. Checks the
 * generated MIDI (no rendering): pitch bends that move, within the bend range, deterministic per
 * seed, on melodic channels only, and seeds disjoint from the held-out pitch set's. Needs
 * Debian's python3 with numpy; skipped where it is missing.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const PY = "/usr/bin/python3";
const hasNumpy = spawnSync(PY, ["-c", "import numpy"], { stdio: "ignore" }).status === 0;

const SCRIPT = `
import json, sys
sys.path.insert(0, "models/recipes/neural_spectral")
import pitch_data as p
def summary(seed):
    s = p.make_bend_batch(seed, 30.0)
    bends = [(e[2][0] & 15, e[2][1] | (e[2][2] << 7)) for e in s.events if e[2][0] & 0xF0 == 0xE0]
    notes = [e[2][0] & 15 for e in s.events if e[2][0] & 0xF0 == 0x90]
    progs = sorted({e[2][1] for e in s.events if e[2][0] & 0xF0 == 0xC0})
    return {"bends": len(bends), "lo": min(v for _, v in bends), "hi": max(v for _, v in bends),
            "channels": sorted({c for c, _ in bends} | set(notes)), "notes": len(notes), "programs": progs,
            "end": s.end_time(), "bytes": s.to_bytes().hex()}
a, b, c = summary(p.TRAIN_SEED), summary(p.TRAIN_SEED), summary(p.TRAIN_SEED + 1)
print(json.dumps({"a": {k: v for k, v in a.items() if k != "bytes"}, "same": a["bytes"] == b["bytes"],
                  "differs": a["bytes"] != c["bytes"], "seeds": [p.TRAIN_SEED, p.HELDOUT_SEED]}))
`;

interface Summary {
  bends: number;
  lo: number;
  hi: number;
  channels: number[];
  notes: number;
  programs: number[];
  end: number;
}

describe.skipIf(!hasNumpy)("pitch_data.py", () => {
  it("writes phrases whose notes bend both ways within the range, the same for a seed", () => {
    const r = spawnSync(PY, ["-c", SCRIPT], { encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      a: Summary;
      same: boolean;
      differs: boolean;
      seeds: number[];
    };
    const a = out.a;
    expect(a.end).toBeGreaterThanOrEqual(30);
    expect(a.notes).toBeGreaterThan(10);
    // about 100 bend events a second of held notes
    expect(a.bends).toBeGreaterThan(1000);
    // 14-bit bend values: both sides of the centre (8192), never past the ends
    expect(a.lo).toBeGreaterThanOrEqual(0);
    expect(a.hi).toBeLessThanOrEqual(16383);
    expect(a.lo).toBeLessThan(8192 - 1000);
    expect(a.hi).toBeGreaterThan(8192 + 1000);
    expect(a.channels.every((c) => c >= 0 && c < 8)).toBe(true);
    expect(a.programs.length).toBeGreaterThan(1);
    expect(out.same).toBe(true);
    expect(out.differs).toBe(true);
    // bench/heldout/pitch.py's seeds are 9101-9402: the training seeds lie far from them
    for (const s of out.seeds) expect(s < 9101 || s > 9402 + 10_000).toBe(true);
  }, 90_000);
});

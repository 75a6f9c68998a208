/**
 * The restart after the engine worker died (`restart.ts`), with a fake host and engine: where the
 * new worker resumes (in samples, as the worker's `seek` takes them), what the user is told, and
 * that a death during the restart leaves nothing waiting.
 */
import { describe, expect, it } from "vitest";
import { createOutputRing, OutputRingWriter } from "../../../src/audio/outputRing";
import type { EngineClient, LoadInfo } from "../../../src/engine/worker/engineClient";
import type { Patch } from "../../../src/engine/patch/schema";
import { CallGuard, EngineDied } from "../../../src/ui/live/callGuard";
import {
  restartAfterDeath,
  resumeSample,
  writtenFrame,
  type RestartHost,
  type RestartSession,
} from "../../../src/ui/live/restart";

const RATE = 44_100;
const HOP = 512;
const INFO: LoadInfo = {
  sampleRate: RATE,
  latencySamples: 768,
  durationSamples: 30 * RATE,
  live: false,
  loopSamples: 4 * RATE,
};
const PATCH = { name: "the user's latest patch" } as unknown as Patch;

/** A session whose worklet has played `played` frames and still holds `queued`. */
function session(played: number, queued: number): RestartSession & { played: number } {
  const ring = createOutputRing({ sampleRate: RATE, seconds: 0.5 });
  new OutputRingWriter(ring).write([new Float32Array(queued)]);
  new OutputRingWriter(ring).setPlaying(true);
  const s = {
    played,
    output: { ring, stats: () => ({ framesPlayed: s.played }) },
    capture: undefined,
    startFrame: 0,
  };
  return s;
}

/** An engine that seeks to whole hops (as the worker's host does) and records its calls. */
function fakeEngine(calls: string[]) {
  return {
    seek: (sample: number) => {
      calls.push(`seek ${sample}`);
      return Promise.resolve(Math.floor(sample / HOP) * HOP);
    },
    start: () => {
      calls.push("start");
      return Promise.resolve();
    },
    stop: () => {
      calls.push("stop");
      return Promise.resolve();
    },
  } as unknown as EngineClient;
}

function fakeHost(
  s: RestartSession | undefined,
  opts: { looping?: boolean; engine?: EngineClient; info?: LoadInfo } = {},
) {
  const calls: string[] = [];
  const notices: string[] = [];
  const errors: string[] = [];
  let current = s;
  const engine = opts.engine ?? fakeEngine(calls);
  const host: RestartHost = {
    session: () => current,
    patch: () => PATCH,
    engine: () => engine,
    reload: (patch) => {
      calls.push(`reload ${patch.name}`);
      return Promise.resolve(opts.info ?? INFO);
    },
    looping: () => opts.looping ?? false,
    startOptions: () => ({ blockFrames: 4 }),
    stop: () => {
      calls.push("host stop");
      current = undefined;
      return Promise.resolve();
    },
    notice: (t) => notices.push(t),
    error: (t) => errors.push(t),
  };
  return { host, calls, notices, errors };
}

const death = { reason: "it closed", crashLoop: false };

describe("restart after the engine worker died", () => {
  it("counts the frame written so far: played since the start, plus what is queued", () => {
    const s = session(100_000, 2048);
    s.startFrame = 10_000;
    expect(writtenFrame(s)).toBe(92_048);
  });

  it("resumes where the old worker had written up to, in samples; wraps into the loop; a live patch at 0", () => {
    expect(resumeSample(300_000, INFO, false)).toBe(300_000);
    expect(resumeSample(500, INFO, false)).toBe(500);
    expect(resumeSample(INFO.loopSamples + 10_768, INFO, true)).toBe(10_768);
    expect(resumeSample(300_000, { ...INFO, live: true }, false)).toBe(0);
  });

  it("seeks the new worker to the sample it had written (not a latent frame index), starts it, and says so", async () => {
    // The worker's seek takes samples; it once took a latent frame index, so this count sent the
    // new worker past the material's end: silence, then a stop.
    const s = session(6.4 * RATE, 0);
    const { host, calls, notices, errors } = fakeHost(s);
    await restartAfterDeath(host, death);
    const from = 6.4 * RATE;
    expect(calls).toEqual([`reload ${PATCH.name}`, `seek ${from}`, "start"]);
    expect(errors).toEqual([]);
    expect(notices).toEqual([
      "engine restarted after a crash (it closed) — reloading the patch…",
      "engine restarted after a crash — playing again",
    ]);
    // The position readout goes on from the whole hop the stream starts at.
    expect(s.startFrame).toBe(6.4 * RATE - Math.floor(from / HOP) * HOP);
    expect(new OutputRingWriter(s.output.ring).control[3]).toBe(0); // not counted as underruns
  });

  it("while looping, resumes inside the loop instead of calling the material ended", async () => {
    const s = session(INFO.durationSamples + 2 * RATE, 0);
    const { host, calls } = fakeHost(s, { looping: true });
    await restartAfterDeath(host, death);
    const from = (INFO.durationSamples + 2 * RATE) % INFO.loopSamples;
    expect(calls).toEqual([`reload ${PATCH.name}`, `seek ${from}`, "start"]);
  });

  it("stops, saying so, when the material had already played to its end", async () => {
    const s = session(INFO.durationSamples + 2 * RATE, 0);
    const { host, calls, notices } = fakeHost(s);
    await restartAfterDeath(host, death);
    expect(calls).toEqual([`reload ${PATCH.name}`, "host stop"]);
    expect(notices.at(-1)).toBe("engine restarted after a crash — the material had ended");
  });

  it("stops with a message at a crash loop, without reloading", async () => {
    const { host, calls, errors } = fakeHost(session(RATE, 0));
    await restartAfterDeath(host, { reason: "it closed", crashLoop: true });
    expect(calls).toEqual(["host stop"]);
    expect(errors[0]).toMatch(/^the engine crashed 3 times in 10 s \(last: it closed\)/);
  });

  it("returns, without hanging, when the new worker dies too: its calls reject with EngineDied", async () => {
    // The engine of a worker already declared dead: nothing it is asked ever answers.
    const never = new Proxy({}, { get: () => () => new Promise(() => undefined) });
    const guard = new CallGuard(never as EngineClient, {
      quick: new Set(),
      deadlineMs: 1000,
      after: () => () => undefined,
      lenient: () => false,
      hung: () => undefined,
    });
    guard.kill(new EngineDied("it closed"));
    const { host, errors } = fakeHost(session(RATE, 0), { engine: guard.engine });
    await restartAfterDeath(host, death); // resolves: the later death's restart takes over
    expect(errors).toEqual([]);
  });

  it("gives up quietly when the user stopped meanwhile", async () => {
    const s = session(RATE, 0);
    const { host, calls } = fakeHost(s);
    const reload = host.reload.bind(host);
    host.reload = async (p) => {
      const info = await reload(p);
      await host.stop();
      return info;
    };
    await restartAfterDeath(host, death);
    expect(calls).toEqual([`reload ${PATCH.name}`, "host stop"]);
  });
});

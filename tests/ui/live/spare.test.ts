/**
 * The spare engine worker: warmed beside the live one, it takes over after a death, so a restart
 * skips a new worker's cold start (its module and inference runtime: seconds).
 */
import { describe, expect, it } from "vitest";
import type { EngineClient } from "../../../src/engine/worker/engineClient";
import { setup, settle } from "./fakeWorker";

/** A warm-up the test finishes by hand. */
function gate() {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const warmed: EngineClient[] = [];
  const warm = async (engine: EngineClient) => {
    warmed.push(engine);
    await engine.status();
    await opened;
  };
  return { warm, open, warmed };
}

describe("EngineSupervisor spare", () => {
  it("warms a second worker, and hands it the work when the live one dies", async () => {
    const { supervisor, workers, deaths } = setup();
    await supervisor.engine.status();
    const g = gate();
    const warming = supervisor.warmSpare(g.warm);
    expect(workers).toHaveLength(2);
    expect(supervisor.spareReady).toBe(false);
    g.open();
    await warming;
    expect(workers[1]!.host.backend).toBe("wasm"); // prepared like any worker
    expect(supervisor.spareReady).toBe(true);
    // A second call while one is warm starts nothing.
    await supervisor.warmSpare(g.warm);
    expect(workers).toHaveLength(2);
    expect(g.warmed).toHaveLength(1);

    workers[0]!.crash("out of memory");
    expect(deaths).toHaveLength(1);
    await expect(supervisor.engine.status()).resolves.toEqual({ ok: true });
    expect(workers).toHaveLength(2); // the spare took over: no cold start
    expect(workers[1]!.terminated).toBe(false);
    expect(supervisor.spareReady).toBe(false);
  });

  it("does not hand over a spare still warming: a new worker starts, the spare stays spare", async () => {
    const { supervisor, workers } = setup();
    await supervisor.engine.status();
    const g = gate();
    const warming = supervisor.warmSpare(g.warm);
    workers[0]!.crash("gone");
    await supervisor.engine.status();
    expect(workers).toHaveLength(3);
    g.open();
    await warming;
    expect(supervisor.spareReady).toBe(true);
  });

  it("drops a spare that dies or fails to warm, without reporting a death; the next warm starts another", async () => {
    const { supervisor, workers, deaths } = setup();
    await supervisor.engine.status();
    await supervisor.warmSpare((e) => e.status().then(() => undefined));
    workers[1]!.crash("spare crashed");
    expect(workers[1]!.terminated).toBe(true);
    expect(supervisor.spareReady).toBe(false);
    await supervisor.warmSpare(() => Promise.reject(new Error("no model")));
    expect(workers[2]!.terminated).toBe(true);
    await supervisor.warmSpare((e) => e.status().then(() => undefined));
    expect(supervisor.spareReady).toBe(true);
    expect(deaths).toHaveLength(0);
    expect(workers[0]!.terminated).toBe(false);
  });

  it("gives an idle spare the lenient watch: its silence while the live worker plays is no death", async () => {
    const { supervisor, workers, deaths, advance } = setup({ strict: () => true });
    await supervisor.engine.status();
    await supervisor.warmSpare((e) => e.status().then(() => undefined));
    await settle();
    advance(200, () => {
      workers[0]!.host.beat();
      workers[1]!.host.beat();
    });
    advance(3000, () => workers[0]!.host.beat());
    expect(deaths).toHaveLength(0);
    expect(supervisor.spareReady).toBe(true);
  });

  it("ends the spare on dispose", async () => {
    const { supervisor, workers } = setup();
    await supervisor.engine.status();
    await supervisor.warmSpare((e) => e.status().then(() => undefined));
    await supervisor.dispose();
    expect(workers.map((w) => w.terminated)).toEqual([true, true]);
  });
});

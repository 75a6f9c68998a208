/**
 * The engine supervisor with fake workers: comlink over a MessageChannel to a fake host whose
 * heartbeat the test moves by hand, and a manual clock, so nothing here waits on real time.
 */
import { describe, expect, it } from "vitest";
import { EngineDied } from "../../../src/ui/live/engineSupervisor";
import { setup, settle } from "./fakeWorker";

describe("EngineSupervisor", () => {
  it("prepares each new worker and hands it the heartbeat counter", async () => {
    const { supervisor, workers } = setup();
    await supervisor.engine.status();
    expect(workers).toHaveLength(1);
    expect(workers[0]!.host.backend).toBe("wasm");
    expect(workers[0]!.host.counter).toBeInstanceOf(Int32Array);
    expect(supervisor.generation).toBe(1);
  });

  it("declares the worker dead on its error event: pending calls reject, the next call starts a new worker", async () => {
    const { supervisor, workers, deaths } = setup();
    const load = supervisor.engine.load("{}");
    await settle();
    workers[0]!.crash("out of memory");
    await expect(load).rejects.toThrow(EngineDied);
    await expect(load).rejects.toThrow(/crashed \(out of memory\)/);
    expect(deaths).toEqual([{ reason: "it crashed (out of memory)", crashLoop: false }]);
    expect(workers[0]!.terminated).toBe(true);
    expect(supervisor.running).toBe(false);
    await expect(supervisor.engine.status()).resolves.toEqual({ ok: true });
    expect(workers).toHaveLength(2);
    expect(workers[1]!.host.backend).toBe("wasm");
    expect(supervisor.generation).toBe(2);
  });

  it("declares the worker dead at once when the channel it holds closes (the worker ended)", async () => {
    const { supervisor, workers, deaths } = setup();
    const load = supervisor.engine.load("{}");
    await settle();
    workers[0]!.host.lifeline!.close();
    await expect(load).rejects.toThrow(/the engine worker stopped: it closed/);
    expect(deaths).toEqual([{ reason: "it closed", crashLoop: false }]);
    expect(workers[0]!.terminated).toBe(true);
  });

  it("keeps a worker whose heartbeat moves, and declares it dead once the beat stops for 400 ms", async () => {
    const { supervisor, workers, deaths, advance } = setup();
    const load = supervisor.engine.load("{}");
    await settle();
    const host = workers[0]!.host;
    advance(1000);
    expect(deaths).toHaveLength(0); // not started yet
    advance(3000, () => host.beat());
    expect(deaths).toHaveLength(0);
    advance(390);
    expect(deaths).toHaveLength(0);
    advance(60);
    expect(deaths).toHaveLength(1);
    expect(deaths[0]!.reason).toMatch(/no heartbeat for 4\d\d ms/);
    await expect(load).rejects.toThrow(/the engine worker stopped: no heartbeat/);
    expect(workers[0]!.terminated).toBe(true);
  });

  it("gives a new worker time to start before its first beat, then declares one that never beats dead", async () => {
    const { supervisor, workers, deaths, advance } = setup();
    void supervisor.engine.load("{}").catch(() => undefined);
    await settle();
    advance(5000);
    expect(deaths).toHaveLength(0);
    advance(25_100);
    expect(deaths.map((d) => d.reason)).toEqual(["it did not start within 30 s"]);
    expect(workers[0]!.terminated).toBe(true);
  });

  it("gives a worker loading models (marked busy) a long silence, and answers to quick calls late", async () => {
    const { supervisor, workers, deaths, advance } = setup();
    await supervisor.engine.status();
    const host = workers[0]!.host;
    advance(500, () => host.beat());
    host.setBusy(true);
    host.hang = true;
    const status = supervisor.engine.status();
    await settle();
    advance(10_000);
    expect(deaths).toHaveLength(0);
    host.setBusy(false);
    advance(600);
    expect(deaths).toHaveLength(1);
    expect(deaths[0]!.reason).toMatch(/no heartbeat for 10\d\d\d ms/);
    await expect(status).rejects.toThrow(EngineDied);
  });

  it("gives an idle worker (strict off: nothing plays) as long as a busy one", async () => {
    let playing = false;
    const { supervisor, workers, deaths, advance } = setup({ strict: () => playing });
    await supervisor.engine.status();
    advance(200, () => workers[0]!.host.beat());
    advance(5000);
    expect(deaths).toHaveLength(0);
    playing = true;
    advance(100);
    expect(deaths).toHaveLength(1);
    expect(deaths[0]!.reason).toMatch(/^no heartbeat for 5\d\d\d ms$/);
  });

  it("declares a worker dead when a quick call hangs even though it still beats", async () => {
    const { supervisor, workers, deaths, advance } = setup();
    await supervisor.engine.status();
    const host = workers[0]!.host;
    host.hang = true;
    const status = supervisor.engine.status();
    await settle();
    advance(1900, () => host.beat());
    expect(deaths).toHaveLength(0);
    advance(200, () => host.beat());
    expect(deaths.map((d) => d.reason)).toEqual(["status() had no answer for 2000 ms"]);
    await expect(status).rejects.toThrow(EngineDied);
  });

  it("does not time out slow calls like load (a model may take seconds)", async () => {
    const { supervisor, workers, deaths, advance } = setup();
    void supervisor.engine.load("{}").catch(() => undefined);
    await settle();
    advance(10_000, () => workers[0]!.host.beat());
    expect(deaths).toHaveLength(0);
  });

  it("a deadline of a call on a dead worker does not kill its successor", async () => {
    const { supervisor, workers, deaths, advance } = setup();
    await supervisor.engine.status();
    workers[0]!.host.hang = true;
    const stuck = supervisor.engine.status();
    await settle();
    workers[0]!.crash("gone");
    await expect(stuck).rejects.toThrow(EngineDied);
    await supervisor.engine.status();
    advance(3000, () => workers[1]!.host.beat());
    expect(deaths.map((d) => d.reason)).toEqual(["it crashed (gone)"]);
  });

  it("reports a crash loop at the third death within 10 s, and not for deaths spread wider", async () => {
    const { supervisor, workers, deaths, advance } = setup();
    for (let i = 0; i < 3; i++) {
      await supervisor.engine.status();
      workers[i]!.crash(`crash ${i}`);
      advance(1000);
    }
    expect(deaths.map((d) => d.crashLoop)).toEqual([false, false, true]);

    supervisor.forgetDeaths();
    for (let i = 3; i < 6; i++) {
      await supervisor.engine.status();
      workers[i]!.crash(`crash ${i}`);
      advance(6000);
    }
    expect(deaths.slice(3).map((d) => d.crashLoop)).toEqual([false, false, false]);
  });
});

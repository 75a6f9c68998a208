/**
 * The signs of a worker's end that need no heartbeat: the Web Lock it holds (granted to the page
 * when the worker's context goes: Chromium fires no `close` on the channel for `self.close()`),
 * and the calls on a dead worker's API, which must reject at once instead of waiting forever.
 */
import { describe, expect, it } from "vitest";
import { EngineDied } from "../../../src/ui/live/engineSupervisor";
import { FakeLocks, setup, settle } from "./fakeWorker";

describe("engine lifelines", () => {
  it("declares the worker dead at once when the lock it holds is released (its context went)", async () => {
    const locks = new FakeLocks();
    const { supervisor, workers, deaths } = setup({ locks });
    const load = supervisor.engine.load("{}");
    await settle();
    const host = workers[0]!.host;
    expect(host.lockName).toMatch(/^latent-patcher-engine-/);
    // The page asked for the same lock only once the worker held it, and waits for it.
    expect(locks.requests).toEqual([host.lockName, host.lockName]);
    expect(locks.waitingFor(host.lockName!)).toBe(true);
    expect(deaths).toHaveLength(0);
    host.loseContext();
    await expect(load).rejects.toThrow("the engine worker stopped: it closed");
    expect(deaths).toEqual([{ reason: "it closed", crashLoop: false }]);
    expect(workers[0]!.terminated).toBe(true);
  });

  it("gives each worker a lock of its own, and lets go of a worker's lock when it is ended", async () => {
    const locks = new FakeLocks();
    const { supervisor, workers, deaths } = setup({ locks });
    await supervisor.engine.status();
    await settle();
    workers[0]!.crash("out of memory");
    await supervisor.engine.status();
    await settle();
    expect(workers[1]!.host.lockName).not.toBe(workers[0]!.host.lockName);
    // The ended worker's wait for its lock was given up: its release is no second death.
    expect(locks.waitingFor(workers[0]!.host.lockName!)).toBe(false);
    workers[0]!.host.loseContext();
    await settle();
    expect(deaths.map((d) => d.reason)).toEqual(["it crashed (out of memory)"]);
    expect(supervisor.running).toBe(true);
  });

  it("does without the lock where the worker has no Web Locks (no false death)", async () => {
    const { supervisor, workers, deaths } = setup(); // the fake host then refuses holdLock
    await supervisor.engine.status();
    await settle();
    expect(workers[0]!.host.lockName).toBeUndefined();
    expect(deaths).toHaveLength(0);
    expect(supervisor.running).toBe(true);
  });

  it("rejects every call on a dead worker's API at once, also those made after its death", async () => {
    const { supervisor, workers } = setup();
    const old = supervisor.engine;
    await old.status();
    workers[0]!.crash("gone");
    // A caller that kept the old API (a restart, an edit in flight) gets an answer, not a hang.
    await expect(old.status()).rejects.toThrow(EngineDied);
    await expect(old.load("{}")).rejects.toThrow("the engine worker stopped: it crashed (gone)");
    await expect(supervisor.engine.status()).resolves.toEqual({ ok: true });
  });
});

/**
 * The control boxes in a real Chromium, as a composer uses them: a Number added from the
 * quick-add box and wired into the AudioOut's gain, dragged while the demo plays — heard; a
 * Message wired into the Number, edited and clicked — heard; a Toggle clicked — heard; a Bang
 * clicked, then rendered. Each new node is photographed at 100 % under test-results/.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { drag, exportedWav, openDemo, quickAdd, render, socket } from "./actions";
import { CONTINUITY_QUERY, hasChromium, patchText, RESULTS, useAppPage } from "./harness";
import { recordedFrames, startTap, takeRecording, type Take } from "./liveTap";
import { levels } from "./tapAnalysis";

/** Seconds recorded around each act: a second before, the rest after. */
const TAKE_S = 6;
const node = (id: string) => `[data-node-id="${id}"]`;
const face = (id: string) => `${node(id)} .lp-box-face .lp-box`;

/** Types `text` into the generated number field of `param` on node `id`. */
async function setParam(page: Page, id: string, param: string, text: string): Promise<void> {
  const field = page.locator(`${node(id)} [data-param="${param}"] .lp-numbox`);
  await field.fill(text);
  await field.press("Enter");
}

/** The params of node `id` in the open patch. */
async function paramsOf(page: Page, id: string): Promise<Record<string, unknown>> {
  const patch = JSON.parse(await patchText(page)) as {
    nodes: { id: string; params: Record<string, unknown> }[];
  };
  return patch.nodes.find((n) => n.id === id)?.params ?? {};
}

/**
 * ▶ Play, waiting until the output plays: up to 90 s, as the first play loads the model, slowly on
 * a loaded shared machine.
 */
async function play(page: Page): Promise<void> {
  await page.getByRole("button", { name: "▶ Play" }).click();
  await page.waitForFunction(() => window.__latentPatcher?.liveOutput() !== undefined, undefined, {
    timeout: 90_000,
  });
  // Past the start: the first play also warms a spare engine (recovery), which competes for
  // the CPU for a few seconds.
  await page.waitForFunction(
    () => (window.__latentPatcher?.liveStats()?.output?.framesPlayed ?? 0) > 3 * 44_100,
    undefined,
    { timeout: 60_000 },
  );
}

/** Stops playback and waits until the output is gone. */
async function stop(page: Page): Promise<void> {
  await page.getByRole("button", { name: "■ Stop" }).click();
  await page.waitForFunction(() => window.__latentPatcher?.liveOutput() === undefined);
}

/** A photograph of node `id` alone, as test-results/`name`.png. */
const photo = (page: Page, id: string, name: string) =>
  page.locator(node(id)).screenshot({ path: `${RESULTS}/${name}.png` });

/**
 * Records `seconds` of the live output, doing `act` once a second is recorded; returns the take
 * and the recorded frame where `act` began.
 */
async function heardAround(page: Page, seconds: number, act: () => Promise<void>) {
  await startTap(page, seconds);
  await expect.poll(() => recordedFrames(page), { timeout: 15_000 }).toBeGreaterThan(44_100);
  const mark = await recordedFrames(page);
  await act();
  const take = await takeRecording(page, seconds);
  return { take, mark };
}

/**
 * RMS before the act (from 0.2 s) and over the take's last 1.5 s, at least 2.5 s after it: the
 * edit is heard within ~0.5 s, but on a loaded shared machine the engine may stall and be
 * restarted by its supervisor meanwhile (sound back within ~2 s, with the latest patch).
 */
function beforeAfter({ take, mark }: { take: Take; mark: number }) {
  const s = (ms: number) => Math.round((ms / 1000) * take.sampleRate);
  const n = take.samples.length;
  expect(n - s(1500)).toBeGreaterThanOrEqual(mark + s(2500));
  return {
    before: levels(take.samples, s(200), mark).rms,
    after: levels(take.samples, n - s(1500), n).rms,
    peak: levels(take.samples).peak,
  };
}

/** Takes before giving up on hearing an act: real time on a loaded shared machine can stall. */
const TAKES = 3;

/**
 * Records a take around `act` and measures it; when the act is not heard (the level does not drop
 * to a quarter) — an engine stalled and restarted by its supervisor mid-take, on a loaded machine
 * — undoes it (↶) and tries again, up to {@link TAKES} times. Logs what each take measured.
 */
async function heardDrop(page: Page, what: string, act: () => Promise<void>) {
  let last: ReturnType<typeof beforeAfter> | undefined;
  for (let t = 1; t <= TAKES; t++) {
    last = beforeAfter(await heardAround(page, TAKE_S, act));
    const status = await page.locator(".lp-status").textContent();
    console.log(`${what} heard (take ${t}):`, { ...last, ratio: last.after / last.before, status });
    if (last.after < 0.25 * last.before) break;
    if (t < TAKES) await page.getByRole("button", { name: "↶" }).click();
  }
  return last!;
}

describe.skipIf(!hasChromium)("control boxes in Chromium", () => {
  const app = useAppPage({ query: CONTINUITY_QUERY });

  it(
    "wires a Number into a knob; a drag while playing is heard",
    { timeout: 180_000 },
    async () => {
      // The tests go on from each other, as a composer building one patch would.
      await openDemo(app.page, "reconstruct");
      const loop = app.page.getByRole("button", { name: "⟲ Loop" });
      if ((await loop.getAttribute("aria-pressed")) !== "true") await loop.click();
      // Pan the canvas left (a drag on its background) so the AudioOut is in view at 100 %.
      await app.page.mouse.move(700, 200);
      await app.page.mouse.down();
      await app.page.mouse.move(350, 200, { steps: 8 });
      await app.page.mouse.up();
      // A first play and stop: the first play of a page also warms a spare engine (recovery.md),
      // which on a loaded two-core machine can stall the playing one into a restart.
      await play(app.page);
      await stop(app.page);
      const num = await quickAdd(app.page, "Number", 700, 520);
      await setParam(app.page, num, "min", "-40");
      await setParam(app.page, num, "max", "0");
      await setParam(app.page, num, "step", "1");
      await drag(app.page, socket(num, "out"), socket("out", "gain"));
      await expect.poll(() => patchText(app.page)).toContain(`"from": "${num}.out"`);
      expect(await app.page.locator(`${node("out")} [data-param="gain"] .lp-driven`).count()).toBe(
        1,
      );
      await expect.poll(() => app.page.locator(face(num)).textContent()).toBe("0");

      // Click and type.
      await app.page.locator(face(num)).click();
      const field = app.page.locator(`${node(num)} .lp-box-field`);
      await field.fill("-12");
      await field.press("Enter");
      await expect.poll(() => app.page.locator(face(num)).textContent()).toBe("-12");
      await field.waitFor({ state: "detached" });
      await photo(app.page, num, "60-box-number");

      // Back to 0 by a drag up (1 dB a pixel, within max), then down 30 px while playing.
      const box = (await app.page.locator(face(num)).boundingBox())!;
      const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
      await app.page.mouse.move(x, y);
      await app.page.mouse.down();
      await app.page.mouse.move(x, y - 30, { steps: 6 });
      await app.page.mouse.up();
      expect(await paramsOf(app.page, num)).toMatchObject({ value: 0 });

      await play(app.page);
      const { before, after, peak } = await heardDrop(app.page, "number drag", async () => {
        await app.page.mouse.move(x, y);
        await app.page.mouse.down();
        await app.page.mouse.move(x, y + 30, { steps: 6 });
        await app.page.mouse.up();
      });
      expect(await paramsOf(app.page, num)).toMatchObject({ value: -30 });
      expect(before).toBeGreaterThan(0.005);
      expect(after).toBeLessThan(0.25 * before); // −30 dB is 0.03: a wide margin for the material
      expect(peak).toBeLessThanOrEqual(1);
      // One drag, one undo step.
      await app.page.getByRole("button", { name: "↶" }).click();
      expect(await paramsOf(app.page, num)).toMatchObject({ value: 0 });
      await stop(app.page);
    },
  );

  it(
    "sends a Message into the Number with a click, heard while playing",
    { timeout: 180_000 },
    async () => {
      const msg = await quickAdd(app.page, "Message", 420, 520);
      await drag(app.page, socket(msg, "out"), socket("number1", "value"));
      await expect.poll(() => app.page.locator(face("number1")).textContent()).toBe("← cable");
      // A click sends the message; its value is edited in the field below the face.
      await app.page.locator(face(msg)).click();
      await expect.poll(() => paramsOf(app.page, msg)).toMatchObject({ sent: [1] });
      const field = app.page.locator(`${node(msg)} [data-param="value"] input`);
      await field.fill("[-30]");
      await field.press("Enter");
      await expect.poll(() => paramsOf(app.page, msg)).toMatchObject({ value: [-30], sent: [1] });
      await expect.poll(() => app.page.locator(face(msg)).textContent()).toBe("-30");
      // Text that is not a list of numbers is refused, saying so, and changes nothing.
      await field.fill("[-30, loud]");
      await field.press("Enter");
      await expect
        .poll(() => app.page.locator(`${node(msg)} .lp-field-error`).textContent())
        .toContain("not JSON");
      expect(await paramsOf(app.page, msg)).toMatchObject({ value: [-30], sent: [1] });
      await field.fill("[-30]");
      await field.press("Enter");
      await photo(app.page, msg, "61-box-message");

      await play(app.page);
      const { before, after } = await heardDrop(app.page, "message click", () =>
        app.page.locator(face(msg)).click(),
      );
      expect(await paramsOf(app.page, msg)).toMatchObject({ sent: [-30] });
      expect(after).toBeLessThan(0.25 * before);
      await stop(app.page);
    },
  );

  it(
    "flips a Toggle on the gain with a click, heard while playing",
    { timeout: 180_000 },
    async () => {
      const tg = await quickAdd(app.page, "Toggle", 420, 660);
      await setParam(app.page, tg, "onValue", "-30");
      await drag(app.page, socket(tg, "out"), socket("out", "gain")); // replaces the Number's cable
      await expect.poll(() => patchText(app.page)).toContain(`"from": "${tg}.out"`);
      expect(await app.page.locator(face(tg)).getAttribute("aria-checked")).toBe("false");
      await play(app.page);
      const { before, after } = await heardDrop(app.page, "toggle click", () =>
        app.page.locator(face(tg)).click(),
      );
      expect(await paramsOf(app.page, tg)).toMatchObject({ on: true });
      expect(await app.page.locator(face(tg)).getAttribute("aria-checked")).toBe("true");
      await photo(app.page, tg, "62-box-toggle");
      expect(after).toBeLessThan(0.25 * before);
      await stop(app.page);
    },
  );

  it(
    "renders a Bang clicked while stopped as a pulse at the start",
    { timeout: 180_000 },
    async () => {
      const bang = await quickAdd(app.page, "Bang", 700, 690);
      await setParam(app.page, bang, "length", "2");
      await drag(app.page, socket(bang, "out"), socket("out", "gain"));
      await expect.poll(() => patchText(app.page)).toContain(`"from": "${bang}.out"`);
      await render(app.page);
      const plain = await exportedWav(app.page, "boxes-unbanged");
      await app.page.locator(face(bang)).click();
      await expect.poll(() => paramsOf(app.page, bang)).toMatchObject({ at: 0 });
      await photo(app.page, bang, "63-box-bang");
      await render(app.page);
      const banged = await exportedWav(app.page, "boxes-banged");
      await app.page.screenshot({ path: `${RESULTS}/64-boxes-patch.png` });
      // The pulse is 1 (dB of gain) for 2 beats, 1 s at 120 BPM: 12 % louder there, the same after.
      // The render is the piano's 4 s: seconds as fractions of its length.
      const at = (seconds: number) => Math.round((seconds / 4) * plain.length);
      const ratio = (from: number, to: number) =>
        levels(banged, at(from), at(to)).rms / levels(plain, at(from), at(to)).rms;
      console.log("bang render:", { pulse: ratio(0.1, 0.9), after: ratio(1.3, 3.5) });
      expect(ratio(0.1, 0.9)).toBeCloseTo(10 ** (1 / 20), 2);
      expect(ratio(1.3, 3.5)).toBeCloseTo(1, 3);
    },
  );
});

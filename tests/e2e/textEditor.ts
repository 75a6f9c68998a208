/**
 * Driving the text view in a page: open it, replace its text, apply it.
 */
import type { Page } from "playwright-core";

/** Opens the text view (Ctrl+Shift+E) if it is closed and waits for its editor. */
export async function openTextView(page: Page): Promise<void> {
  if ((await page.locator(".lp-text").count()) === 0) {
    await page.keyboard.press("Control+Shift+E");
  }
  await page.locator(".lp-text .cm-content").waitFor();
}

/** The text in the editor. */
export const editorText = (page: Page): Promise<string> =>
  page
    .locator(".lp-text .cm-content")
    .evaluate((el) =>
      [...el.querySelectorAll(".cm-line")].map((l) => l.textContent ?? "").join("\n"),
    );

/** Replaces the whole text, as a user selecting all and typing (one input event). */
export async function replaceText(page: Page, text: string): Promise<void> {
  await page.locator(".lp-text .cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
}

/** The reconstruct demo in text, with the decoder's output at `gain` dB, optionally rotated. */
export function reconstructText(opts: { gain?: number; rotate?: number } = {}): string {
  const decodeFrom = opts.rotate === undefined ? "encode" : "rot";
  return [
    'name "reconstruct"',
    "tempo 120",
    "asset piano builtin piano",
    "piano  = AudioIn source=asset asset=piano",
    "encode = Encode piano",
    ...(opts.rotate === undefined ? [] : [`rot    = FiLMRRotate encode angle=${opts.rotate}`]),
    `decode = Decode ${decodeFrom}`,
    `out    = AudioOut decode${opts.gain === undefined ? "" : ` gain=${opts.gain}`}`,
  ].join("\n");
}

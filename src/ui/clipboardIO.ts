/**
 * The system clipboard for copy/paste of patch JSON: `navigator.clipboard` so it works across
 * tabs, with an in-memory clipboard of this tab when the browser refuses the clipboard API.
 */
let memory: string | undefined;

/** Puts `text` on the system clipboard, or on this tab's clipboard if that is refused. */
export async function writeClipboard(text: string): Promise<void> {
  memory = text;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // refused (no permission, no focus, insecure context): the in-memory copy stands
  }
}

/** The system clipboard's text, or this tab's clipboard if reading it is refused. */
export async function readClipboard(): Promise<string | undefined> {
  try {
    return await navigator.clipboard.readText();
  } catch {
    return memory;
  }
}

/**
 * A module Worker that reads one zip within the limits (readZip), so that inflating a large or
 * hostile zip never blocks the page. It answers the files (their buffers transferred) or the
 * refusal's message; see readZipOffThread in zipThread.ts.
 */
import { readZip } from "./zipFiles";

/** What the page sends: the zip's bytes and its name for messages. */
export interface ZipRequest {
  readonly bytes: Uint8Array;
  readonly source: string;
}

/** What the worker answers. */
export type ZipAnswer =
  | { readonly files: [string, Uint8Array][] }
  | { readonly refused: string }
  | { readonly failed: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ZipRequest>) => void) | null;
  postMessage(answer: ZipAnswer, transfer?: Transferable[]): void;
};

scope.onmessage = (e) => {
  try {
    const files = [...readZip(e.data.bytes, e.data.source)];
    scope.postMessage(
      { files },
      files.map(([, b]) => b.buffer as ArrayBuffer),
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const refused = err instanceof Error && err.name === "FileRefusedError";
    scope.postMessage(refused ? { refused: message } : { failed: message });
  }
};

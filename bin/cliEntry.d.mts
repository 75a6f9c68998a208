/** Types of bin/cliEntry.mjs (plain JavaScript, so that the CLI chooses its entry without a loader). */
export declare const BUNDLE_DIR: string;
export declare const STAMP_FILE: string;
export declare function hashInputs(root: string, inputs: readonly string[]): string;
export type Entry =
  | { readonly kind: "bundle"; readonly file: string }
  | { readonly kind: "source"; readonly reason: string };
export declare function pickEntry(root: string, from?: string): Entry;

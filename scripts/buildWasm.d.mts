/** Types of scripts/buildWasm.mjs, for the tests. */
export const SOURCE: string;
export const OUTPUT: string;
export const FLAGS: readonly string[];
export function sha256(bytes: Uint8Array): string;
export function sourceHash(): string;
export function compile(clang?: string): Buffer;
export function generated(wasm: Buffer, sourceHash: string): string;

/** Byte-level mutations of a valid file (AFL-style): flips, interesting values, splices, cuts. */
import type { Rng } from "./rng";

/** 32-bit values that tend to break length and count fields. */
export const INTERESTING_U32 = [
  0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
  0xfffffffe, 0xffffffff,
];

const INTERESTING_U8 = [0, 1, 0x7f, 0x80, 0xff, 0x20, 0x22, 0x5c, 0x7b, 0x5b];

/** One mutation applied to a copy of `input`; returns the new bytes and what was done. */
export function mutateOnce(rng: Rng, input: Uint8Array): { bytes: Uint8Array; op: string } {
  const n = input.length;
  const at = n === 0 ? 0 : rng.int(n);
  const op = rng.pick([
    "flip",
    "byte",
    "u32",
    "delete",
    "duplicate",
    "insert",
    "truncate",
    "zero",
  ] as const);
  const out = new Uint8Array(input);
  switch (op) {
    case "flip":
      if (n > 0) out[at] = (out[at] ?? 0) ^ (1 << rng.int(8));
      return { bytes: out, op: `flip@${at}` };
    case "byte":
      if (n > 0) out[at] = rng.chance(0.5) ? rng.pick(INTERESTING_U8) : rng.int(256);
      return { bytes: out, op: `byte@${at}` };
    case "u32": {
      if (n < 4) return { bytes: out, op: "u32-skip" };
      const pos = rng.int(n - 3);
      const v = rng.pick(INTERESTING_U32);
      new DataView(out.buffer).setUint32(pos, v, rng.chance(0.8));
      return { bytes: out, op: `u32@${pos}=${v}` };
    }
    case "delete": {
      const len = Math.min(n - at, rng.size(1, 4096));
      return {
        bytes: concat(input.subarray(0, at), input.subarray(at + len)),
        op: `delete@${at}+${len}`,
      };
    }
    case "duplicate": {
      const len = Math.min(n - at, rng.size(1, 4096));
      const piece = input.subarray(at, at + len);
      const to = rng.int(n + 1);
      return {
        bytes: concat(input.subarray(0, to), piece, input.subarray(to)),
        op: `dup@${at}+${len}->${to}`,
      };
    }
    case "insert": {
      const len = rng.size(1, 256);
      const piece = Uint8Array.from({ length: len }, () => rng.int(256));
      return {
        bytes: concat(input.subarray(0, at), piece, input.subarray(at)),
        op: `insert@${at}+${len}`,
      };
    }
    case "truncate":
      return { bytes: input.slice(0, at), op: `truncate@${at}` };
    case "zero": {
      const len = Math.min(n - at, rng.size(1, 4096));
      out.fill(0, at, at + len);
      return { bytes: out, op: `zero@${at}+${len}` };
    }
  }
}

/** 1 to `max` stacked mutations of `input`. */
export function mutateBytes(
  rng: Rng,
  input: Uint8Array,
  max = 8,
): { bytes: Uint8Array; op: string } {
  const count = rng.size(1, max);
  let bytes = input;
  const ops: string[] = [];
  for (let i = 0; i < count; i++) {
    const step = mutateOnce(rng, bytes);
    bytes = step.bytes;
    ops.push(step.op);
  }
  return { bytes, op: ops.join(",") };
}

/** The bytes of `parts`, one after another. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

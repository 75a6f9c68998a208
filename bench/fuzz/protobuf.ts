/**
 * Just enough protobuf to mutate ONNX files where it hurts: find the length prefixes of
 * length-delimited fields (a few levels deep) and rewrite one to lie.
 */
import { concat } from "./mutateBytes";
import type { Rng } from "./rng";

interface LengthField {
  /** Where the length varint starts and ends (exclusive). */
  readonly at: number;
  readonly end: number;
  readonly length: number;
}

function readVarint(b: Uint8Array, at: number): { value: number; end: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = at; i < b.length && i < at + 10; i++) {
    const byte = b[i]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value, end: i + 1 };
  }
  return undefined;
}

function writeVarint(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  do {
    const byte = v % 128;
    v = Math.floor(v / 128);
    out.push(v > 0 ? byte | 0x80 : byte);
  } while (v > 0);
  return Uint8Array.from(out);
}

/** Length-delimited fields of the message in `b[from, to)`, recursing `depth` levels. */
export function lengthFields(b: Uint8Array, from = 0, to = b.length, depth = 4): LengthField[] {
  const out: LengthField[] = [];
  let at = from;
  while (at < to) {
    const tag = readVarint(b, at);
    if (!tag || tag.value === 0) return out;
    const wire = tag.value % 8;
    at = tag.end;
    if (wire === 0) {
      const v = readVarint(b, at);
      if (!v) return out;
      at = v.end;
    } else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const len = readVarint(b, at);
      if (!len || len.end + len.value > to) return out;
      out.push({ at, end: len.end, length: len.value });
      if (depth > 0 && len.value > 0)
        out.push(...lengthFields(b, len.end, len.end + len.value, depth - 1));
      at = len.end + len.value;
    } else return out;
  }
  return out;
}

/** Rewrites one length prefix of `b` to a lie; returns the new bytes and what was done. */
export function lieAboutLength(rng: Rng, b: Uint8Array): { bytes: Uint8Array; op: string } {
  const fields = lengthFields(b);
  if (fields.length === 0) return { bytes: b, op: "no-fields" };
  const f = rng.pick(fields);
  const lie = rng.pick([
    0,
    1,
    f.length + 1,
    f.length - 1,
    f.length * 2,
    0x7fffffff,
    0xffffffff,
    2 ** 40,
  ]);
  const bytes = concat(b.subarray(0, f.at), writeVarint(Math.max(0, lie)), b.subarray(f.end));
  return { bytes, op: `length@${f.at}:${f.length}->${lie}` };
}

/**
 * Zips for the limit tests, made with fflate's streaming Zip so that a bomb of hundreds of
 * mebibytes of zeros is deflated from one reused buffer, never held whole.
 */
import { Zip, ZipDeflate } from "fflate";

/** A zip of `files`, each deflated from the chunks its function yields. */
export function streamZip(files: Record<string, () => Iterable<Uint8Array>>): Uint8Array {
  const out: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    out.push(chunk);
  });
  for (const [name, chunks] of Object.entries(files)) {
    const entry = new ZipDeflate(name, { level: 9 });
    zip.add(entry);
    for (const chunk of chunks()) entry.push(chunk);
    entry.push(new Uint8Array(0), true);
  }
  zip.end();
  const bytes = new Uint8Array(out.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of out) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

/** `mib` mebibytes of zeros, as one reused mebibyte. */
export function* zeros(mib: number): Iterable<Uint8Array> {
  const one = new Uint8Array(1024 * 1024);
  for (let i = 0; i < mib; i++) yield one;
}

/** `n` bytes that do not compress. */
export function noise(n: number, seed = 1): Uint8Array {
  let s = seed;
  return Uint8Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 24;
  });
}

/**
 * `zip` with the uncompressed size its central directory declares for `name` (every entry when
 * omitted) set to `size`: a lying header.
 */
export function declareSize(zip: Uint8Array, size: number, name?: string): Uint8Array {
  const lied = zip.slice();
  const view = new DataView(lied.buffer);
  for (let p = 0; p + 46 <= lied.length; p++) {
    if (view.getUint32(p, true) !== 0x02014b50) continue;
    const length = view.getUint16(p + 28, true);
    const entry = new TextDecoder().decode(lied.subarray(p + 46, p + 46 + length));
    if (name === undefined || entry === name) view.setUint32(p + 24, size, true);
  }
  return lied;
}

/**
 * NumPy `.npy` reading and writing, hand-written (the format is small):
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/**
 * Encodes `data` as a version 1.0 `.npy` file: dtype `'<f4'`, C order, header
 * dict padded with spaces and a final "\n" so the data starts at a multiple
 * of 64 bytes, as NumPy writes it. `shape` must multiply to `data.length`.
 */
export function encodeNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.some((d) => !Number.isInteger(d) || d < 0) || count !== data.length) {
    throw new RangeError(
      `encodeNpy: shape [${shape.join(", ")}] does not hold ${data.length} values`,
    );
  }
  const header = npyHeader(shape);
  const out = new Uint8Array(header.length + data.length * 4);
  out.set(header);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(header.length + 4 * i, data[i] ?? 0, true);
  return out;
}

/**
 * The header of a version 1.0 `'<f4'` C-order `.npy` of `shape` (magic, version, length and
 * the dict padded so the data starts at a multiple of 64 bytes); the data follows it.
 */
export function npyHeader(shape: readonly number[]): Uint8Array {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new RangeError(`encodeNpy: shape [${shape.join(", ")}] is not a list of sizes`);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = MAGIC.length + 2 + 2 + dict.length + 1;
  const header = dict + " ".repeat((64 - (unpadded % 64)) % 64) + "\n";
  const out = new Uint8Array(MAGIC.length + 4 + header.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  return out;
}

/**
 * Decodes a `.npy` file of version 1, 2 or 3 holding a C-order little-endian
 * `<f4` or `<f8` array (`<f8` is converted to float32).
 * @param name the file name used in error messages
 * @throws Error with one line naming `name` and the problem
 */
export function decodeNpy(
  bytes: Uint8Array,
  name: string,
): { data: Float32Array; shape: number[] } {
  const { shape, width, start, count } = parseNpyHeader(bytes, bytes.length, name);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    data[i] =
      width === 4 ? view.getFloat32(start + 4 * i, true) : view.getFloat64(start + 8 * i, true);
  }
  return { data, shape };
}

/** What a `.npy` header says: the shape, the bytes per value, where the data starts. */
export interface NpyLayout {
  readonly shape: number[];
  /** 4 for `<f4`, 8 for `<f8`. */
  readonly width: 4 | 8;
  /** Byte offset of the first value. */
  readonly start: number;
  /** Values in the array (the product of the shape). */
  readonly count: number;
}

/**
 * Parses the header at the start of `head` (the file's first bytes: all of the header, or all
 * of the file when shorter) of a `.npy` file of `fileLength` bytes, checking that the file holds
 * exactly the data the shape needs.
 * @throws Error with one line naming `name` and the problem
 */
export function parseNpyHeader(head: Uint8Array, fileLength: number, name: string): NpyLayout {
  const fail = (problem: string): never => {
    throw new Error(`${name}: ${problem}`);
  };
  if (head.length < 10 || MAGIC.some((b, i) => head[i] !== b)) fail("not a .npy file (bad magic)");
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const major = head[6] ?? 0;
  if (major < 1 || major > 3) fail(`unsupported .npy version ${major}.${head[7] ?? 0}`);
  const lenBytes = major === 1 ? 2 : 4;
  if (head.length < 8 + lenBytes) fail("truncated header");
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenBytes + headerLength;
  if (start > head.length) fail("truncated header");
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(
    head.subarray(8 + lenBytes, start),
  );
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    fail("malformed header (expected 'descr', 'fortran_order' and 'shape')");
  }
  if (fortran === "True") fail("fortran_order True is not supported (expected C order)");
  if (descr === ">f4" || descr === ">f8") fail(`big-endian dtype '${descr}' is not supported`);
  if (descr !== "<f4" && descr !== "<f8")
    fail(`dtype '${descr}' is not supported (expected '<f4' or '<f8')`);
  const shape = (shapeText as string)
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : fail(`bad shape entry '${s}'`)));
  const count = shape.reduce((a, b) => a * b, 1);
  const width = descr === "<f4" ? 4 : 8;
  if (fileLength - start !== count * width) {
    fail(`data is ${fileLength - start} bytes, shape [${shape.join(", ")}] needs ${count * width}`);
  }
  return { shape, width, start, count };
}

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy } from "../../src/dsp/npy";

const PYTHON = "/usr/bin/python3";
const hasNumpy = spawnSync(PYTHON, ["-c", "import numpy"]).status === 0;

/** Builds a .npy by hand: version, header dict and raw payload. */
function rawNpy(major: number, dict: string, payload: Uint8Array): Uint8Array {
  const lenBytes = major === 1 ? 2 : 4;
  const header = dict + "\n";
  const out = new Uint8Array(8 + lenBytes + header.length + payload.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), 8 + lenBytes);
  out.set(payload, 8 + lenBytes + header.length);
  return out;
}

describe("npy", () => {
  const data = Float32Array.from({ length: 24 }, (_, i) => i * 0.5 - 3);

  it("writes version 1.0 '<f4' C-order with a 64-byte aligned header ending in \\n", () => {
    const bytes = encodeNpy(data, [2, 3, 4]);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLength = new DataView(bytes.buffer).getUint16(8, true);
    expect((10 + headerLength) % 64).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
    expect(header).toMatch(
      /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3, 4\), \} *\n$/,
    );
    expect(bytes.length).toBe(10 + headerLength + 96);
    expect(decodeNpy(bytes, "a.npy")).toEqual({ data, shape: [2, 3, 4] });
    expect(decodeNpy(encodeNpy(data, [24]), "a.npy").shape).toEqual([24]);
    expect(decodeNpy(encodeNpy(new Float32Array(), [0, 5]), "a.npy").shape).toEqual([0, 5]);
  });

  it("reads versions 2 and 3 and '<f8'", () => {
    const f8 = new Float64Array([1.5, -2.25, 3]);
    const dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";
    for (const major of [1, 2, 3]) {
      const got = decodeNpy(rawNpy(major, dict, new Uint8Array(f8.buffer)), "b.npy");
      expect(Array.from(got.data)).toEqual([1.5, -2.25, 3]);
      expect(got.shape).toEqual([3]);
    }
  });

  it("rejects what it cannot read, naming the file", () => {
    const four = new Uint8Array(new Float32Array(4).buffer);
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array([1, 2, 3]), /bad magic/],
      [
        rawNpy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (4,), }", four),
        /fortran_order/,
      ],
      [rawNpy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (4,), }", four), /big-endian/],
      [rawNpy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }", four), /dtype '<i4'/],
      [rawNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }", four), /needs 20/],
      [rawNpy(1, "{'descr': '<f4'}", four), /malformed/],
    ];
    for (const [bytes, pattern] of cases) {
      expect(() => decodeNpy(bytes, "z.npy")).toThrow(pattern);
      expect(() => decodeNpy(bytes, "z.npy")).toThrow(/^z\.npy: [^\n]*$/);
    }
    expect(() => encodeNpy(data, [5, 5])).toThrow(/shape/);
  });

  it.skipIf(!hasNumpy)("agrees with numpy both ways", () => {
    const dir = mkdtempSync(join(tmpdir(), "npy-"));
    writeFileSync(join(dir, "ours.npy"), encodeNpy(data, [4, 6]));
    const script = [
      "import numpy as np, sys",
      "a = np.load(sys.argv[1] + '/ours.npy')",
      "assert a.dtype == np.float32 and a.shape == (4, 6), (a.dtype, a.shape)",
      "assert np.array_equal(a.ravel(), np.arange(24) * 0.5 - 3)",
      "np.save(sys.argv[1] + '/theirs.npy', (np.arange(6, dtype=np.float64) / 4).reshape(2, 3))",
      "np.save(sys.argv[1] + '/same.npy', a)",
    ].join("\n");
    execFileSync(PYTHON, ["-c", script, dir]);
    const theirs = decodeNpy(readFileSync(join(dir, "theirs.npy")), "theirs.npy");
    expect(theirs.shape).toEqual([2, 3]);
    expect(Array.from(theirs.data)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25]);
    // numpy's own '<f4' file is byte-identical to ours.
    expect(readFileSync(join(dir, "same.npy"))).toEqual(Buffer.from(encodeNpy(data, [4, 6])));
  });
});

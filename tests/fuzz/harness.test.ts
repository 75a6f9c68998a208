/** The fuzz harness's own parts: reproducible cases, the crash/refusal line, the protobuf walk. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classify, FuzzViolation } from "../../bench/fuzz/classify";
import { lengthFields, lieAboutLength } from "../../bench/fuzz/protobuf";
import { caseSeed, Rng } from "../../bench/fuzz/rng";
import { wavLoader } from "../../bench/fuzz/wav";
import { ModelPackError } from "../../src/engine/models/packError";
import { PatchError } from "../../src/engine/patch/errors";

describe("fuzz harness", () => {
  it("regenerates the same case from (seed, loader, index), and different ones otherwise", async () => {
    const corpus = await wavLoader.corpus(process.cwd());
    const a = wavLoader.generate(corpus, new Rng(caseSeed(5, "wav", 42)));
    const b = wavLoader.generate(corpus, new Rng(caseSeed(5, "wav", 42)));
    const c = wavLoader.generate(corpus, new Rng(caseSeed(5, "wav", 43)));
    expect(b.bytes).toEqual(a.bytes);
    expect(b.note).toBe(a.note);
    expect(c.note === a.note && c.bytes.length === a.bytes.length).toBe(false);
  });

  it("counts a clear error of an expected class as a refusal, anything else as a crash", () => {
    const expected = ["PatchError", "ModelPackError"];
    const patchError = new PatchError([{ path: "patch.nodes[0]", message: "expected an object" }]);
    expect(classify(patchError, expected)).toMatchObject({ kind: "refused", cls: "PatchError" });
    expect(classify(new ModelPackError(["a: b", "c: d"]), expected)).toMatchObject({
      kind: "refused",
      lines: 2,
    });
    expect(classify(new TypeError("x is undefined"), expected).kind).toBe("crashed");
    expect(classify(new RangeError("Maximum call stack size exceeded"), expected).kind).toBe(
      "crashed",
    );
    expect(classify("a string", expected).kind).toBe("crashed");
    expect(classify(new ModelPackError([""]), expected).kind).toBe("crashed");
    expect(
      classify(new ModelPackError(["Cannot read properties of undefined (reading 'x')"]), expected)
        .kind,
    ).toBe("crashed");
    expect(classify(new Error("no model", { cause: new TypeError("boom") }), ["Error"]).kind).toBe(
      "crashed",
    );
    expect(classify(new Error("plain"), expected).kind).toBe("crashed");
    expect(classify(new FuzzViolation("sample 3 is 1.5"), expected).kind).toBe("crashed");
    expect(classify(new ModelPackError(["a: b", "c: d"]), expected, true)).toMatchObject({
      kind: "crashed",
      message: "a 2-line message: a: b",
    });
  });

  it("finds an ONNX file's length-delimited fields and rewrites one to lie", () => {
    const onnx = new Uint8Array(readFileSync("tests/fixtures/models/wave-fixture/encoder.onnx"));
    const fields = lengthFields(onnx);
    expect(fields.length).toBeGreaterThan(5);
    for (const f of fields) expect(f.end + f.length).toBeLessThanOrEqual(onnx.length);
    const { bytes, op } = lieAboutLength(new Rng(1), onnx);
    expect(op).toMatch(/^length@\d+:\d+->\d+$/);
    expect(bytes).not.toEqual(onnx);
  });
});

import { describe, expect, it } from "vitest";
import { textToPatch, TextError, type TextIssue } from "../../src/text";
import { registry } from "../patch/fixtures";
import { countTokens } from "../../src/text/tokenCount";
import { nodeRegistry } from "../../src/nodes";

function issues(text: string): TextIssue[] {
  try {
    textToPatch(text, registry);
  } catch (e) {
    if (e instanceof TextError) return [...e.issues];
    throw e;
  }
  throw new Error("expected a TextError");
}

const at = (list: TextIssue[]) => list.map((i) => `${i.line}:${i.column} ${i.message}`);

describe("errors at line and column", () => {
  it("reports a syntax error where it is, with what was expected", () => {
    expect(at(issues("o = Osc\nm = = 3\n"))).toEqual([
      '2:5 unexpected "=": expected a node type after `=`, then inputs and name=value parameters',
    ]);
    expect(at(issues("o = Osc harmonics=[0.5 0.2\n"))[0]).toMatch(
      /^1:\d+ .*expected numbers or time:value pairs, then `\]`/,
    );
  });

  it("refuses a string holding a raw control character or an unknown escape, and goes on", () => {
    expect(at(issues('name "a\u0001b"\no = Osc freq=\n'))).toEqual([
      '1:6 this string holds a control character: "a\\u0001b"',
      expect.stringMatching(/^2:\d+ /),
    ]);
    expect(at(issues('description "al\\ebra"\n'))).toEqual([
      '1:13 this string holds an escape JSON does not know: "al\\ebra"',
    ]);
  });

  it("reports one syntax error per line, on every bad line", () => {
    const found = issues("o = Osc freq=\n# fine\nm = Mix2 o o mix=(\n");
    expect(found.map((i) => i.line)).toEqual([1, 3]);
  });

  it("maps the patch checks back to the text: a param out of range, an unknown type, a missing node", () => {
    expect(at(issues("o = Osc freq=5\n"))).toEqual([
      "1:9 freq: expected a number in [20, 2000], got 5",
    ]);
    expect(at(issues("o = Oss\n"))).toEqual(['1:5 unknown node type "Oss"; did you mean "Osc"?']);
    expect(at(issues("m = Mix2 o\n"))[0]).toMatch(/^1:10 no node "o"/);
    expect(at(issues("o = Osc\no = Osc\n"))[0]).toMatch(/^2:1 .*duplicate/);
  });

  it("names what a value should have been", () => {
    expect(at(issues("o = Osc shape=3\n"))).toEqual([
      "1:15 shape takes one of sine, square, saw, not a number",
    ]);
    expect(at(issues("o = Osc loop=yes\n"))).toEqual(["1:14 loop takes true or false, not a word"]);
    expect(at(issues("o = Osc mix=1\n"))[0]).toMatch(/^1:9 Osc has no parameter or input "mix"/);
    expect(at(issues("o = Osc\nm = Mix2 o o o\n"))[0]).toMatch(/^2:14 Mix2 has 2 inputs \(a, b\)/);
    expect(at(issues("o = Osc freq=1/0\n"))).toEqual(["1:14 1/0 divides by zero"]);
  });

  it("maps a cross-parameter check to its node's line, and a bad cable to its argument", () => {
    expect(at(issues("\no = Osc shape=square steps=16\n"))[0]).toMatch(/^2:1 .*at most 15 steps/);
    expect(at(issues("o = Osc\nm = Mix2 o a=o\n"))[0]).toMatch(/^2:12 .*already has a connection/);
  });

  it("refuses bad headers and subpatch lines at their place", () => {
    expect(at(issues("tempo fast\n"))[0]).toMatch(/^1:7 expected tempo BPM/);
    expect(at(issues("tempo 900\n"))[0]).toMatch(/^1:1 .*bpm/);
    expect(at(issues("asset a builtin\n"))[0]).toMatch(/^1:1 expected asset ID builtin NAME/);
    expect(at(issues("subpatch {nope\n"))[0]).toMatch(/^1:10 not valid JSON/);
    expect(at(issues("name a\nname b\n"))).toEqual(["2:1 name is set twice"]);
  });

  it("never runs the text: code-like input is only a syntax error", () => {
    expect(issues("o = Osc label=${process.exit(1)}\n").length).toBeGreaterThan(0);
    expect(issues("constructor = Osc\n__proto__ = Osc\n").length).toBeGreaterThan(0);
  });
});

describe("bounded work on big texts", () => {
  it("reads a 5000-line text with an error on every line, each at its own line", () => {
    const text = Array.from({ length: 5000 }, (_, i) => `n${i} = Osc freq=`).join("\n");
    const found = issues(text);
    expect(found.length).toBe(5000);
    expect(found[4999]).toMatchObject({ line: 5000, column: 18 });
  });
});

describe("limits of the text form, checked before anything is built", () => {
  it("refuses a list past 4,096 items, counting the rest without reading them", () => {
    const points = Array.from({ length: 5000 }, (_, i) => `${i}:0`).join(", ");
    expect(at(issues(`c = Curve points=[${points}]`))).toContain(
      "1:18 this list has 5,000 items; no parameter takes more than 4,096",
    );
  });

  it("refuses a text of more than 500,000 words and numbers before parsing it", () => {
    const steps = `<${new Array<string>(500_001).fill("1").join(" ")}>`;
    expect(at(issues(`s = LatentScale factor=${steps}`))).toEqual([
      "1:1 the text holds more than 500,000 words and numbers, more than any patch can use; it was not read",
    ]);
    expect(countTokens('a = B "x y" # c d\nsubpatch {"a": [1, 2]}\n')).toBe(6);
  });
});

describe("messages stay readable whatever the text quotes", () => {
  it("cuts a line quoting a 100 kB string, saying how much was left out (a fuzz finding)", () => {
    const big = "x".repeat(100_000);
    const text = Array.from({ length: 3 }, (_, i) => `p${i} = AudioIn source=asset asset="${big}"`);
    const message = (() => {
      try {
        textToPatch(text.join("\n"), nodeRegistry);
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    const lines = message.split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line.length).toBeLessThan(1100);
    expect(lines[0]).toMatch(/^line 1, column \d+: asset: no asset "x+…/);
  });
});

describe("a text with very many problems", () => {
  it("lists the first 50 and counts the rest, keeping every issue", () => {
    const text = Array.from({ length: 400 }, () => "name a").join("\n") + "\n";
    let err: unknown;
    try {
      textToPatch(text, registry);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TextError);
    const e = err as TextError;
    expect(e.issues).toHaveLength(399);
    const lines = e.message.split("\n");
    expect(lines).toHaveLength(51);
    expect(lines[0]).toBe("line 2, column 1: name is set twice");
    expect(lines[50]).toBe("… and 349 more problems");
  });
});

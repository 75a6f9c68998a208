/**
 * The text form's syntax tree, read from the Lezer parse (patch.grammar) into plain lines and
 * values with their character spans. Nothing here knows node definitions: toPatch.ts gives the
 * values their meaning.
 */
import type { SyntaxNode } from "@lezer/common";
import { parser } from "./parser";
import { countTokens, MAX_TEXT_TOKENS } from "./tokenCount";
import type { TextIssue } from "./errors";
import { escapeControlChars, hasControlChars } from "../engine/patch/path";
import { formatCount, MAX_CURVE_POINTS, MAX_NUMBERS_LENGTH } from "../engine/patch/limits";

/** The most items any list parameter takes (Curve points, number lists). */
const MAX_LIST_ITEMS = Math.max(MAX_CURVE_POINTS, MAX_NUMBERS_LENGTH);

/** A character range `[from, to)` in the text. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

export interface NumberValue extends Span {
  readonly kind: "number";
  readonly value: number;
  /** The unit written after it (`90deg` → "deg"), or "". */
  readonly unit: string;
}

export interface PairValue extends Span {
  readonly kind: "pair";
  readonly time: number;
  readonly value: number;
}

/** One written value: a number, a quoted string, a word or `node.port`, a list, a shorthand. */
export type TextValue =
  | NumberValue
  | (Span & { readonly kind: "string"; readonly value: string })
  | (Span & { readonly kind: "ref"; readonly node: string; readonly port?: string })
  | (Span & { readonly kind: "list"; readonly items: readonly (NumberValue | PairValue)[] })
  | (Span & { readonly kind: "call"; readonly name: string; readonly args: readonly TextArg[] })
  | (Span & { readonly kind: "steps"; readonly values: readonly NumberValue[] })
  | (Span & { readonly kind: "range"; readonly low: NumberValue; readonly high: NumberValue });

/** `name=value`, or a value on its own (an input, or a shorthand's argument). */
export type TextArg = Span & {
  readonly name?: string;
  readonly nameSpan?: Span;
  readonly value: TextValue;
};

export type TextLine =
  | (Span & {
      readonly kind: "node";
      readonly id: string;
      readonly idSpan: Span;
      readonly type: string;
      readonly typeSpan: Span;
      readonly args: readonly TextArg[];
    })
  | (Span & {
      readonly kind: "header";
      readonly keyword: string;
      readonly args: readonly TextArg[];
    })
  | (Span & { readonly kind: "subpatch"; readonly json: string; readonly jsonSpan: Span });

/** The lines of `text`, and its syntax errors (at most one per line). */
export interface ParsedText {
  readonly lines: readonly TextLine[];
  readonly issues: readonly TextIssue[];
}

/** What each construct needed, for "expected …" messages at a syntax error inside it. */
const EXPECTED: Readonly<Record<string, string>> = {
  NodeLine: "a node type after `=`, then inputs and name=value parameters",
  TypeName: "a node type, e.g. Encode",
  Named: 'a value after `=`: a number, a word, a "string", a [list], lfo(…) or <steps>',
  ParamName: "a parameter or input name",
  List: "numbers or time:value pairs, then `]`",
  Pair: "time:value, e.g. 4:1",
  Range: "low..high, e.g. 0..90",
  Call: "arguments separated by commas, then `)`",
  Steps: "numbers, then `>`",
  Header: "values after the header keyword",
  SubpatchLine: "a subpatch definition as JSON, {…}",
};
const LINE_EXPECTED =
  "a node line `id = Type inputs… name=value…` or a header (name, description, model, tempo, asset, subpatch)";

/** Line and column (1-based) of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  return lineIndex(text)(offset);
}

/** A lookup of line and column for many offsets in `text`, by binary search over line starts. */
export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** A number token: digits, an optional `/denominator`, an optional unit. */
const NUMBER = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?:\/(\d+))?([A-Za-z%°σ]*)$/;

class Reader {
  readonly issues: TextIssue[] = [];
  readonly at: (offset: number) => { line: number; column: number };
  constructor(private readonly text: string) {
    this.at = lineIndex(text);
  }

  slice(node: Span): string {
    return this.text.slice(node.from, node.to);
  }

  issue(span: Span, message: string): void {
    const { line, column } = this.at(span.from);
    this.issues.push({ line, column, from: span.from, to: span.to, message });
  }

  number(node: SyntaxNode): NumberValue {
    const m = NUMBER.exec(this.slice(node));
    const span = { from: node.from, to: node.to };
    const numerator = Number(m?.[1]);
    const denominator = m?.[2] === undefined ? 1 : Number(m[2]);
    let value = numerator / denominator;
    if (denominator === 0) {
      this.issue(span, `${this.slice(node)} divides by zero`);
      value = 0;
    } else if (!Number.isFinite(value)) {
      this.issue(span, `${this.slice(node)} is too large for a number`);
      value = 0;
    }
    return { kind: "number", value, unit: m?.[3] ?? "", ...span };
  }

  /** A string token's value; one with a raw control character or a bad escape is an issue. */
  string(node: SyntaxNode): string {
    const text = this.slice(node);
    try {
      return JSON.parse(text) as string;
    } catch {
      const what = hasControlChars(text) ? "a control character" : "an escape JSON does not know";
      this.issue(
        { from: node.from, to: node.to },
        `this string holds ${what}: ${escapeControlChars(text.slice(0, 40))}`,
      );
      return "";
    }
  }

  /** An issue for a list past the longest any parameter takes (its items past it are not read). */
  tooLong(span: Span, count: number): void {
    if (count > MAX_LIST_ITEMS)
      this.issue(
        span,
        `this list has ${formatCount(count)} items; no parameter takes more than ${formatCount(MAX_LIST_ITEMS)}`,
      );
  }

  value(node: SyntaxNode): TextValue {
    const span = { from: node.from, to: node.to };
    switch (node.name) {
      case "Number":
        return this.number(node);
      case "String":
        return { kind: "string", value: this.string(node), ...span };
      case "Reference": {
        const ids = node.getChildren("Identifier").map((n) => this.slice(n));
        return { kind: "ref", node: ids[0] ?? "", port: ids[1], ...span };
      }
      case "List": {
        const items = [];
        let count = 0;
        for (let c = node.firstChild; c; c = c.nextSibling) {
          if (c.name !== "Number" && c.name !== "Pair") continue;
          if (++count > MAX_LIST_ITEMS) continue; // counted, not built: the issue says how many
          if (c.name === "Number") items.push(this.number(c));
          if (c.name === "Pair") {
            const [t, v] = c.getChildren("Number").map((n) => this.number(n));
            items.push({
              kind: "pair" as const,
              time: t?.value ?? 0,
              value: v?.value ?? 0,
              ...span,
            });
          }
        }
        this.tooLong(span, count);
        return { kind: "list", items, ...span };
      }
      case "Call": {
        const callee = node.getChild("Callee");
        const name = callee ? this.slice(callee) : "";
        return { kind: "call", name, args: this.args(node), ...span };
      }
      case "Steps": {
        const values = [];
        let count = 0;
        for (let c = node.firstChild; c; c = c.nextSibling)
          if (c.name === "Number" && ++count <= MAX_LIST_ITEMS) values.push(this.number(c));
        this.tooLong(span, count);
        return { kind: "steps", values, ...span };
      }
      case "Range": {
        const [low, high] = node.getChildren("Number").map((n) => this.number(n));
        const zero = { kind: "number" as const, value: 0, unit: "", ...span };
        return { kind: "range", low: low ?? zero, high: high ?? zero, ...span };
      }
      default:
        return { kind: "string", value: this.slice(node), ...span };
    }
  }

  args(parent: SyntaxNode): TextArg[] {
    const args: TextArg[] = [];
    for (let c = parent.firstChild; c; c = c.nextSibling) {
      if (c.name === "Named") {
        const nameNode = c.getChild("ParamName");
        const valueNode = nameNode?.nextSibling?.nextSibling;
        if (!nameNode || !valueNode || valueNode.type.isError) continue;
        const nameSpan = { from: nameNode.from, to: nameNode.to };
        const value = this.value(valueNode);
        args.push({ name: this.slice(nameNode), nameSpan, value, from: c.from, to: c.to });
      } else if (VALUE_NODES.has(c.name)) {
        args.push({ value: this.value(c), from: c.from, to: c.to });
      }
    }
    return args;
  }

  line(node: SyntaxNode): TextLine | undefined {
    const span = { from: node.from, to: node.to };
    if (node.name === "NodeLine") {
      const id = node.getChild("NodeId");
      const type = node.getChild("TypeName");
      if (!id || !type) return undefined;
      const idSpan = { from: id.from, to: id.to };
      const typeSpan = { from: type.from, to: type.to };
      const args = this.args(node);
      return {
        kind: "node",
        id: this.slice(id),
        idSpan,
        type: this.slice(type),
        typeSpan,
        args,
        ...span,
      };
    }
    if (node.name === "Header") {
      const keyword = node.getChild("HeaderKeyword");
      return {
        kind: "header",
        keyword: keyword ? this.slice(keyword) : "",
        args: this.args(node),
        ...span,
      };
    }
    const json = node.getChild("Json");
    if (node.name === "SubpatchLine" && json) {
      const jsonSpan = { from: json.from, to: json.to };
      return { kind: "subpatch", json: this.slice(json), jsonSpan, ...span };
    }
    return undefined;
  }

  /** Reports the syntax error `error` (a ⚠ node) with what its enclosing construct expected. */
  syntaxError(error: SyntaxNode): void {
    let context: SyntaxNode | null = error.parent;
    while (context && !(context.name in EXPECTED) && context.name !== "Program")
      context = context.parent;
    const expected = context && context.name in EXPECTED ? EXPECTED[context.name] : LINE_EXPECTED;
    const found = this.slice(error).split("\n")[0]?.trim();
    const at = found ? `unexpected ${JSON.stringify(found.slice(0, 20))}` : "missing text";
    this.issue(error, `${at}: expected ${expected}`);
  }
}

const VALUE_NODES = new Set(["Number", "String", "Reference", "List", "Call", "Steps", "Range"]);

/** Parses `text` into lines; a line with a syntax error is reported and left out. */
export function readText(text: string): ParsedText {
  const reader = new Reader(text);
  const tokens = countTokens(text);
  if (tokens > MAX_TEXT_TOKENS) {
    reader.issue(
      { from: 0, to: 0 },
      `the text holds more than ${formatCount(MAX_TEXT_TOKENS)} words and numbers, more than any patch can use; it was not read`,
    );
    return { lines: [], issues: reader.issues };
  }
  const tree = parser.parse(text);
  const lines: TextLine[] = [];
  const badLines = new Set<number>();
  tree.iterate({
    enter(ref) {
      if (!ref.type.isError) return;
      const { line } = reader.at(ref.from);
      if (!badLines.has(line)) reader.syntaxError(ref.node);
      badLines.add(line);
    },
  });
  for (let c = tree.topNode.firstChild; c; c = c.nextSibling) {
    if (c.name !== "Line" || !c.firstChild) continue;
    if (badLines.has(reader.at(c.from).line)) continue;
    const line = reader.line(c.firstChild);
    if (line) lines.push(line);
  }
  return { lines, issues: reader.issues };
}

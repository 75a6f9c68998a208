/**
 * Header lines of the text form: `name`, `description`, `model`, `tempo`, `asset`. Each sets one
 * part of the patch JSON and says where it was written, so that patch errors point at it.
 */
import type { Span, TextArg, TextLine } from "./syntax";

type HeaderLine = Extract<TextLine, { kind: "header" }>;

/** Where a problem was, and what. */
export interface HeaderProblem {
  readonly span: Span;
  readonly message: string;
}

/** The patch JSON a header sets: a key (or `assets.<id>`) and its value. */
export interface HeaderSetting {
  readonly path: string;
  readonly value: unknown;
}

/** The line's text after its keyword: one quoted string, or the words as written. */
function textOf(line: HeaderLine, source: string): string | undefined {
  const [first] = line.args;
  const last = line.args[line.args.length - 1];
  if (!first || !last) return undefined;
  if (line.args.length === 1 && first.value.kind === "string") return first.value.value;
  return source.slice(first.from, last.to);
}

function word(arg: TextArg | undefined): string | undefined {
  if (!arg || arg.name !== undefined) return undefined;
  if (arg.value.kind === "string") return arg.value.value;
  if (arg.value.kind === "ref" && arg.value.port === undefined) return arg.value.node;
  return undefined;
}

const ASSET_USAGE =
  'asset ID builtin NAME, asset ID file "PATH", or asset ID embedded "MIME" "BASE64"';

function asset(line: HeaderLine): HeaderSetting | HeaderProblem {
  const [id, kind, a, b] = line.args.map(word);
  const wanted = kind === "embedded" ? 4 : 3;
  const missing =
    [id, kind, a].some((w) => w === undefined) || (kind === "embedded" && b === undefined);
  if (missing || line.args.length !== wanted) {
    return { span: line, message: `expected ${ASSET_USAGE}` };
  }
  const value =
    kind === "builtin"
      ? { kind, name: a }
      : kind === "file"
        ? { kind, path: a }
        : kind === "embedded"
          ? { kind, mime: a, base64: b }
          : undefined;
  if (!value) {
    return {
      span: line.args[1] ?? line,
      message: `expected builtin, file or embedded, got ${kind}`,
    };
  }
  return { path: `assets.${id}`, value };
}

function tempo(line: HeaderLine): HeaderSetting | HeaderProblem {
  const transport: Record<string, number> = {};
  const keys: Readonly<Record<string, string>> = { beats: "beatsPerBar", loop: "loopBars" };
  for (const arg of line.args) {
    const v = arg.value;
    const key = arg.name === undefined ? "bpm" : keys[arg.name];
    const unitOk = v.kind === "number" && (v.unit === "" || (key === "bpm" && v.unit === "bpm"));
    if (!key || !unitOk || key in transport) {
      return {
        span: arg,
        message: "expected tempo BPM, then optional beats=N (per bar) and loop=N (bars)",
      };
    }
    transport[key] = v.value;
  }
  if (!("bpm" in transport)) return { span: line, message: "expected tempo BPM, e.g. tempo 120" };
  return { path: "transport", value: { beatsPerBar: 4, ...transport } };
}

/** What header `line` sets, or why it cannot. */
export function readHeader(line: HeaderLine, source: string): HeaderSetting | HeaderProblem {
  switch (line.keyword) {
    case "name":
    case "description":
    case "model": {
      const text = textOf(line, source);
      if (text === undefined) return { span: line, message: `expected ${line.keyword} TEXT` };
      return { path: line.keyword, value: text };
    }
    case "tempo":
      return tempo(line);
    case "asset":
      return asset(line);
    default:
      return { span: line, message: `unknown header ${line.keyword}` };
  }
}

/**
 * `textToPatch`: the text form of a patch → a Patch, through parsePatch so that every patch check
 * applies; each problem is reported at the line and column of the text it came from.
 */
import type { NodeDefinition, ParamValue } from "../engine/nodeDefinition";
import { inputPorts } from "../engine/params";
import { CURRENT_VERSION } from "../engine/patch/migrate";
import { checkPatchTextSize, parsePatch } from "../engine/patch/parse";
import { checkPatchSize } from "../engine/patch/sizes";
import { PatchError } from "../engine/patch/errors";
import type { NodeRegistry } from "../engine/patch/registry";
import { PATCH_FORMAT, subpatchSchema, type Patch, type Subpatch } from "../engine/patch/schema";
import { patchRegistry } from "../engine/patch/subpatch";
import { performForNodes } from "../engine/patch/performSchema";
import { didYouMean } from "../engine/patch/suggest";
import { meaningFor } from "./convert";
import { TextError, type TextIssue } from "./errors";
import { readHeader } from "./headers";
import { lineIndex, readText, type Span, type TextArg, type TextLine } from "./syntax";

type NodeLine = Extract<TextLine, { kind: "node" }>;

interface JsonNode {
  id: string;
  type: string;
  params: Record<string, ParamValue>;
  position?: [number, number];
}

/** A cable whose source may be written on a later line. */
interface PendingCable {
  readonly node: string;
  readonly port?: string;
  readonly to: string;
  readonly span: Span;
}

class Builder {
  readonly issues: TextIssue[] = [];
  /** Where each JSON path of the patch was written. */
  readonly spans = new Map<string, Span>();
  readonly json: Record<string, unknown> = { format: PATCH_FORMAT, version: CURRENT_VERSION };
  readonly nodes: JsonNode[] = [];
  readonly types = new Map<string, NodeDefinition>();
  readonly cables: PendingCable[] = [];
  subpatches: Subpatch[] = [];
  readonly at: (offset: number) => { line: number; column: number };

  constructor(
    readonly text: string,
    readonly registry: NodeRegistry,
  ) {
    this.at = lineIndex(text);
  }

  issue(span: Span, message: string): void {
    const { line, column } = this.at(span.from);
    this.issues.push({ line, column, from: span.from, to: span.to, message });
  }

  header(line: Extract<TextLine, { kind: "header" }>): void {
    const result = readHeader(line, this.text);
    if ("message" in result) return this.issue(result.span, result.message);
    const [top, key] = result.path.split(".") as [string, string?];
    if (this.spans.has(`patch.${result.path}`)) {
      return this.issue(line, `${line.keyword} is set twice`);
    }
    this.spans.set(`patch.${result.path}`, line);
    if (key === undefined) this.json[top] = result.value;
    else {
      const assets = (this.json[top] ??= {}) as Record<string, unknown>;
      assets[key] = result.value;
    }
  }

  subpatch(line: Extract<TextLine, { kind: "subpatch" }>): void {
    let value: unknown;
    try {
      value = JSON.parse(line.json);
    } catch (e) {
      return this.issue(line.jsonSpan, `not valid JSON: ${(e as Error).message}`);
    }
    const index = this.subpatches.length;
    this.spans.set(`patch.subpatches[${index}]`, line);
    const checked = subpatchSchema.safeParse(value);
    if (!checked.success) {
      const first = checked.error.issues[0];
      const where = first?.path.length ? `${first.path.join(".")}: ` : "";
      return this.issue(
        line.jsonSpan,
        `not a subpatch definition: ${where}${first?.message ?? ""}`,
      );
    }
    this.subpatches.push(checked.data);
  }

  node(line: NodeLine, registry: NodeRegistry): void {
    const def = registry.get(line.type);
    if (!def) {
      const known = registry.all().map((d) => d.type);
      return this.issue(
        line.typeSpan,
        `unknown node type "${line.type}"${didYouMean(line.type, known)}`,
      );
    }
    const index = this.nodes.length;
    const node: JsonNode = { id: line.id, type: line.type, params: {} };
    this.nodes.push(node);
    this.types.set(line.id, def);
    const base = `patch.nodes[${index}]`;
    this.spans.set(base, line);
    this.spans.set(`${base}.id`, line.idSpan);
    this.spans.set(`${base}.type`, line.typeSpan);
    this.spans.set(`${base}.params`, line);
    let positional = 0;
    for (const arg of line.args) {
      if (arg.name === undefined) this.positional(line, def, positional++, arg);
      else this.named(line, def, node, arg, registry);
    }
  }

  positional(line: NodeLine, def: NodeDefinition, index: number, arg: TextArg): void {
    const input = def.inputs[index];
    if (!input) {
      const names = def.inputs.map((i) => i.name).join(", ") || "none";
      return this.issue(
        arg,
        `${def.type} has ${def.inputs.length} inputs (${names}); write parameters as name=value`,
      );
    }
    if (arg.value.kind !== "ref") {
      return this.issue(
        arg,
        `expected the node feeding ${input.name} (an id, or id.port); write parameters as name=value`,
      );
    }
    this.cables.push({
      node: arg.value.node,
      port: arg.value.port,
      to: `${line.id}.${input.name}`,
      span: arg,
    });
  }

  named(
    line: NodeLine,
    def: NodeDefinition,
    node: JsonNode,
    arg: TextArg,
    registry: NodeRegistry,
  ): void {
    const name = arg.name ?? "";
    const spec = def.params.find((p) => p.name === name);
    const to = `${line.id}.${name}`;
    if (!spec) {
      const port = inputPorts(def).find((p) => p.name === name);
      if (!port) {
        const names = [...def.params.map((p) => p.name), ...def.inputs.map((i) => i.name)];
        return this.issue(
          arg.nameSpan ?? arg,
          `${def.type} has no parameter or input "${name}"${didYouMean(name, names)}`,
        );
      }
      if (arg.value.kind !== "ref")
        return this.issue(arg.value, `expected the node feeding ${name} (an id, or id.port)`);
      this.cables.push({ node: arg.value.node, port: arg.value.port, to, span: arg });
      return;
    }
    const meaning = meaningFor(spec, arg.value, registry);
    switch (meaning.kind) {
      case "error":
        return this.issue(meaning.span ?? arg, meaning.message);
      case "param":
        if (name in node.params) return this.issue(arg, `${name} is set twice`);
        node.params[name] = meaning.value;
        this.spans.set(`patch.nodes[${this.nodes.indexOf(node)}].params.${name}`, arg);
        return;
      case "cable":
        this.cables.push({ node: meaning.node, port: meaning.port, to, span: arg });
        return;
      case "generator": {
        const id = `${line.id}_${name}`;
        const at = this.nodes.indexOf(node);
        const gen: JsonNode = { id, type: meaning.node.type, params: meaning.node.params };
        this.nodes.splice(at, 0, gen);
        this.shiftNodeSpans(at);
        this.spans.set(`patch.nodes[${at}]`, arg);
        this.types.set(id, registry.get(gen.type)!);
        this.cables.push({ node: id, port: meaning.node.output, to, span: arg });
      }
    }
  }

  /** Moves the spans of nodes at `from` and after one place down, for an inserted node. */
  shiftNodeSpans(from: number): void {
    const moved = new Map<string, Span>();
    for (const [path, span] of this.spans) {
      const m = /^patch\.nodes\[(\d+)\](.*)$/.exec(path);
      if (m && Number(m[1]) >= from) {
        this.spans.delete(path);
        moved.set(`patch.nodes[${Number(m[1]) + 1}]${m[2]}`, span);
      }
    }
    for (const [path, span] of moved) this.spans.set(path, span);
  }

  connections(): { from: string; to: string }[] {
    const ids = [...this.types.keys()];
    const out: { from: string; to: string }[] = [];
    for (const cable of this.cables) {
      const def = this.types.get(cable.node);
      if (!def) {
        this.issue(cable.span, `no node "${cable.node}"${didYouMean(cable.node, ids)}`);
        continue;
      }
      const port = cable.port ?? def.outputs[0]?.name;
      if (port === undefined) {
        this.issue(cable.span, `${cable.node} (${def.type}) has no output`);
        continue;
      }
      this.spans.set(`patch.connections[${out.length}]`, cable.span);
      out.push({ from: `${cable.node}.${port}`, to: cable.to });
    }
    return out;
  }
}

/** The span where `path` (or the closest enclosing path) was written, if known. */
function spanOf(spans: ReadonlyMap<string, Span>, path: string): Span | undefined {
  for (let p = path; p.length > 0; p = p.replace(/(\.[^.[\]]+|\[[^\]]*\])$/, "")) {
    const span = spans.get(p);
    if (span) return span;
    if (!/(\.[^.[\]]+|\[[^\]]*\])$/.test(p)) break;
  }
  return undefined;
}

/** A patch path in the words of the text: `patch.nodes[3].params.angle` → `angle`. */
function shortPath(path: string): string {
  return path
    .replace(/^patch\.nodes\[\d+\]\.params\.?/, "")
    .replace(/^patch\.(nodes|connections)\[\d+\]\.?/, "");
}

/**
 * Parses the text form of a patch (docs/text-format.md) against `registry`. Node positions,
 * comments, `ui` and `perform` come from `previous` (the patch being edited), by node id. Throws a TextError
 * listing every problem at its line and column; nothing in the text is executed.
 */
export function textToPatch(text: string, registry: NodeRegistry, previous?: Patch): Patch {
  checkPatchTextSize(text.length);
  const parsed = readText(text);
  const b = new Builder(text, registry);
  b.issues.push(...parsed.issues);
  for (const line of parsed.lines) {
    if (line.kind === "header") b.header(line);
    if (line.kind === "subpatch") b.subpatch(line);
  }
  // Count before building: the definitions' expanded size is judged before any is derived.
  if (b.subpatches.length > 0) {
    try {
      checkPatchSize({ subpatches: b.subpatches, nodes: [] }, registry);
    } catch (e) {
      throw asTextError(e, b);
    }
  }
  const withSubpatches = patchRegistry(registry, b.subpatches.length ? b.subpatches : undefined);
  for (const line of parsed.lines) if (line.kind === "node") b.node(line, withSubpatches);
  const connections = b.connections();
  if (b.issues.length > 0) throw new TextError([...b.issues].sort((x, y) => x.from - y.from));
  const json: Record<string, unknown> = {
    ...b.json,
    name: b.json.name ?? previous?.name ?? "untitled",
  };
  const positions = new Map(previous?.nodes.map((n) => [n.id, n.position]));
  json.nodes = b.nodes.map((n) => {
    const position = positions.get(n.id);
    return position ? { ...n, position } : n;
  });
  json.connections = connections;
  if (b.subpatches.length > 0) json.subpatches = b.subpatches;
  if (previous?.comments) json.comments = previous.comments;
  if (previous?.ui) json.ui = previous.ui;
  // The performer's snapshots and mappings survive an applied text (those of deleted nodes go).
  if (previous?.perform)
    json.perform = performForNodes(previous.perform, new Set(b.nodes.map((n) => n.id)));
  try {
    return parsePatch(json, registry);
  } catch (e) {
    throw asTextError(e, b);
  }
}

/** A PatchError's issues placed at the lines they came from; anything else as it is. */
function asTextError(e: unknown, b: Builder): unknown {
  if (!(e instanceof PatchError)) return e;
  const issues = e.issues.map((issue): TextIssue => {
    const span = spanOf(b.spans, issue.path) ?? { from: 0, to: 0 };
    const { line, column } = b.at(span.from);
    const what = shortPath(issue.path);
    const message = what ? `${what}: ${issue.message}` : issue.message;
    return { line, column, from: span.from, to: span.to, message };
  });
  return new TextError(issues);
}

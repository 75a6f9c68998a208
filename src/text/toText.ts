/**
 * `patchToText`: a patch in its text form, one line per node, written from the node definitions
 * (only non-default params; inputs positional in definition order while they are connected).
 * A source node that drives one modulation port and is named `<node>_<param>` is written in
 * place, as the param's shorthand (`lfo(…)`, `<…>`, `[t:v …]`).
 */
import type { NodeDefinition, ParamSpec, ParamValue } from "../engine/nodeDefinition";
import { defaultOf, inputPorts, resolveParams } from "../engine/params";
import { splitEndpoint } from "../engine/patch/endpoint";
import type { NodeRegistry } from "../engine/patch/registry";
import {
  ID_PATTERN,
  type Patch,
  type PatchConnection,
  type PatchNode,
} from "../engine/patch/schema";
import { patchRegistry } from "../engine/patch/subpatch";
import { CURVE_TYPE, STEPS_TYPE, generatorTypes } from "./convert";

/** A number as the text writes it: the shortest form that reads back to the same double. */
export function formatNumber(n: number): string {
  return Object.is(n, -0) ? "-0" : String(n);
}

/** A word when it reads back as one, else a quoted string. */
function formatWord(s: string): string {
  return ID_PATTERN.test(s) ? s : JSON.stringify(s);
}

/** `value` written for `spec`. */
export function formatValue(spec: ParamSpec | undefined, value: ParamValue): string {
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string")
    return spec?.kind === "string" || spec?.kind === "enum"
      ? formatWord(value)
      : JSON.stringify(value);
  const items = value.map((item) =>
    typeof item === "number"
      ? formatNumber(item)
      : `${formatNumber(item[0])}:${formatNumber(item[1])}`,
  );
  return `[${items.join(" ")}]`;
}

const same = (a: ParamValue | undefined, b: ParamValue): boolean =>
  a === undefined || JSON.stringify(a) === JSON.stringify(b);

/** The params of `node` that differ from their defaults, in definition order. */
function changedParams(def: NodeDefinition, node: PatchNode): [ParamSpec, ParamValue][] {
  return def.params.flatMap((spec): [ParamSpec, ParamValue][] => {
    const value = node.params[spec.name];
    return value === undefined || same(value, defaultOf(def, spec, node.params))
      ? []
      : [[spec, value]];
  });
}

/** Two params, low then high, that read well as a range `low..high`. */
const RANGE_PAIRS = new Set(["min max", "from to", "low high", "lo hi"]);

/** A folded generator written as its shorthand. */
function shorthand(def: NodeDefinition, node: PatchNode): string {
  const changed = changedParams(def, node);
  const only = changed.length === 1 ? changed[0] : undefined;
  if (def.type === STEPS_TYPE && only && only[0] === def.params.find((p) => p.kind === "numbers")) {
    return `<${(only[1] as number[]).map(formatNumber).join(" ")}>`;
  }
  const points = def.params.find((p) => p.kind === "breakpoints");
  const value = points && (node.params[points.name] ?? points.default);
  if (
    def.type === CURVE_TYPE &&
    points &&
    changed.every(([s]) => s === points) &&
    Array.isArray(value) &&
    value.length > 0
  ) {
    return formatValue(points, value);
  }
  const resolved = resolveParams(def, node.params);
  const last = def.params.reduce(
    (end, spec, i) =>
      same(node.params[spec.name], defaultOf(def, spec, node.params)) ? end : i + 1,
    0,
  );
  const args: string[] = [];
  for (let i = 0; i < last; i++) {
    const spec = def.params[i]!;
    const next = def.params[i + 1];
    const v = resolved[spec.name]!;
    const nextValue = next && resolved[next.name];
    if (
      next &&
      i + 1 < last &&
      RANGE_PAIRS.has(`${spec.name} ${next.name}`) &&
      typeof v === "number" &&
      typeof nextValue === "number"
    ) {
      args.push(`${formatNumber(v)}..${formatNumber(nextValue)}`);
      i++;
    } else {
      args.push(formatValue(spec, v));
    }
  }
  return `${def.type.toLowerCase()}(${args.join(", ")})`;
}

/** The nodes written as shorthands: generator id → the connection it makes. */
function foldedGenerators(patch: Patch, registry: NodeRegistry): Map<string, PatchConnection> {
  const generators = new Set(generatorTypes(registry).map((d) => d.type));
  const fed = new Set(patch.connections.map((c) => splitEndpoint(c.to).node));
  const folded = new Map<string, PatchConnection>();
  for (const node of patch.nodes) {
    if (!generators.has(node.type) || fed.has(node.id)) continue;
    const out = patch.connections.filter((c) => splitEndpoint(c.from).node === node.id);
    const only = out.length === 1 ? out[0] : undefined;
    if (!only) continue;
    const to = splitEndpoint(only.to);
    const target = patch.nodes.find((n) => n.id === to.node);
    const spec = target && registry.get(target.type)?.params.find((p) => p.name === to.port);
    const modulatable = spec?.kind === "number" && spec.modulatable === true;
    const firstOutput = registry.get(node.type)?.outputs[0]?.name;
    if (
      modulatable &&
      node.id === `${to.node}_${to.port}` &&
      splitEndpoint(only.from).port === firstOutput
    ) {
      folded.set(node.id, only);
    }
  }
  return folded;
}

function headerLines(patch: Patch): string[] {
  const lines = [`name ${JSON.stringify(patch.name)}`];
  if (patch.description !== undefined)
    lines.push(`description ${JSON.stringify(patch.description)}`);
  if (patch.model !== undefined) lines.push(`model ${formatWord(patch.model)}`);
  const t = patch.transport;
  if (t) {
    const beats = t.beatsPerBar !== 4 ? ` beats=${t.beatsPerBar}` : "";
    const loop = t.loopBars !== undefined ? ` loop=${t.loopBars}` : "";
    lines.push(`tempo ${formatNumber(t.bpm)}${beats}${loop}`);
  }
  for (const [id, asset] of Object.entries(patch.assets ?? {})) {
    const rest =
      asset.kind === "builtin"
        ? formatWord(asset.name)
        : asset.kind === "file"
          ? JSON.stringify(asset.path)
          : `${JSON.stringify(asset.mime)} ${JSON.stringify(asset.base64)}`;
    lines.push(`asset ${id} ${asset.kind} ${rest}`);
  }
  for (const sub of patch.subpatches ?? []) lines.push(`subpatch ${JSON.stringify(sub)}`);
  return lines;
}

/**
 * The text form of `patch` (docs/text-format.md). `registry` holds the node types; the patch's
 * subpatches are added to it. Positions, comments and `ui` are not written (textToPatch takes
 * them from the patch being edited).
 */
export function patchToText(patch: Patch, registry: NodeRegistry): string {
  const types = patchRegistry(registry, patch.subpatches);
  const folded = foldedGenerators(patch, types);
  const nodes = new Map(patch.nodes.map((n) => [n.id, n]));
  const source = (endpoint: string): string => {
    const { node, port } = splitEndpoint(endpoint);
    const def = types.get(nodes.get(node)?.type ?? "");
    return def?.outputs[0]?.name === port ? node : endpoint;
  };
  const shown = patch.nodes.filter((n) => !folded.has(n.id));
  const width = Math.max(0, ...shown.map((n) => n.id.length));
  const lines = shown.map((node) => {
    const def = types.get(node.type);
    const head = `${node.id.padEnd(width)} = ${node.type}`;
    if (!def) return head;
    const into = new Map(
      patch.connections
        .filter((c) => splitEndpoint(c.to).node === node.id)
        .map((c) => [splitEndpoint(c.to).port, c.from]),
    );
    const args: string[] = [];
    let positional = 0;
    for (const input of def.inputs) {
      const from = into.get(input.name);
      if (from === undefined) break;
      args.push(source(from));
      positional++;
    }
    for (const [spec, value] of changedParams(def, node))
      args.push(`${spec.name}=${formatValue(spec, value)}`);
    for (const port of inputPorts(def).slice(positional)) {
      const from = into.get(port.name);
      if (from === undefined) continue;
      const gen = splitEndpoint(from).node;
      const genNode = folded.has(gen) ? nodes.get(gen) : undefined;
      const genDef = genNode && types.get(genNode.type);
      args.push(`${port.name}=${genNode && genDef ? shorthand(genDef, genNode) : source(from)}`);
    }
    return [head, ...args].join(" ");
  });
  return [...headerLines(patch), "", ...lines].join("\n") + "\n";
}

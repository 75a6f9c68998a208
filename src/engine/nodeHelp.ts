/**
 * A node type's help, generated from its definition: what the help panel shows and what the node
 * reference (docs/nodes.md) prints, so the two never disagree. Pure: no DOM, no files.
 */
import type { NodeDefinition, ParamSpec } from "./nodeDefinition";
import { inputPorts } from "./params";

export interface PortHelp {
  readonly name: string;
  /** The types a port accepts (an input) or carries (an output; "follows the inputs" if derived). */
  readonly types: readonly string[];
  readonly optional: boolean;
  readonly description: string;
}

export interface ParamHelp {
  readonly name: string;
  /** The default as the patch file writes it, e.g. `0.5`, `"sine"`, `[[0,0],[4,1]]`. */
  readonly defaultText: string;
  /** What values it takes, with its unit: `0 … 360 °`, `sine / saw`, `[[seconds, value], …]`. */
  readonly range: string;
  readonly unit: string;
  /** The choices of an enum parameter (empty for other kinds). */
  readonly options: readonly string[];
  /** True when a cable on the port of the same name can drive it. */
  readonly modulatable: boolean;
  readonly description: string;
}

export interface NodeHelp {
  readonly type: string;
  readonly category: string;
  readonly description: string;
  /** True for a node that needs its whole input before it outputs anything. */
  readonly whole: boolean;
  /** Where the operation comes from (a seed paper), when the definition says. */
  readonly reference: string | undefined;
  readonly inputs: readonly PortHelp[];
  readonly outputs: readonly PortHelp[];
  readonly params: readonly ParamHelp[];
  /** Names of the example patches that use this node type, alphabetical. */
  readonly examples: readonly string[];
}

/** The values a parameter takes, as one short phrase. */
export function paramRange(p: ParamSpec): string {
  switch (p.kind) {
    case "number":
      return `${p.integer ? "integer " : ""}${p.min} … ${p.max}${p.unit ? ` ${p.unit}` : ""}`;
    case "enum":
      return p.options.join(" / ");
    case "numbers":
      return `up to ${p.maxLength} numbers`;
    case "string":
      return p.refers ? `${p.refers} id` : "text";
    case "breakpoints":
      return "[[seconds, value], …]";
    case "boolean":
      return "true / false";
  }
}

/** The node types used by a patch's JSON text: its nodes and its subpatches' nodes. */
function typesInPatch(text: string): Set<string> {
  const types = new Set<string>();
  let patch: unknown;
  try {
    patch = JSON.parse(text);
  } catch {
    return types;
  }
  const collect = (nodes: unknown) => {
    if (!Array.isArray(nodes)) return;
    for (const n of nodes as unknown[]) {
      const type = (n as { type?: unknown } | null)?.type;
      if (typeof type === "string") types.add(type);
    }
  };
  const p = patch as { nodes?: unknown; subpatches?: unknown } | null;
  collect(p?.nodes);
  if (Array.isArray(p?.subpatches))
    for (const s of p.subpatches as unknown[]) collect((s as { nodes?: unknown } | null)?.nodes);
  return types;
}

/**
 * Which example patches use each node type, from the examples' own text (name → JSON), so the
 * mapping follows the examples as they change. A file that is not JSON contributes nothing.
 */
export function examplesByNodeType(
  patches: Readonly<Record<string, string>>,
): ReadonlyMap<string, readonly string[]> {
  const byType = new Map<string, string[]>();
  for (const name of Object.keys(patches).sort()) {
    for (const type of typesInPatch(patches[name] ?? "")) {
      const list = byType.get(type) ?? [];
      list.push(name);
      byType.set(type, list);
    }
  }
  return byType;
}

/** The help of node type `def`; `examples` from {@link examplesByNodeType}. */
export function nodeHelp(
  def: NodeDefinition,
  examples: ReadonlyMap<string, readonly string[]> = new Map(),
): NodeHelp {
  return {
    type: def.type,
    category: def.category,
    description: def.description,
    whole: def.mode === "whole",
    reference: def.reference,
    inputs: inputPorts(def).map((i) => ({
      name: i.name,
      types: i.types,
      optional: i.optional ?? false,
      description: i.description,
    })),
    outputs: def.outputs.map((o) => ({
      name: o.name,
      types: [typeof o.type === "string" ? o.type : "follows the inputs"],
      optional: false,
      description: o.description,
    })),
    params: def.params.map((p) => ({
      name: p.name,
      defaultText: JSON.stringify(p.default),
      range: paramRange(p),
      unit: p.kind === "number" ? (p.unit ?? "") : p.kind === "breakpoints" ? "s" : "",
      options: p.kind === "enum" ? p.options : [],
      modulatable: p.kind === "number" && p.modulatable === true,
      description: p.description,
    })),
    examples: examples.get(def.type) ?? [],
  };
}

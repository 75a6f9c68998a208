/** The node reference (docs/nodes.md), printed from the same help model the app's help panel shows. */
import type { NodeDefinition } from "./nodeDefinition";
import { nodeHelp } from "./nodeHelp";

const cell = (s: string) => s.replace(/\|/g, "\\|");
const code = (s: string) => `\`${s}\``;

/**
 * The node reference in Markdown; `examples` (node type → example patch names, from
 * `examplesByNodeType`) adds an "Examples" line to each node used by one.
 */
export function nodeReferenceMarkdown(
  defs: readonly NodeDefinition[],
  examples: ReadonlyMap<string, readonly string[]> = new Map(),
): string {
  const lines = [
    "# Node reference",
    "",
    "Generated from the node definitions in `src/nodes/` by `npm run docs`; do not edit by hand.",
    "A parameter marked *modulatable* also has an input port of the same name: a `scalar` or `curve` cable there overrides it frame by frame, clamped to the parameter's range (as a typed value must lie in it).",
    "",
  ];
  for (const d of defs) {
    const h = nodeHelp(d, examples);
    lines.push(
      `## ${h.type}`,
      "",
      `*${h.category}${h.whole ? ", needs its whole input" : ""}* — ${h.description}`,
      "",
    );
    if (h.reference) lines.push(`From: ${h.reference}`, "");
    if (h.examples.length > 0)
      lines.push(
        `Examples: ${h.examples.map((e) => `[${e}](../examples/${e}.patch.json)`).join(", ")}`,
        "",
      );
    if (h.inputs.length > 0) {
      lines.push("| input | accepts | |", "|---|---|---|");
      for (const i of h.inputs)
        lines.push(
          `| ${code(i.name)}${i.optional ? " (optional)" : ""} | ${i.types.join(" \\| ")} | ${cell(i.description)} |`,
        );
      lines.push("");
    }
    if (h.outputs.length > 0) {
      lines.push("| output | type | |", "|---|---|---|");
      for (const o of h.outputs)
        lines.push(`| ${code(o.name)} | ${o.types.join(" \\| ")} | ${cell(o.description)} |`);
      lines.push("");
    }
    if (h.params.length > 0) {
      lines.push("| parameter | default | range | |", "|---|---|---|---|");
      for (const p of h.params) {
        const range = p.options.length > 0 ? p.options.map(code).join(" / ") : p.range;
        lines.push(
          `| ${code(p.name)} | ${code(p.defaultText)} | ${cell(range + (p.modulatable ? ", modulatable" : ""))} | ${cell(p.description)} |`,
        );
      }
      lines.push("");
    }
  }
  return lines.join("\n");
}

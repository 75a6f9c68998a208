/** The node reference (docs/nodes.md), generated from the node definitions. */
import type { NodeDefinition, ParamSpec } from "./nodeDefinition";
import { inputPorts } from "./params";

function range(p: ParamSpec): string {
  switch (p.kind) {
    case "number":
      return `${p.integer ? "integer " : ""}${p.min} … ${p.max}${p.unit ? ` ${p.unit}` : ""}${p.modulatable ? ", modulatable" : ""}`;
    case "enum":
      return p.options.map((o) => `\`${o}\``).join(" / ");
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

const cell = (s: string) => s.replace(/\|/g, "\\|");

export function nodeReferenceMarkdown(defs: readonly NodeDefinition[]): string {
  const lines = [
    "# Node reference",
    "",
    "Generated from the node definitions in `src/nodes/` by `npm run docs`; do not edit by hand.",
    "A parameter marked *modulatable* also has an input port of the same name: a `scalar` or `curve` cable there overrides it frame by frame, clamped to the parameter's range (as a typed value must lie in it).",
    "",
  ];
  for (const d of defs) {
    lines.push(
      `## ${d.type}`,
      "",
      `*${d.category}${d.mode === "whole" ? ", needs its whole input" : ""}* — ${d.description}`,
      "",
    );
    const ins = inputPorts(d);
    if (ins.length > 0) {
      lines.push("| input | accepts | |", "|---|---|---|");
      for (const i of ins)
        lines.push(
          `| \`${i.name}\`${i.optional ? " (optional)" : ""} | ${i.types.join(" \\| ")} | ${cell(i.description)} |`,
        );
      lines.push("");
    }
    if (d.outputs.length > 0) {
      lines.push("| output | type | |", "|---|---|---|");
      for (const o of d.outputs)
        lines.push(
          `| \`${o.name}\` | ${typeof o.type === "string" ? o.type : "follows the inputs"} | ${cell(o.description)} |`,
        );
      lines.push("");
    }
    if (d.params.length > 0) {
      lines.push("| parameter | default | range | |", "|---|---|---|---|");
      for (const p of d.params)
        lines.push(
          `| \`${p.name}\` | \`${JSON.stringify(p.default)}\` | ${cell(range(p))} | ${cell(p.description)} |`,
        );
      lines.push("");
    }
  }
  return lines.join("\n");
}

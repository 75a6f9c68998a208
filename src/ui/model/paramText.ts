/**
 * The compact text form of list parameters (`numbers`, `breakpoints`): JSON in a text field,
 * parsed and checked against the spec with a message a composer can act on.
 */
import type { NumberListParam, BreakpointsParam, ParamValue } from "../../engine/nodeDefinition";
import { validateParams } from "../../engine/params";
import type { NodeDefinition } from "../../engine/nodeDefinition";

export type ParsedParam = { ok: true; value: ParamValue } | { ok: false; message: string };

/** `[0.5, -1]` or `[[0, 0], [2, 1]]`, on one line. */
export function paramText(value: ParamValue): string {
  return JSON.stringify(value);
}

/** Parses the text of a list parameter of `def`; the message names what was expected. */
export function parseParamText(
  def: NodeDefinition,
  spec: NumberListParam | BreakpointsParam,
  text: string,
): ParsedParam {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === "" ? "[]" : text);
  } catch {
    const shape = spec.kind === "numbers" ? "[0.5, -1, 2]" : "[[0, 0], [2, 1]]";
    return { ok: false, message: `${spec.name}: not JSON; write a list like ${shape}` };
  }
  const specOnly = { ...def, validate: undefined };
  const issue = validateParams(specOnly, { [spec.name]: value }, "")[0];
  if (issue) {
    const where = issue.path.replace(/^\./, "");
    return { ok: false, message: `${where}: ${issue.message}` };
  }
  return { ok: true, value: value as ParamValue };
}

/**
 * What a control's label says. A subpatch instance's knob is named "<innerNode>.<param>", often
 * too long for its card ("filmrrotate1.plane_a"): the inner node's id is elided in the middle so
 * that the parameter stays whole and two knobs of one node stay distinct; the tooltip has it all.
 */

/** The most characters a subpatch knob's label shows (its column is 100 px wide). */
export const SUBPATCH_LABEL_CHARS = 15;

/** `text` cut to `max` characters by an ellipsis in its middle. */
export function elideMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return "…".slice(0, max);
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
}

/** The label of control `name`: whole, or for "node.param" the node elided first. */
export function paramLabel(name: string, max = SUBPATCH_LABEL_CHARS): string {
  const dot = name.indexOf(".");
  if (dot < 0 || name.length <= max) return name;
  const param = name.slice(dot + 1);
  const nodeRoom = max - param.length - 1;
  // Keep a few characters of the node at least; a very long parameter is elided with it.
  if (nodeRoom >= 4) return `${elideMiddle(name.slice(0, dot), nodeRoom)}.${param}`;
  return elideMiddle(name, max);
}

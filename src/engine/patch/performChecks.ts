/**
 * The checks of `patch.perform` against the patch's nodes: every `"node.param"` names a node and
 * one of its parameters, snapshot values fit their parameters, snapshot names are unique, the
 * morph names two snapshots, MIDI mappings drive number parameters within their range.
 */
import type { NodeDefinition, ParamSpec } from "../nodeDefinition";
import { validateParams } from "../params";
import type { PatchIssue } from "./errors";
import { pathKey } from "./path";
import { MORPH_TARGET, retriggerNode, type MidiMapping, type PatchPerform } from "./performSchema";
import { didYouMean } from "./suggest";

/** Splits `"node.param"` at its first dot (node ids have none; subpatch param keys may). */
export function splitParamRef(ref: string): { node: string; param: string } {
  const dot = ref.indexOf(".");
  return { node: ref.slice(0, dot), param: ref.slice(dot + 1) };
}

/** Parameter kinds a snapshot holds: one value a control sets. */
const isScalar = (spec: ParamSpec): boolean =>
  spec.kind === "number" || spec.kind === "enum" || spec.kind === "boolean";

type Defs = ReadonlyMap<string, NodeDefinition | undefined>;

/** The spec `ref` names, or the message saying why it names none. */
function resolveRef(ref: string, defs: Defs): { def: NodeDefinition; spec: ParamSpec } | string {
  const { node, param } = splitParamRef(ref);
  if (!defs.has(node)) return `no node ${JSON.stringify(node)}${didYouMean(node, defs.keys())}`;
  const def = defs.get(node);
  if (!def) return `node ${JSON.stringify(node)} has an unknown type`;
  const spec = def.params.find((p) => p.name === param);
  if (!spec) {
    const known = def.params.map((p) => p.name);
    const hint = didYouMean(param, known) || `; parameters: ${known.join(", ")}`;
    return `node ${JSON.stringify(node)} (${def.type}) has no parameter ${JSON.stringify(param)}${hint}`;
  }
  return { def, spec };
}

/** A note-on mapping's target: a source that can start again (`"<node>.@retrigger"`). */
function checkRetrigger(m: MidiMapping, at: string, defs: Defs, issues: PatchIssue[]): void {
  const node = retriggerNode(m.target);
  if (m.control !== "note-on" || node === undefined) {
    const message =
      node === undefined
        ? `a "note-on" mapping restarts a source: its target is "<node>.@retrigger", got ${JSON.stringify(m.target)}`
        : `only a "note-on" mapping restarts a source; a "${m.control}" mapping drives a number parameter or "@morph"`;
    return void issues.push({ path: `${at}.target`, message });
  }
  if (!defs.has(node))
    return void issues.push({
      path: `${at}.target`,
      message: `no node ${JSON.stringify(node)}${didYouMean(node, defs.keys())}`,
    });
  const def = defs.get(node);
  if (def && (def.category !== "source" || def.followsTempo))
    issues.push({
      path: `${at}.target`,
      message: `a note restarts an AudioIn or a Curve; node ${JSON.stringify(node)} is a ${def.type}`,
    });
}

function checkMapping(m: MidiMapping, at: string, defs: Defs, issues: PatchIssue[]): void {
  if (m.control === "note-on" || retriggerNode(m.target) !== undefined)
    return checkRetrigger(m, at, defs, issues);
  if (m.control === "cc" && m.number === undefined)
    issues.push({ path: at, message: 'a "cc" mapping needs its controller "number" (0–127)' });
  if (m.control !== "cc" && m.number !== undefined)
    issues.push({
      path: `${at}.number`,
      message: `only "cc" and "note-on" mappings have a "number"`,
    });
  let range: { min: number; max: number } = { min: 0, max: 1 };
  if (m.target !== MORPH_TARGET) {
    const found = resolveRef(m.target, defs);
    if (typeof found === "string")
      return void issues.push({ path: `${at}.target`, message: found });
    if (found.spec.kind !== "number") {
      issues.push({
        path: `${at}.target`,
        message: `MIDI drives number parameters; ${m.target} is ${found.spec.kind === "enum" ? "a choice" : `a ${found.spec.kind}`}`,
      });
      return;
    }
    range = found.spec;
  }
  for (const end of ["min", "max"] as const) {
    const v = m[end];
    if (v !== undefined && (v < range.min || v > range.max))
      issues.push({
        path: `${at}.${end}`,
        message: `expected a number in [${range.min}, ${range.max}] (the target's range), got ${v}`,
      });
  }
  const lo = m.min ?? range.min;
  const hi = m.max ?? range.max;
  if (m.curve === "log" && (lo <= 0 || hi <= 0))
    issues.push({
      path: `${at}.curve`,
      message: `a log curve needs a range above 0, got [${lo}, ${hi}]`,
    });
}

/** Problems of `perform` given the patch's node definitions by node id. */
export function checkPerform(perform: PatchPerform | undefined, defs: Defs): PatchIssue[] {
  if (!perform) return [];
  const issues: PatchIssue[] = [];
  const base = "patch.perform";
  const names = new Map<string, number>();
  perform.snapshots.forEach((snap, i) => {
    const at = `${base}.snapshots[${i}]`;
    const earlier = names.get(snap.name);
    if (earlier !== undefined) {
      issues.push({
        path: `${at}.name`,
        message: `duplicate snapshot name ${JSON.stringify(snap.name)} (also ${base}.snapshots[${earlier}])`,
      });
    } else names.set(snap.name, i);
    for (const [ref, value] of Object.entries(snap.values)) {
      const path = pathKey(`${at}.values`, ref);
      const found = resolveRef(ref, defs);
      if (typeof found === "string") {
        issues.push({ path, message: found });
        continue;
      }
      if (!isScalar(found.spec)) {
        issues.push({
          path,
          message: `a snapshot holds numbers, choices and switches; ${ref} is a ${found.spec.kind} parameter`,
        });
        continue;
      }
      const specOnly = { ...found.def, params: [found.spec], validate: undefined };
      for (const issue of validateParams(specOnly, { [found.spec.name]: value }, "x"))
        issues.push({ path, message: issue.message });
    }
  });
  if (perform.morph) {
    for (const end of ["from", "to"] as const) {
      const name = perform.morph[end];
      if (!names.has(name))
        issues.push({
          path: `${base}.morph.${end}`,
          message: `no snapshot ${JSON.stringify(name)}${didYouMean(name, names.keys())}`,
        });
    }
  }
  perform.midi.forEach((m, i) => checkMapping(m, `${base}.midi[${i}]`, defs, issues));
  perform.favourites.forEach((ref, i) => {
    const found = resolveRef(ref, defs);
    if (typeof found === "string")
      issues.push({ path: `${base}.favourites[${i}]`, message: found });
  });
  return issues;
}

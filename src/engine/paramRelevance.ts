/**
 * Which parameters matter for the choices a node makes, read from the definitions' own wording
 * (so no node needs code for it): the canvas hides what does not matter, and `validate` warns
 * about a parameter a patch sets that its node then ignores.
 */
import type { NodeDefinition, ParamSpec, Params } from "./nodeDefinition";
import { resolveParams } from "./params";
import { isSubpatchDefinition, paramsOfInner } from "./patch/subpatch";

/** A parameter that only matters when the enum parameter `param` is one of `values`. */
export interface RelevanceRule {
  readonly param: string;
  readonly values: readonly string[];
}

const lower = (s: string) => s.toLowerCase();

/**
 * When a parameter matters, read from its description — the definitions' own wording, so no node
 * needs UI code:
 * - `"Angle mode: …"`: only when an enum whose options include "angle" is "angle";
 * - `"… (source = asset)"` or `"(source = sine or noise)"`: only when `source` is one of those;
 * - `"sine frequency"`, `"noise seed"`: a description whose first word is an option of an enum
 *   (other than the parameter's own) only when that enum has that value.
 * Anything else always matters.
 */
export function relevanceRule(def: NodeDefinition, spec: ParamSpec): RelevanceRule | undefined {
  const enums = def.params.filter(
    (p): p is ParamSpec & { kind: "enum" } => p.kind === "enum" && p.name !== spec.name,
  );
  const text = spec.description.trim();
  const named = /\((\w+) = ([\w-]+(?:(?:,| or) [\w-]+)*)\)/.exec(text);
  if (named) {
    const target = enums.find((e) => e.name === named[1]);
    const values = (named[2] ?? "").split(/,\s*|\s+or\s+/).map(lower);
    if (target && values.every((v) => target.options.map(lower).includes(v)))
      return { param: target.name, values };
  }
  const first = lower(/^([\w-]+)( mode:)?/.exec(text)?.[1] ?? "");
  const target = enums.find((e) => e.options.map(lower).includes(first));
  return target ? { param: target.name, values: [first] } : undefined;
}

/** Rules depend only on the (static) definitions: worked out once per parameter. */
const rules = new WeakMap<NodeDefinition, Map<string, RelevanceRule | undefined>>();

function ruleOf(def: NodeDefinition, spec: ParamSpec): RelevanceRule | undefined {
  let byName = rules.get(def);
  if (!byName) rules.set(def, (byName = new Map<string, RelevanceRule | undefined>()));
  if (!byName.has(spec.name)) byName.set(spec.name, relevanceRule(def, spec));
  return byName.get(spec.name);
}

/** Whether `spec` matters to a node of `def` whose params (defaults filled in) are `params`. */
export function isRelevant(
  def: NodeDefinition,
  spec: ParamSpec,
  params: Readonly<Params>,
): boolean {
  if (isSubpatchDefinition(def)) {
    // "cello.frequency" matters as "frequency" does to the inner node "cello".
    const dot = spec.name.indexOf(".");
    const innerId = spec.name.slice(0, dot);
    const inner = def.innerDefinitions.get(innerId);
    const innerSpec = inner?.params.find((p) => p.name === spec.name.slice(dot + 1));
    if (!inner || !innerSpec) return true;
    return isRelevant(inner, innerSpec, resolveParams(inner, paramsOfInner(params, innerId)));
  }
  const rule = ruleOf(def, spec);
  return !rule || rule.values.includes(lower(String(params[rule.param] ?? "")));
}

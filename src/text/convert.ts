/**
 * What a written value means for one parameter of a node definition: a parameter value, a cable
 * from another node (`angle=mod`), or a generator node for a shorthand (`angle=lfo(0.25, 0..90)`,
 * `<0 1 2>`, `[0:0 4:90]`) that drives the parameter's modulation port.
 */
import type { NodeDefinition, NumberParam, ParamSpec, ParamValue } from "../engine/nodeDefinition";
import type { NodeRegistry } from "../engine/patch/registry";
import type { NumberValue, Span, TextArg, TextValue } from "./syntax";

/** A shorthand turned into a node: its type and params; it feeds the parameter's port. */
export interface GeneratorNode {
  readonly type: string;
  readonly params: Record<string, ParamValue>;
  readonly output: string;
}

export type Meaning =
  | { readonly kind: "param"; readonly value: ParamValue }
  | { readonly kind: "cable"; readonly node: string; readonly port?: string }
  | { readonly kind: "generator"; readonly node: GeneratorNode }
  | { readonly kind: "error"; readonly message: string; readonly span?: Span };

/** The node type that `<a b c>` stands for, and the one a breakpoint list on a number stands for. */
export const STEPS_TYPE = "Steps";
export const CURVE_TYPE = "Curve";

const UNIT_ALIASES: Readonly<Record<string, string>> = {
  deg: "°",
  degree: "°",
  degrees: "°",
  sec: "s",
  beat: "beats",
  sigma: "σ",
};

const canonicalUnit = (unit: string): string => {
  const lower = unit.toLowerCase();
  return UNIT_ALIASES[lower] ?? lower;
};

/** Units the text converts into the parameter's own. */
const CONVERSIONS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  s: { ms: 1e-3 },
  hz: { khz: 1e3 },
};

/** `n` in `spec`'s unit, or an error when its written unit is not that one (nor convertible). */
export function numberIn(spec: NumberParam, n: NumberValue): Meaning {
  if (n.unit === "") return { kind: "param", value: n.value };
  const want = spec.unit === undefined ? undefined : canonicalUnit(spec.unit);
  const got = canonicalUnit(n.unit);
  if (want === got) return { kind: "param", value: n.value };
  const factor = want === undefined ? undefined : CONVERSIONS[want]?.[got];
  if (factor !== undefined) return { kind: "param", value: n.value * factor };
  const message =
    spec.unit === undefined
      ? `${spec.name} takes a plain number, without a unit; got "${n.unit}"`
      : `${spec.name} is in ${spec.unit}, not "${n.unit}"`;
  return { kind: "error", message, span: n };
}

const err = (message: string, span?: Span): Meaning => ({ kind: "error", message, span });

/** What `spec` takes, for messages. */
export function describeSpec(spec: ParamSpec): string {
  switch (spec.kind) {
    case "number":
      return `a number in [${spec.min}, ${spec.max}]${spec.unit ? ` ${spec.unit}` : ""}`;
    case "enum":
      return `one of ${spec.options.join(", ")}`;
    case "boolean":
      return "true or false";
    case "numbers":
      return "a list of numbers, e.g. [0.5 -1 2]";
    case "string":
      return 'a word or a "quoted string"';
    case "breakpoints":
      return "a list of time:value pairs, e.g. [0:0 4:1]";
  }
}

const WRITTEN: Readonly<Record<TextValue["kind"], string>> = {
  number: "a number",
  string: "a string",
  ref: "a word",
  list: "a list",
  call: "a shorthand call",
  steps: "a <steps> sequence",
  range: "a range",
};

/** The plain value of `value` for `spec`, without cables or shorthands. */
function plainValue(spec: ParamSpec, value: TextValue): Meaning {
  const mismatch = err(
    `${spec.name} takes ${describeSpec(spec)}, not ${WRITTEN[value.kind]}`,
    value,
  );
  const word = value.kind === "ref" && value.port === undefined ? value.node : undefined;
  switch (spec.kind) {
    case "number":
      return value.kind === "number" ? numberIn(spec, value) : mismatch;
    case "enum":
    case "string":
      if (word !== undefined) return { kind: "param", value: word };
      return value.kind === "string" ? { kind: "param", value: value.value } : mismatch;
    case "boolean":
      if (word === "true" || word === "false") return { kind: "param", value: word === "true" };
      return mismatch;
    case "numbers":
      if (value.kind !== "list") return mismatch;
      if (value.items.some((i) => i.kind === "pair")) return mismatch;
      return { kind: "param", value: value.items.map((i) => i.value) };
    case "breakpoints":
      if (value.kind !== "list") return mismatch;
      if (value.items.some((i) => i.kind !== "pair")) return mismatch;
      return {
        kind: "param",
        value: value.items.map((i) => [i.kind === "pair" ? i.time : 0, i.value] as const),
      };
  }
}

/** The first output's name when it can drive a modulation port (a scalar or a curve). */
function modulationOutput(def: NodeDefinition): string | undefined {
  const first = def.outputs[0];
  if (!first || def.inputs.length > 0) return undefined;
  if (typeof first.type === "string" && first.type !== "curve" && first.type !== "scalar") {
    return undefined;
  }
  return first.name;
}

/** The types a shorthand call may name: sources whose output can drive a parameter. */
export function generatorTypes(registry: NodeRegistry): NodeDefinition[] {
  return registry.all().filter((d) => modulationOutput(d) !== undefined);
}

/** `name(…)`'s node type: the generator whose type is `name`, ignoring case. */
function generatorNamed(registry: NodeRegistry, name: string): NodeDefinition | undefined {
  const types = generatorTypes(registry);
  return (
    types.find((d) => d.type === name) ??
    types.find((d) => d.type.toLowerCase() === name.toLowerCase())
  );
}

/** The params of generator `def` from a call's arguments: positional in definition order. */
function callParams(
  def: NodeDefinition,
  args: readonly TextArg[],
): { readonly problem: Meaning } | { readonly params: Record<string, ParamValue> } {
  const params: Record<string, ParamValue> = {};
  let next = 0;
  const set = (spec: ParamSpec | undefined, value: TextValue): Meaning | undefined => {
    if (!spec)
      return err(
        `${def.type.toLowerCase()}(…) has ${def.params.length} parameters: ${def.params.map((p) => p.name).join(", ")}`,
        value,
      );
    if (spec.name in params) return err(`${spec.name} is given twice`, value);
    const meaning = plainValue(spec, value);
    if (meaning.kind !== "param") return meaning;
    params[spec.name] = meaning.value;
    return undefined;
  };
  for (const arg of args) {
    let problem: Meaning | undefined;
    if (arg.name !== undefined) {
      const spec = def.params.find((p) => p.name === arg.name);
      problem = spec
        ? set(spec, arg.value)
        : err(
            `${def.type} has no parameter ${arg.name}; parameters: ${def.params.map((p) => p.name).join(", ")}`,
            arg.nameSpan,
          );
    } else if (arg.value.kind === "range") {
      problem = set(def.params[next], arg.value.low) ?? set(def.params[next + 1], arg.value.high);
      next += 2;
    } else {
      problem = set(def.params[next], arg.value);
      next += 1;
    }
    if (problem) return { problem };
  }
  return { params };
}

function generator(def: NodeDefinition, params: Record<string, ParamValue>): Meaning {
  return {
    kind: "generator",
    node: { type: def.type, params, output: modulationOutput(def) ?? "" },
  };
}

/** A shorthand (`lfo(…)`, `<…>`, a breakpoint list) for the modulatable number `spec`. */
function shorthand(
  spec: NumberParam,
  value: TextValue,
  registry: NodeRegistry,
): Meaning | undefined {
  if (value.kind === "call") {
    const def = generatorNamed(registry, value.name);
    if (!def) {
      const known = generatorTypes(registry).map((d) => `${d.type.toLowerCase()}(…)`);
      return err(
        `no node type "${value.name}" can drive ${spec.name}; shorthands: ${known.join(", ")}`,
        value,
      );
    }
    const call = callParams(def, value.args);
    return "problem" in call ? call.problem : generator(def, call.params);
  }
  if (value.kind === "steps") {
    const def = registry.get(STEPS_TYPE);
    const list = def?.params.find((p) => p.kind === "numbers");
    if (!def || !list || !modulationOutput(def)) {
      return err(
        `<…> needs a ${STEPS_TYPE} node type with a list of numbers, which this build lacks`,
        value,
      );
    }
    return generator(def, { [list.name]: value.values.map((v) => v.value) });
  }
  if (
    value.kind === "list" &&
    value.items.length > 0 &&
    value.items.every((i) => i.kind === "pair")
  ) {
    const def = registry.get(CURVE_TYPE);
    const points = def?.params.find((p) => p.kind === "breakpoints");
    if (!def || !points || !modulationOutput(def)) return undefined;
    const meaning = plainValue(points, value);
    return meaning.kind === "param" ? generator(def, { [points.name]: meaning.value }) : meaning;
  }
  return undefined;
}

/**
 * What `value` written for parameter `spec` means: a value, a cable from the node or `node.port`
 * it names (modulatable numbers only), or a generator for a shorthand (modulatable numbers only).
 */
export function meaningFor(spec: ParamSpec, value: TextValue, registry: NodeRegistry): Meaning {
  const modulatable = spec.kind === "number" && spec.modulatable === true;
  if (value.kind === "ref" && spec.kind === "number") {
    if (modulatable) return { kind: "cable", node: value.node, port: value.port };
    return err(`${spec.name} takes ${describeSpec(spec)}; it cannot be driven by a cable`, value);
  }
  if (spec.kind === "number" && ["call", "steps", "list"].includes(value.kind)) {
    if (!modulatable) {
      return err(
        `${spec.name} cannot be modulated; only a modulatable parameter takes ${WRITTEN[value.kind]}`,
        value,
      );
    }
    const meaning = shorthand(spec, value, registry);
    if (meaning) return meaning;
  }
  return plainValue(spec, value);
}

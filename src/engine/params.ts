/**
 * Parameter validation against a node definition's ParamSpecs, defaults, and the input ports that
 * modulatable parameters add. Used by patch loading, the inspector and the text syntax.
 */
import type {
  InputSpec,
  NodeDefinition,
  NumberParam,
  NumberListParam,
  ParamSpec,
  ParamValue,
  Params,
} from "./nodeDefinition";
import type { PatchIssue } from "./patch/errors";
import { pathKey, preview } from "./patch/path";

type Check = (value: unknown, path: string) => PatchIssue[];

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` in [${min}, ${max}]`;
  if (min !== undefined) return ` ≥ ${min}`;
  return max !== undefined ? ` ≤ ${max}` : "";
}

function checkNumber(spec: NumberParam): Check {
  return (value, path) => {
    const ok =
      isNumber(value) &&
      value >= spec.min &&
      value <= spec.max &&
      (!spec.integer || Number.isInteger(value));
    if (ok) return [];
    const what = spec.integer ? "a whole number" : "a number";
    return [
      { path, message: `expected ${what}${range(spec.min, spec.max)}, got ${preview(value)}` },
    ];
  };
}

function checkNumbers(spec: NumberListParam): Check {
  return (value, path) => {
    const expected = `a list of at most ${spec.maxLength} numbers`;
    if (!Array.isArray(value) || value.length > spec.maxLength) {
      return [{ path, message: `expected ${expected}, got ${preview(value)}` }];
    }
    const issues: PatchIssue[] = [];
    value.forEach((v: unknown, i) => {
      const inRange =
        isNumber(v) &&
        (spec.min === undefined || v >= spec.min) &&
        (spec.max === undefined || v <= spec.max);
      if (!inRange) {
        const message = `expected a number${range(spec.min, spec.max)}, got ${preview(v)}`;
        issues.push({ path: pathKey(path, i), message });
      }
    });
    return issues;
  };
}

const checkBreakpoints: Check = (value, path) => {
  if (!Array.isArray(value)) {
    return [{ path, message: `expected a list of [seconds, value] pairs, got ${preview(value)}` }];
  }
  const issues: PatchIssue[] = [];
  let previous = 0;
  value.forEach((pair: unknown, i) => {
    const at = pathKey(path, i);
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every(isNumber)) {
      issues.push({
        path: at,
        message: `expected a [seconds, value] pair of numbers, got ${preview(pair)}`,
      });
      return;
    }
    const t = pair[0] as number;
    if (t < previous) {
      const bound = i === 0 ? "≥ 0" : `≥ the previous time ${previous}`;
      issues.push({ path: pathKey(at, 0), message: `expected a time ${bound}, got ${t}` });
    }
    previous = Math.max(previous, t);
  });
  return issues;
};

function checkerFor(spec: ParamSpec): Check {
  const simple = (ok: (v: unknown) => boolean, what: string): Check => {
    return (value, path) =>
      ok(value) ? [] : [{ path, message: `expected ${what}, got ${preview(value)}` }];
  };
  switch (spec.kind) {
    case "number":
      return checkNumber(spec);
    case "enum":
      return simple(
        (v) => typeof v === "string" && spec.options.includes(v),
        `one of ${spec.options.map((o) => JSON.stringify(o)).join(", ")}`,
      );
    case "boolean":
      return simple((v) => typeof v === "boolean", "true or false");
    case "numbers":
      return checkNumbers(spec);
    case "string":
      return simple((v) => typeof v === "string", "a string");
    case "breakpoints":
      return checkBreakpoints;
  }
}

/**
 * Checks `params` against the definition's ParamSpecs, then the definition's own cross-parameter
 * `validate`. Missing params are fine (defaults apply); unknown names are issues. Paths are
 * below `path`, e.g. `patch.nodes[3].params` → `patch.nodes[3].params.angle`.
 */
export function validateParams(
  def: NodeDefinition,
  params: Readonly<Record<string, unknown>>,
  path: string,
): PatchIssue[] {
  const specs = new Map(def.params.map((p) => [p.name, p]));
  const issues: PatchIssue[] = [];
  for (const [name, value] of Object.entries(params)) {
    const spec = specs.get(name);
    if (!spec) {
      const known = def.params.map((p) => p.name);
      const hint = known.length ? `; parameters: ${known.join(", ")}` : "; it has no parameters";
      issues.push({
        path: pathKey(path, name),
        message: `unknown parameter of ${def.type}${hint}`,
      });
      continue;
    }
    issues.push(...checkerFor(spec)(value, pathKey(path, name)));
  }
  if (issues.length === 0 && def.validate) {
    const message = def.validate(resolveParams(def, params as Params));
    if (message !== undefined) issues.push({ path, message });
  }
  return issues;
}

/**
 * The definition's params with defaults filled in for the missing ones (the definition's
 * {@link NodeDefinition.impliedDefaults} first, then each spec's `default`); unknown names dropped.
 */
export function resolveParams(
  def: NodeDefinition,
  params: Readonly<Record<string, ParamValue | undefined>>,
): Params {
  const implied = def.impliedDefaults?.(params) ?? {};
  const resolved: Record<string, ParamValue> = {};
  for (const spec of def.params)
    resolved[spec.name] = params[spec.name] ?? implied[spec.name] ?? spec.default;
  return resolved;
}

/** The value `spec` would take if a node with `params` left it out. */
export function defaultOf(
  def: NodeDefinition,
  spec: ParamSpec,
  params: Readonly<Record<string, ParamValue | undefined>>,
): ParamValue {
  return def.impliedDefaults?.({ ...params, [spec.name]: undefined })[spec.name] ?? spec.default;
}

/**
 * The node's input ports: its declared inputs plus, for each modulatable number param, an
 * optional port of the same name accepting a scalar or a curve. Throws when a modulatable
 * param's name collides with another input (a bug in the definition).
 */
export function inputPorts(def: NodeDefinition): InputSpec[] {
  const ports: InputSpec[] = [...def.inputs];
  const names = new Set<string>();
  for (const port of ports) {
    if (names.has(port.name)) throw new Error(`${def.type}: two inputs are named "${port.name}"`);
    names.add(port.name);
  }
  for (const param of def.params) {
    if (param.kind !== "number" || !param.modulatable) continue;
    if (names.has(param.name)) {
      throw new Error(
        `${def.type}: modulatable parameter "${param.name}" collides with an input of that name`,
      );
    }
    names.add(param.name);
    ports.push({
      name: param.name,
      types: ["scalar", "curve"],
      optional: true,
      description: param.description,
    });
  }
  return ports;
}

/**
 * Node views generated from node definitions: what the canvas draws for a node (title, typed
 * sockets, one control per parameter by its kind). A pure function, so it is unit-tested without
 * a browser and no node type needs UI code of its own.
 */
import type {
  BoxFace,
  NodeDefinition,
  ParamSpec,
  ParamValue,
  Params,
} from "../../engine/nodeDefinition";
import type { PatchNode } from "../../engine/patch/schema";
import { nodeTitle } from "../../engine/patch/subpatch";
import { isRelevant } from "../../engine/paramRelevance";
import { inputPorts, resolveParams } from "../../engine/params";
import type { ValueType } from "../../engine/values";
import { paramText } from "./paramText";
import type { NodeTypes } from "./typeInference";

export interface SocketView {
  readonly name: string;
  /** The type shown (and coloured): what arrives or leaves, else the first accepted type. */
  readonly type: ValueType;
  readonly accepts: readonly ValueType[];
  readonly description: string;
  readonly optional: boolean;
}

interface ControlBase {
  readonly name: string;
  readonly description: string;
  /** True when a cable on the parameter's port drives it (the control is then read-only). */
  readonly driven: boolean;
  /** True when the value is the definition's default (folded nodes hide such controls). */
  readonly atDefault: boolean;
  /** False when an enum choice makes the parameter irrelevant (see `relevanceRule`). */
  readonly relevant: boolean;
}

export type ControlView = ControlBase &
  (
    | {
        readonly kind: "number";
        readonly value: number;
        readonly default: number;
        readonly min: number;
        readonly max: number;
        readonly step: number;
        readonly unit: string;
        /** Logarithmic sliders for wide positive ranges (Hz, seconds). */
        readonly scale: "linear" | "log";
      }
    | { readonly kind: "enum"; readonly value: string; readonly options: readonly string[] }
    | { readonly kind: "boolean"; readonly value: boolean }
    | {
        readonly kind: "choice";
        readonly value: string;
        readonly options: readonly { readonly value: string; readonly label: string }[];
      }
    | { readonly kind: "text"; readonly value: string }
    | {
        readonly kind: "list";
        readonly text: string;
        readonly placeholder: string;
        /** A breakpoints parameter's points, for the drawn curve editor. */
        readonly points?: readonly (readonly [number, number])[];
      }
  );

/** How many controls a folded node shows besides those set away from their default. */
export const FOLDED_CONTROLS = 4;

/** The controls that matter now: relevant to the enum choices made, or driven by a cable. */
export function shownControls(controls: readonly ControlView[]): ControlView[] {
  return controls.filter((c) => c.relevant || c.driven);
}

/** The controls a folded node shows: the first few that matter, and every one changed or driven. */
export function foldedControls(controls: readonly ControlView[]): ControlView[] {
  return shownControls(controls).filter((c, i) => i < FOLDED_CONTROLS || !c.atDefault || c.driven);
}

export { relevanceRule, type RelevanceRule } from "../../engine/paramRelevance";

export interface NodeView {
  readonly id: string;
  /** The node type, e.g. "Encode" or "subpatch:group1". */
  readonly type: string;
  /** What the card is titled: the type, or a subpatch instance's subpatch name. */
  readonly title: string;
  readonly description: string;
  readonly inputs: readonly SocketView[];
  readonly outputs: readonly SocketView[];
  readonly controls: readonly ControlView[];
  /** A cross-parameter problem the definition reports (e.g. "no asset is chosen"). */
  readonly problem: string | undefined;
  /** A control box's face (Number, Message, Toggle, Bang) and the params it reads. */
  readonly face?: FaceView;
}

/** What a box face draws: the definition's face, the node's params, and whether a cable drives it. */
export interface FaceView {
  readonly spec: BoxFace;
  readonly params: Params;
  /** True when a cable on the face's parameter port plays instead of the face. */
  readonly driven: boolean;
}

/** The parameters a face edits itself: the card draws no other control for them. */
export function faceParams(face: BoxFace | undefined): readonly string[] {
  if (!face) return [];
  // A message's value stays an ordinary field: its face only sends.
  return face.kind === "message" ? [face.sends] : [face.param];
}

/** What pickers offer: the patch's asset ids and the model ids the app knows. */
export interface ViewContext {
  readonly assetIds: readonly string[];
  readonly modelIds: readonly string[];
  readonly defaultModelId: string;
}

function choices(spec: ParamSpec & { kind: "string" }, value: string, ctx: ViewContext) {
  const ids = spec.refers === "asset" ? ctx.assetIds : ctx.modelIds;
  const first =
    spec.refers === "asset"
      ? { value: "", label: "(none)" }
      : { value: "", label: `default (${ctx.defaultModelId})` };
  const options = ids.filter((id) => id !== "").map((id) => ({ value: id, label: id }));
  // The patch's value stays choosable, marked, when nothing here provides it.
  if (value !== "" && !ids.includes(value)) {
    const why = spec.refers === "asset" ? "missing" : "not loaded";
    options.push({ value, label: `${value} (${why})` });
  }
  return [first, ...options];
}

function controlOf(
  spec: ParamSpec,
  value: ParamValue,
  driven: boolean,
  relevant: boolean,
  ctx: ViewContext,
): ControlView {
  const atDefault = JSON.stringify(value) === JSON.stringify(spec.default);
  const base = { name: spec.name, description: spec.description, driven, atDefault, relevant };
  switch (spec.kind) {
    case "number": {
      const span = spec.max - spec.min;
      const step = spec.step ?? (spec.integer ? 1 : span / 1000);
      const log = spec.min > 0 && spec.max / spec.min >= 1000 && !spec.integer;
      return {
        ...base,
        kind: "number",
        value: value as number,
        default: spec.default,
        min: spec.min,
        max: spec.max,
        step,
        unit: spec.unit ?? "",
        scale: log ? "log" : "linear",
      };
    }
    case "enum":
      return { ...base, kind: "enum", value: value as string, options: spec.options };
    case "boolean":
      return { ...base, kind: "boolean", value: value as boolean };
    case "string":
      if (spec.refers === undefined) return { ...base, kind: "text", value: value as string };
      return {
        ...base,
        kind: "choice",
        value: value as string,
        options: choices(spec, value as string, ctx),
      };
    case "numbers":
      return { ...base, kind: "list", text: paramText(value), placeholder: "[0.5, -1]" };
    case "breakpoints":
      return {
        ...base,
        kind: "list",
        text: paramText(value),
        placeholder: "[[0, 0], [2, 1]]",
        points: value as readonly (readonly [number, number])[],
      };
  }
}

/** The view of `node`, an instance of `def`, given the inferred socket types and what is wired. */
export function nodeView(
  def: NodeDefinition,
  node: PatchNode,
  types: NodeTypes | undefined,
  connectedInputs: ReadonlySet<string>,
  ctx: ViewContext,
): NodeView {
  const params = resolveParams(def, node.params);
  const inputs = inputPorts(def).map((p) => ({
    name: p.name,
    type: types?.inputs[p.name] ?? p.types[0] ?? "scalar",
    accepts: p.types,
    description: p.description,
    optional: p.optional ?? false,
  }));
  const outputs = def.outputs.map((o) => ({
    name: o.name,
    type: types?.outputs[o.name] ?? (typeof o.type === "string" ? o.type : "latent"),
    accepts: [],
    description: o.description,
    optional: false,
  }));
  const controls = def.params.map((spec) =>
    controlOf(
      spec,
      params[spec.name] ?? spec.default,
      connectedInputs.has(spec.name),
      isRelevant(def, spec, params),
      ctx,
    ),
  );
  let problem: string | undefined;
  try {
    problem = def.validate?.(params);
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
  }
  return {
    id: node.id,
    type: def.type,
    title: nodeTitle(def),
    description: def.description,
    inputs,
    outputs,
    controls,
    problem,
    ...(def.face && {
      face: { spec: def.face, params, driven: connectedInputs.has(def.face.param) },
    }),
  };
}

/**
 * The declarative node definition: the single source of truth read by the engine, patch
 * validation, the canvas UI, the text syntax and the node reference. One file per node type in
 * `src/nodes/`.
 */
import type { Value, ValueType } from "./values";
import type { LoadedModel } from "./models/types";

export type NodeCategory =
  | "source"
  /** Boxes a composer clicks, drags or types into (Number, Message, Toggle, Bang). */
  | "control"
  | "model"
  | "algebra"
  | "transform"
  | "codebook"
  /** Audio effects on `audio` cables (filters, delay, reverb, …). */
  | "effect"
  | "output"
  /** Instances of the patch's own subpatch definitions (see patch/subpatch.ts). */
  | "subpatch";

export interface InputSpec {
  readonly name: string;
  /** Types this port accepts. */
  readonly types: readonly ValueType[];
  readonly optional?: boolean;
  /**
   * Read only when fitting (a LearnedOp's example pairs), never while playing: the graph compiler
   * drops cables into such a port, and the nodes that only feed them (`fitOnly.ts`).
   */
  readonly fitOnly?: boolean;
  readonly description: string;
}

export interface OutputSpec {
  readonly name: string;
  /** A fixed type, or one derived from the types actually wired into the inputs. */
  readonly type:
    ValueType | ((inputTypes: Readonly<Record<string, ValueType | undefined>>) => ValueType);
  readonly description: string;
}

interface ParamBase {
  readonly name: string;
  readonly description: string;
}

export interface NumberParam extends ParamBase {
  readonly kind: "number";
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly step?: number;
  readonly unit?: string;
  readonly integer?: boolean;
  /**
   * When true the engine adds an optional input port of the same name accepting a `scalar` or a
   * `curve`; a cable there overrides the parameter, frame by frame.
   */
  readonly modulatable?: boolean;
}

export interface EnumParam extends ParamBase {
  readonly kind: "enum";
  readonly default: string;
  readonly options: readonly string[];
}

export interface BooleanParam extends ParamBase {
  readonly kind: "boolean";
  readonly default: boolean;
}

/** A list of numbers, e.g. a raw latent direction or knob positions. */
export interface NumberListParam extends ParamBase {
  readonly kind: "numbers";
  readonly default: readonly number[];
  readonly maxLength: number;
  readonly min?: number;
  readonly max?: number;
}

/** Free text: a model id (empty means the default model), an asset id. */
export interface StringParam extends ParamBase {
  readonly kind: "string";
  readonly default: string;
  /** What the string names, so the UI can offer a picker. */
  readonly refers?: "model" | "asset";
}

/** Breakpoints `[seconds, value]`, times non-decreasing. */
export interface BreakpointsParam extends ParamBase {
  readonly kind: "breakpoints";
  readonly default: readonly (readonly [number, number])[];
}

export type ParamSpec =
  NumberParam | EnumParam | BooleanParam | NumberListParam | StringParam | BreakpointsParam;

export type ParamValue =
  number | string | boolean | readonly number[] | readonly (readonly [number, number])[];

export type Params = Readonly<Record<string, ParamValue>>;

/** The patch clock shared by every node of one render. */
export interface Clock {
  readonly sampleRate: number;
  /** Audio samples per latent frame. */
  readonly hopSamples: number;
  readonly frameRate: number;
}

/**
 * An asset's sound on the clock's sample rate, read on demand by sample range: held whole in
 * memory (the app, embedded sounds) or read from its file as it plays (the CLI's render), with
 * the same samples either way.
 */
export interface AssetAudio {
  readonly sampleRate: number;
  readonly channelCount: number;
  /** Samples per channel. */
  readonly length: number;
  /**
   * Samples [start, start + count) of every channel, `count` each: zeros outside the sound.
   * Rejects with a message naming the file when it cannot be read.
   */
  read(start: number, count: number): Promise<Float32Array[]>;
}

/** Audio assets, resampled to the clock's sample rate. */
export interface AssetStore {
  /** Throws naming the asset (and the patch's assets) when the patch has no such asset. */
  audio(assetId: string): AssetAudio;
}

/** Models referenced by the patch, loaded before nodes are created. */
export interface ModelStore {
  readonly defaultModelId: string;
  /** Throws with a clear message if the model is not loaded. `""` means the default model. */
  get(modelId: string): LoadedModel;
}

/** Live input (a microphone or line-in) for sources in live mode; only a live stream has one. */
export interface LiveInput {
  /** The input under the block now being rendered: `samples` mono samples at the clock's rate. */
  block(samples: number): Float32Array;
}

export interface NodeEnv {
  readonly clock: Clock;
  readonly models: ModelStore;
  readonly assets: AssetStore;
  /** Absent offline (render, CLI): a live source must say it cannot play there. */
  readonly live?: LiveInput;
  /** The node's id in the patch, for error messages. */
  readonly nodeId: string;
}

export interface BlockContext {
  /** First frame of this block on the patch clock. */
  readonly startFrame: number;
  /** Frames in this block; audio blocks hold `frames * clock.hopSamples` samples. */
  readonly frames: number;
  readonly clock: Clock;
  /**
   * A number parameter at frame `i` of this block: the value of the cable on its port when one is
   * connected (a curve is read frame by frame), else the parameter.
   */
  param(name: string, i?: number): number;
  /**
   * The transport position in beats at frame `i` of this block (fractional `i` allowed): integrated
   * from the tempo, so it never jumps when the tempo changes while playing.
   */
  beat(i?: number): number;
  /** The tempo in beats per minute at frame `i` of this block. */
  bpm(i?: number): number;
}

export type Inputs = Readonly<Record<string, Value | undefined>>;
export type Outputs = Record<string, Value>;

export interface NodeInstance {
  /**
   * Block mode: called once per block, blocks in order, and may keep state between calls.
   * Whole mode: called once with every input covering the whole render.
   */
  process(inputs: Inputs, block: BlockContext): Outputs | Promise<Outputs>;
  /** Samples by which this node delays audio passing through it (e.g. a decoder's overlap-add). */
  readonly latencySamples?: number;
  /** For sources: how long the material is, in samples at the clock's rate. */
  readonly durationSamples?: number;
  dispose?(): void;
}

/**
 * A control box drawn on a node's card in place of the controls of the parameters it names: what
 * a click, a drag or typing does, always as an edit of those parameters (saved in the patch,
 * undoable, streamed to a playing patch like any parameter change).
 */
export type BoxFace =
  /** A number dragged vertically (by the `step` param per pixel) or typed: sets `param`. */
  | { readonly kind: "number"; readonly param: string }
  /** A message showing the list `param` (edited in its own field): a click copies it into `sends`. */
  | { readonly kind: "message"; readonly param: string; readonly sends: string }
  /** A toggle: a click flips the boolean `param`. */
  | { readonly kind: "toggle"; readonly param: string }
  /** A bang: a click sets `param` to the beat its pulse will be heard at. */
  | { readonly kind: "bang"; readonly param: string };

export interface NodeDefinition<P extends Params = Params> {
  /** PascalCase type name used in patch files, e.g. "FiLMRRotate". */
  readonly type: string;
  readonly category: NodeCategory;
  /** One line, shown in the palette and the node reference. */
  readonly description: string;
  /** Where the operation comes from (a seed paper, a section), shown in its help and reference. */
  readonly reference?: string;
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly OutputSpec[];
  readonly params: readonly ParamSpec[];
  /** "block" (default) streams block by block; "whole" needs its inputs complete (e.g. a time average). */
  readonly mode?: "block" | "whole";
  /**
   * True for a source that reads the transport (`block.beat`): a stream runs it block by block
   * instead of computing it once ahead, so a tempo change while playing is heard.
   */
  readonly followsTempo?: boolean;
  /**
   * True when the node reads every number parameter per block (`block.param`), none at `create`:
   * a live change to number parameters alone then keeps the running instance and its state (a
   * reverb's tail, a delay's echoes) instead of starting a fresh one.
   */
  readonly retunable?: boolean;
  /**
   * True for a source whose parameters decide what a stream is made of (AudioIn: the file, the
   * test tone's length, the live input): a change while playing reloads the graph. Other sources
   * (Curve, LFO, Steps) are recomputed in place, like any parameter change.
   */
  readonly paramsReload?: boolean;
  /** Draws the node as a control box (see {@link BoxFace}) rather than one control per param. */
  readonly face?: BoxFace;
  /**
   * Defaults that depend on the parameters a node sets, for those it leaves out (AudioIn: naming
   * an asset without a `source` plays the asset). Read by `resolveParams` before each spec's own
   * `default`, so a patch never means something other than what it names.
   */
  impliedDefaults?(
    given: Readonly<Record<string, ParamValue | undefined>>,
  ): Partial<Record<string, ParamValue>>;
  /** Checks across parameters that ranges cannot express; returns a message or undefined. */
  validate?(params: P): string | undefined;
  create(params: P, env: NodeEnv): NodeInstance | Promise<NodeInstance>;
}

/** Identity helper that keeps the parameter type of a definition. */
export function defineNode<P extends Params>(def: NodeDefinition<P>): NodeDefinition<P> {
  return def;
}

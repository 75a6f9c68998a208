/**
 * What a patch edit means for the patch playing live: nothing (a move, a rename), new parameters
 * for some nodes (sent to the worker, heard after a short crossfade), or a new graph (reloaded
 * in the worker, crossfaded from the old one).
 */
import { patchTransport, type Patch } from "../../engine/patch/schema";
import { retriggeredNodes } from "../../engine/patch/performSchema";
import type { NodeRegistry } from "../../engine/patch/registry";
import type { NodeDefinition, ParamValue } from "../../engine/nodeDefinition";
import { isSubpatchDefinition, patchRegistry } from "../../engine/patch/subpatch";

export type LiveChange =
  | { readonly kind: "none" }
  | {
      readonly kind: "params";
      /** Every parameter of each changed node (the worker merges them over what it has). */
      readonly nodes: readonly {
        readonly nodeId: string;
        readonly params: Readonly<Record<string, ParamValue>>;
      }[];
    }
  | { readonly kind: "reload" };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether param `key` of a node of definition `def` belongs to a source whose parameters make
 * the stream (an AudioIn's file or length, see `paramsReload`): the node itself, or in a subpatch
 * instance the inner node it names (`"<innerId>.<param>"`, nested as deep as needed). A Curve's
 * points, an LFO's rate or a Steps' values are recomputed in the playing stream instead.
 */
function isSourceParam(def: NodeDefinition | undefined, key: string): boolean {
  if (!def) return false;
  if (!isSubpatchDefinition(def)) return def.category === "source" && def.paramsReload === true;
  const dot = key.indexOf(".");
  if (dot < 0) return false;
  return isSourceParam(def.innerDefinitions.get(key.slice(0, dot)), key.slice(dot + 1));
}

/**
 * Whether param `key` names a model (an Encode's, a Decode's, …), inside a subpatch instance too:
 * a new model is a new graph (its cables' latents change), compiled and checked as a whole, so a
 * half-done change (the Encode on the new model, its Decode still on the old) is refused while
 * the old version plays on, instead of failing inside the playing stream.
 */
function isModelParam(def: NodeDefinition | undefined, key: string): boolean {
  if (!def) return false;
  if (!isSubpatchDefinition(def)) {
    const spec = def.params.find((p) => p.name === key);
    return spec?.kind === "string" && spec.refers === "model";
  }
  const dot = key.indexOf(".");
  if (dot < 0) return false;
  return isModelParam(def.innerDefinitions.get(key.slice(0, dot)), key.slice(dot + 1));
}

/**
 * Compares what the worker plays (`before`) with the edited patch (`after`). Any change to the
 * nodes, cables, assets, subpatch definitions, model or loop length (in bars: a tempo or bar
 * change while the loop is in bars too) reloads; so does a retrigger mapping learned or removed
 * (the stream must know to wait for notes past its material's end), and a parameter of a source
 * that makes the stream (an AudioIn's) or a model choice, inside a subpatch instance too (a new
 * sound file, a new graph). Other parameter changes, a Curve's points included, are streamed.
 */
export function liveChange(before: Patch, after: Patch, registry: NodeRegistry): LiveChange {
  if (before === after) return { kind: "none" };
  const [tb, ta] = [patchTransport(before), patchTransport(after)];
  if (
    before.model !== after.model ||
    // The loop length is fixed when a stream is made; a tempo alone is sent without a reload.
    tb.loopBars !== ta.loopBars ||
    (ta.loopBars !== undefined && (tb.beatsPerBar !== ta.beatsPerBar || tb.bpm !== ta.bpm)) ||
    !same(before.assets, after.assets) ||
    !same(before.connections, after.connections) ||
    !same(before.subpatches, after.subpatches) ||
    before.nodes.length !== after.nodes.length ||
    // A note can now (or no longer) start a source again: the stream holds open for notes.
    !same(retriggeredNodes(before.perform), retriggeredNodes(after.perform))
  )
    return { kind: "reload" };
  const types = patchRegistry(registry, after.subpatches);
  const nodes: { nodeId: string; params: Readonly<Record<string, ParamValue>> }[] = [];
  for (let i = 0; i < after.nodes.length; i++) {
    const a = before.nodes[i]!;
    const b = after.nodes[i]!;
    if (a.id !== b.id || a.type !== b.type) return { kind: "reload" };
    if (same(a.params, b.params)) continue;
    const def = types.get(b.type);
    const changed = Object.keys({ ...a.params, ...b.params }).filter(
      (k) => !same(a.params[k], b.params[k]),
    );
    if (changed.some((k) => isSourceParam(def, k) || isModelParam(def, k)))
      return { kind: "reload" };
    nodes.push({ nodeId: b.id, params: b.params });
  }
  return nodes.length > 0 ? { kind: "params", nodes } : { kind: "none" };
}

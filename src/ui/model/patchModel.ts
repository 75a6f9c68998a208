/**
 * The open patch as the UI edits it: the single source of truth the canvas, the inspectors, the
 * transport and autosave read. Every edit is a new immutable `Patch` pushed on the undo history;
 * listeners hear about each change. Pure TypeScript, no DOM.
 */
import type {
  Patch,
  PatchAsset,
  PatchComment,
  PatchNode,
  PatchParamValue,
} from "../../engine/patch/schema";
import type { NodeRegistry } from "../../engine/patch/registry";
import { splitEndpoint, type Endpoint } from "../../engine/patch/endpoint";
import { validateParams } from "../../engine/params";
import type { ParamValue } from "../../engine/nodeDefinition";
import { History } from "./history";
import { freshNodeId, type Position } from "./ids";
import { copyToPatch, pasteInto } from "./clipboard";
import { endpointKey, refuseConnection } from "./connectionRules";
import { arrangeNodes, type Size } from "./arrange";
import { refuseCommentText, withComment, withCommentChanged, withoutComments } from "./comments";
import { patchRegistry } from "../../engine/patch/subpatch";
import { performForNodes } from "../../engine/patch/performSchema";
import { groupNodes, renameSubpatch, ungroupNode, type Grouped } from "./subpatchEdit";
import { withTransport, type TransportChange } from "./transportEdit";

export { freshNodeId, type Position };
export type Outcome = { ok: true } | { ok: false; message: string };

/** What one Delete removes: nodes (with their cables), comments and single cables. */
export interface Removal {
  readonly nodes?: readonly string[];
  readonly comments?: readonly string[];
  readonly cables?: readonly { readonly from: string; readonly to: string }[];
}

const OK: Outcome = { ok: true };
const refused = (message: string): Outcome => ({ ok: false, message });

export class PatchModel {
  private readonly history: History<Patch>;
  private readonly listeners = new Set<(patch: Patch) => void>();
  private openCount = 0;

  constructor(
    readonly registry: NodeRegistry,
    patch: Patch,
  ) {
    this.history = new History(patch);
  }

  get patch(): Patch {
    return this.history.current;
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  readonly subscribe = (listener: (patch: Patch) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The node types of the open patch: the registry's and its subpatches (`"subpatch:<id>"`). */
  get defs(): NodeRegistry {
    return patchRegistry(this.registry, this.patch.subpatches);
  }

  /** The patch to save, render or autosave (parsePatch accepts it). */
  toPatch(): Patch {
    return this.patch;
  }

  node(id: string): PatchNode | undefined {
    return this.patch.nodes.find((n) => n.id === id);
  }

  /** Adds a node of `type` with default params; returns its id. */
  addNode(type: string, position: Position): string {
    if (!this.defs.get(type)) throw new Error(`unknown node type "${type}"`);
    const id = freshNodeId(type, new Set(this.patch.nodes.map((n) => n.id)));
    const node: PatchNode = { id, type, params: {}, position: [position[0], position[1]] };
    this.commit({ ...this.patch, nodes: [...this.patch.nodes, node] });
    return id;
  }

  /**
   * Adds the audio asset `assetId` and an AudioIn node playing it at `position`, in one undo step;
   * returns the node's id. An asset id already in the patch is replaced.
   */
  addAudioAsset(assetId: string, entry: PatchAsset, position: Position): string {
    const id = freshNodeId("AudioIn", new Set(this.patch.nodes.map((n) => n.id)));
    const node: PatchNode = {
      id,
      type: "AudioIn",
      params: { source: "asset", asset: assetId },
      position: [position[0], position[1]],
    };
    const assets = { ...this.patch.assets, [assetId]: entry };
    this.commit({ ...this.patch, assets, nodes: [...this.patch.nodes, node] });
    return id;
  }

  /** Removes nodes and every cable touching them, in one undo step. */
  removeNodes(ids: readonly string[]): void {
    this.remove({ nodes: ids });
  }

  /**
   * Removes nodes (with every cable touching them), comments and cables (`from`/`to` as in the
   * patch, "node.port") in one undo step; ids not in the patch are skipped.
   */
  remove({ nodes = [], comments = [], cables = [] }: Removal): void {
    const gone = new Set(nodes.filter((id) => this.node(id)));
    const cut = new Set(cables.map((c) => `${c.from}>${c.to}`));
    const touches = (end: string) => gone.has(splitEndpoint(end).node);
    const connections = this.patch.connections.filter(
      (c) => !touches(c.from) && !touches(c.to) && !cut.has(`${c.from}>${c.to}`),
    );
    const nodesLeft = this.patch.nodes.filter((n) => !gone.has(n.id));
    // Snapshot values, MIDI mappings and favourites of a deleted node go with it.
    const perform =
      this.patch.perform &&
      performForNodes(this.patch.perform, new Set(nodesLeft.map((n) => n.id)));
    const next = withoutComments(
      { ...this.patch, nodes: nodesLeft, ...(perform ? { perform } : {}) },
      new Set(comments),
    );
    const unchanged =
      gone.size === 0 &&
      connections.length === this.patch.connections.length &&
      next.comments?.length === this.patch.comments?.length;
    if (!unchanged) this.commit({ ...next, connections });
  }

  comment(id: string): PatchComment | undefined {
    return this.patch.comments?.find((c) => c.id === id);
  }

  /** Adds a comment box saying `text` at `position`; returns its id. */
  addComment(position: Position, text: string): string {
    const why = refuseCommentText(text);
    if (why !== undefined) throw new Error(why);
    const { patch, id } = withComment(this.patch, text, position);
    this.commit(patch);
    return id;
  }

  /** Changes what comment `id` says, or says why not (the patch is then unchanged). */
  setCommentText(id: string, text: string): Outcome {
    if (!this.comment(id)) return refused(`no comment "${id}"`);
    const why = refuseCommentText(text);
    if (why !== undefined) return refused(why);
    const next = withCommentChanged(this.patch, id, (c) => ({ ...c, text }));
    if (next !== this.patch) this.commit(next);
    return OK;
  }

  /** Renames the patch (its `name`, shown in the toolbar and saved in the file), or says why not. */
  /**
   * Changes the tempo, beats per bar or loop length (saved in the patch, undoable); edits of one
   * `gesture` (a drag of the tempo) make one undo step. Refuses values the format does not allow.
   */
  setTransport(change: TransportChange, gesture?: string): Outcome {
    const next = withTransport(this.patch, change);
    if (typeof next === "string") return refused(next);
    if (next !== this.patch) this.commit(next, gesture && `transport:${gesture}`);
    return OK;
  }

  rename(name: string): Outcome {
    const trimmed = name.trim();
    if (trimmed === "") return refused("a patch name cannot be empty");
    if (trimmed !== this.patch.name) this.commit({ ...this.patch, name: trimmed });
    return OK;
  }

  /**
   * Adds the cable `from → to`, or says why not (the patch is then unchanged). An input takes
   * one cable: a cable to an input that already has one replaces it, in the same undo step (as
   * in most node editors), when the new cable is valid without the old one.
   */
  connect(from: Endpoint, to: Endpoint): Outcome {
    const target = endpointKey(to);
    const freed = {
      ...this.patch,
      connections: this.patch.connections.filter((c) => c.to !== target),
    };
    const why = refuseConnection(freed, this.defs, from, to);
    if (why !== undefined) return refused(why);
    const cable = { from: endpointKey(from), to: target };
    if (freed.connections.length < this.patch.connections.length) {
      const old = this.patch.connections.find((c) => c.to === target)!;
      if (old.from === cable.from) return OK;
    }
    this.commit({ ...freed, connections: [...freed.connections, cable] });
    return OK;
  }

  disconnect(from: Endpoint, to: Endpoint): void {
    const [f, t] = [endpointKey(from), endpointKey(to)];
    const kept = this.patch.connections.filter((c) => c.from !== f || c.to !== t);
    if (kept.length !== this.patch.connections.length) {
      this.commit({ ...this.patch, connections: kept });
    }
  }

  /**
   * Sets one parameter after checking it against its spec. Changes with the same `gesture` key
   * (one slider drag) coalesce into a single undo step. Cross-parameter rules (the definition's
   * `validate`) do not refuse an edit: the node shows them until they are resolved.
   */
  setParam(nodeId: string, name: string, value: ParamValue, gesture?: string): Outcome {
    const node = this.node(nodeId);
    const def = this.defs.get(node?.type ?? "");
    if (!node || !def) return refused(`no node "${nodeId}"`);
    const specOnly = { ...def, validate: undefined };
    const issue = validateParams(specOnly, { [name]: value }, `${nodeId}.params`)[0];
    if (issue) return refused(`${issue.path}: ${issue.message}`);
    if (node.params[name] === value) return OK;
    const params = { ...node.params, [name]: value as PatchParamValue };
    const key = gesture === undefined ? undefined : `param:${nodeId}.${name}:${gesture}`;
    this.replaceNode({ ...node, params }, key);
    return OK;
  }

  /**
   * Moves nodes and comments (one drag of a selection, one auto-arrange: one undo step).
   * `moves` is keyed by node id, `commentMoves` by comment id.
   */
  move(
    moves: ReadonlyMap<string, Position>,
    commentMoves: ReadonlyMap<string, Position> = new Map(),
  ): void {
    const nodesMoved = this.patch.nodes.some((n) => {
      const to = moves.get(n.id);
      return to && (n.position?.[0] !== to[0] || n.position[1] !== to[1]);
    });
    const nodes = nodesMoved
      ? this.patch.nodes.map((n) => {
          const to = moves.get(n.id);
          return to ? { ...n, position: [to[0], to[1]] as [number, number] } : n;
        })
      : this.patch.nodes;
    let next: Patch = { ...this.patch, nodes };
    for (const [id, to] of commentMoves) {
      next = withCommentChanged(next, id, (c) => ({ ...c, position: [to[0], to[1]] }));
    }
    if (nodesMoved || next.comments !== this.patch.comments) this.commit(next);
  }

  /**
   * Lays the nodes out left to right by graph depth, without overlaps (see arrangeNodes), one
   * undo step; `sizes` are the nodes' drawn sizes. Comments stay where they are.
   */
  arrange(sizes: ReadonlyMap<string, Size>): void {
    this.move(arrangeNodes(this.patch, sizes));
  }

  /**
   * The clipboard patch for the nodes `ids` and comments `commentIds` (see copyToPatch);
   * undefined if none exists.
   */
  copy(ids: readonly string[], commentIds: readonly string[] = []): Patch | undefined {
    return copyToPatch(this.patch, ids, this.registry, commentIds);
  }

  /**
   * Merges the clipboard patch `clip` in, one undo step (see pasteInto); returns the new nodes'
   * ids. `clip` must have passed parsePatch.
   */
  paste(clip: Patch, at?: Position): string[] {
    if (clip.nodes.length === 0 && (clip.comments ?? []).length === 0) return [];
    const { patch, ids } = pasteInto(this.patch, clip, this.registry, at);
    this.commit(patch);
    return ids;
  }

  /** Copies the nodes `ids` then pastes them PASTE_OFFSET away, one undo step; the new ids. */
  duplicate(ids: readonly string[]): string[] {
    const clip = this.copy(ids);
    return clip ? this.paste(clip) : [];
  }

  /**
   * Groups the nodes `ids` into a new subpatch with one instance in their place (see
   * groupNodes), one undo step; or says why not.
   */
  group(ids: readonly string[]): ({ ok: true } & Grouped) | { ok: false; message: string } {
    const result = groupNodes(this.patch, ids);
    if (result.ok) this.commit(result.patch);
    return result;
  }

  /**
   * Expands the subpatch instances `ids` into their nodes (see ungroupNode), one undo step;
   * the new nodes' ids, or why not (the patch is then unchanged).
   */
  ungroup(ids: readonly string[]): { ok: true; ids: string[] } | { ok: false; message: string } {
    if (ids.length === 0) return { ok: false, message: "select a subpatch to ungroup first" };
    let patch = this.patch;
    const added: string[] = [];
    for (const id of ids) {
      const result = ungroupNode(patch, id);
      if (!result.ok) return result;
      patch = result.patch;
      added.push(...result.ids);
    }
    this.commit(patch);
    return { ok: true, ids: added };
  }

  /** Renames the subpatch `id`, or says why not. */
  renameSubpatch(id: string, name: string): Outcome {
    const result = renameSubpatch(this.patch, id, name);
    if (!result.ok) return result;
    if (result.patch !== this.patch) this.commit(result.patch);
    return OK;
  }

  /** How many times a patch was opened (replaced whole) in this model. */
  get opens(): number {
    return this.openCount;
  }

  /** Replaces the whole patch (a file was opened): a fresh history. */
  open(patch: Patch): void {
    this.openCount++;
    this.history.reset(patch);
    this.notify();
  }

  /**
   * Replaces the patch with `next`, an edit made outside the canvas (the text view applying its
   * text, a snapshot recall, a MIDI control, the tempo); `next` must have passed parsePatch.
   * Edits with the same `coalesceKey` in a row are one undo step.
   */
  update(next: Patch, coalesceKey?: string): void {
    if (next !== this.patch) this.commit(next, coalesceKey);
  }

  /** Ends a gesture so the next change of the same control is a new undo step. */
  endGesture(): void {
    this.history.seal();
  }

  undo(): void {
    if (this.history.undo()) this.notify();
  }

  redo(): void {
    if (this.history.redo()) this.notify();
  }

  private replaceNode(node: PatchNode, coalesceKey?: string): void {
    const nodes = this.patch.nodes.map((n) => (n.id === node.id ? node : n));
    this.commit({ ...this.patch, nodes }, coalesceKey);
  }

  /** Makes `next` current, one undo step (or part of the step of `coalesceKey`). */
  protected commit(next: Patch, coalesceKey?: string): void {
    this.history.commit(next, coalesceKey);
    this.notify();
  }

  protected notify(): void {
    for (const listener of this.listeners) listener(this.patch);
  }
}

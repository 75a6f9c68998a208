/**
 * The graph the canvas edits: the top patch, or a subpatch definition opened in place (a path of
 * subpatch ids, "chain › inner"). It is a PatchModel whose `patch` is that graph (graphScope.ts),
 * so every edit the canvas and the edit commands make works the same at any depth; an edit inside
 * is written back into the definition and committed to the top model as one undo step. Undo,
 * redo and listeners are the top model's. Pure TypeScript, no DOM.
 */
import type { Patch } from "../../engine/patch/schema";
import type { NodeRegistry } from "../../engine/patch/registry";
import { subpatchIdOf } from "../../engine/patch/subpatch";
import { graphView, registryOf, writeBack } from "./graphScope";
import { PatchModel, type Outcome } from "./patchModel";

export class ScopedModel extends PatchModel {
  private path: readonly string[] = [];
  private entered = 0;
  private topOpens: number;
  private cached: { top: Patch; path: readonly string[]; view: Patch | undefined } | undefined;
  /** Says why an edit inside a subpatch was refused (the patch is then unchanged). */
  onRefused: (message: string) => void = () => {};

  constructor(readonly top: PatchModel) {
    super(top.registry, top.patch);
    this.topOpens = top.opens;
    top.subscribe(() => {
      // A file opened (or New): back to its top, which the app then fits as an opened file.
      if (top.opens !== this.topOpens) {
        this.topOpens = top.opens;
        if (this.path.length > 0) this.path = [];
      }
      const ids = new Set((top.patch.subpatches ?? []).map((s) => s.id));
      const valid = this.path.findIndex((id) => !ids.has(id));
      if (valid !== -1) this.setPath(this.path.slice(0, valid));
      this.notify();
    });
  }

  /** The subpatch ids from the top patch down to the graph shown; empty at the top. */
  get scope(): readonly string[] {
    return this.path;
  }

  /** How many times the user entered or left a subpatch (not counting a file opened). */
  get scopeChanges(): number {
    return this.entered;
  }

  /** The subpatch `scope` opens, at any depth; the top patch for `[]`. */
  enter(scope: readonly string[]): Outcome {
    const missing = scope.find((id) => !this.top.patch.subpatches?.some((s) => s.id === id));
    if (missing !== undefined) return { ok: false, message: `no subpatch "${missing}"` };
    if (scope.join("/") === this.path.join("/")) return { ok: true };
    this.setPath(scope);
    this.notify();
    return { ok: true };
  }

  /** Opens the definition of the subpatch instance `nodeId` of the graph shown. */
  enterInstance(nodeId: string): Outcome {
    const id = subpatchIdOf(this.node(nodeId)?.type ?? "");
    if (id === undefined) return { ok: false, message: `"${nodeId}" is not a subpatch` };
    return this.enter([...this.path, id]);
  }

  /** Back one level; false at the top. */
  leave(): boolean {
    if (this.path.length === 0) return false;
    this.enter(this.path.slice(0, -1));
    return true;
  }

  private setPath(path: readonly string[]): void {
    this.path = path;
    this.entered++;
  }

  override get patch(): Patch {
    const top = this.top.patch;
    const subId = this.path.at(-1);
    if (subId === undefined) return top;
    if (this.cached?.top !== top || this.cached.path !== this.path) {
      this.cached = { top, path: this.path, view: graphView(top, subId, this.registry) };
    }
    return this.cached.view ?? top;
  }

  override get defs(): NodeRegistry {
    return registryOf(this.patch, this.registry);
  }

  override get canUndo(): boolean {
    return this.top.canUndo;
  }

  override get canRedo(): boolean {
    return this.top.canRedo;
  }

  /** The top patch, whatever graph is shown. */
  override toPatch(): Patch {
    return this.top.toPatch();
  }

  /** Counts entering and leaving subpatches too: the canvas shows a new graph then. */
  override get opens(): number {
    return this.top.opens + this.entered;
  }

  override open(patch: Patch): void {
    this.top.open(patch);
  }

  override endGesture(): void {
    this.top.endGesture();
  }

  override undo(): void {
    this.top.undo();
  }

  override redo(): void {
    this.top.redo();
  }

  protected override commit(next: Patch, coalesceKey?: string): void {
    const subId = this.path.at(-1);
    if (subId === undefined) return this.top.update(next, coalesceKey);
    const result = writeBack(this.top.patch, subId, next, this.registry);
    if (!result.ok) {
      this.onRefused(result.message);
      this.notify(); // the canvas puts back what it drew ahead of the model
      return;
    }
    if (result.patch === this.top.patch) return this.notify();
    this.top.update(result.patch, coalesceKey && `${this.path.join("/")}:${coalesceKey}`);
  }
}

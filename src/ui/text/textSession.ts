/**
 * The text view's editor and its link to the patch model: a canvas edit rewrites the text unless
 * the text has unapplied edits (then it is marked modified); Ctrl-Enter applies the text as one
 * undoable patch edit, which reaches a playing engine through the model's live subscription (with
 * its crossfade), so the sound never stops. A text with an error changes nothing.
 */
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { EditorState, Prec, Transaction } from "@codemirror/state";
import { EditorView, keymap, lineNumbers } from "@codemirror/view";
import type { Patch } from "../../engine/patch/schema";
import { patchToText, textToPatch, TextError } from "../../text";
import type { PatchModel } from "../model/patchModel";
import { patchTextSyntax } from "./language";
import { setErrors, setLines, textMarks } from "./marks";
import { linesOf, soundingNodes } from "./sounding";

/** What the pane shows around the editor. */
export interface TextStatus {
  /** The text has edits not applied yet. */
  readonly modified: boolean;
  /** The canvas changed the patch while the text had unapplied edits. */
  readonly canvasChanged: boolean;
  /** The last evaluation's error, `line L, column C: …`, or undefined. */
  readonly error?: string;
}

export interface TextSessionOptions {
  /** Ctrl-. (Alt-.): stop playback. */
  readonly onStop: () => void;
  readonly onStatus: (status: TextStatus) => void;
}

/** How long applied lines stay flashed, in ms. */
const FLASH_MS = 600;

export class TextSession {
  readonly view: EditorView;
  /** The text that says what the model's patch is (last written from it, or applied to it). */
  private synced: string;
  private applied: Patch | undefined;
  private canvasChanged = false;
  private error: string | undefined;
  private flashTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly model: PatchModel,
    parent: HTMLElement,
    private readonly options: TextSessionOptions,
  ) {
    this.synced = patchToText(model.patch, model.registry);
    const run = (f: () => void) => () => (f(), true);
    const keys = Prec.highest(
      keymap.of([
        { key: "Mod-Enter", run: run(() => this.evaluate()) },
        { key: "Alt-Enter", run: run(() => this.evaluate()) },
        { key: "Mod-.", run: run(() => this.options.onStop()) },
        { key: "Alt-.", run: run(() => this.options.onStop()) },
      ]),
    );
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: this.synced,
        extensions: [
          keys,
          lineNumbers(),
          history(),
          keymap.of([...historyKeymap, ...defaultKeymap]),
          patchTextSyntax(),
          textMarks(),
          EditorView.lineWrapping,
          EditorView.updateListener.of((u) => u.docChanged && this.report()),
        ],
      }),
    });
    this.unsubscribe = model.subscribe((p) => this.patchChanged(p));
    this.mark([]);
    this.report();
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /** Applies the text to the patch; on an error, marks it and changes nothing. */
  evaluate(): void {
    const text = this.text;
    let next: Patch;
    try {
      next = textToPatch(text, this.model.registry, this.model.patch);
    } catch (e) {
      const issues = e instanceof TextError ? e.issues : [];
      const first = e instanceof Error ? e.message.split("\n")[0] : String(e);
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
      this.error = `${first}${more}`;
      this.view.dispatch({ effects: setErrors.of(issues) });
      return this.report();
    }
    this.error = undefined;
    this.view.dispatch({ effects: setErrors.of([]) });
    const before = new Map(this.model.patch.nodes.map((n) => [n.id, JSON.stringify(n.params)]));
    const changed = new Set(
      next.nodes.filter((n) => before.get(n.id) !== JSON.stringify(n.params)).map((n) => n.id),
    );
    this.applied = next;
    // A text that means the same patch is no edit.
    if (JSON.stringify(next) !== JSON.stringify(this.model.patch)) this.model.update(next);
    this.synced = text;
    this.canvasChanged = false;
    this.mark(linesOf(text, changed.size > 0 ? changed : new Set(next.nodes.map((n) => n.id))));
    this.report();
  }

  dispose(): void {
    clearTimeout(this.flashTimer);
    this.unsubscribe();
    this.view.destroy();
  }

  private patchChanged(patch: Patch): void {
    if (patch === this.applied) {
      // Our own apply: the text already says it. A later redo to it rewrites the text as usual.
      this.applied = undefined;
      return;
    }
    if (this.text !== this.synced) {
      this.canvasChanged = true;
      return this.report();
    }
    const text = patchToText(patch, this.model.registry);
    this.synced = text;
    this.canvasChanged = false;
    if (text !== this.text) {
      this.view.dispatch({
        changes: { from: 0, to: this.view.state.doc.length, insert: text },
        annotations: Transaction.addToHistory.of(false),
      });
    }
    this.mark([]);
    this.report();
  }

  /** Marks the sounding lines, and flashes `flash` briefly. */
  private mark(flash: readonly number[]): void {
    const sounding = linesOf(this.text, soundingNodes(this.model.patch, this.model.registry));
    this.view.dispatch({ effects: setLines.of({ sounding, flash }) });
    clearTimeout(this.flashTimer);
    if (flash.length > 0) {
      this.flashTimer = setTimeout(() => {
        this.view.dispatch({ effects: setLines.of({ sounding, flash: [] }) });
      }, FLASH_MS);
    }
  }

  private report(): void {
    this.options.onStatus({
      modified: this.text !== this.synced,
      canvasChanged: this.canvasChanged,
      error: this.error,
    });
  }
}

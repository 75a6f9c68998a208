/**
 * Decorations of the text view: the error underline (with its message), the lines whose nodes
 * are sounding, and a brief flash of the lines just applied.
 */
import { StateEffect, StateField, type Extension, type Text } from "@codemirror/state";
import { Decoration, EditorView, type DecorationSet } from "@codemirror/view";
import type { TextIssue } from "../../text";

/** Sets the errors to underline (empty clears them). */
export const setErrors = StateEffect.define<readonly TextIssue[]>();
export interface MarkedLines {
  readonly sounding: readonly number[];
  readonly flash: readonly number[];
}

/** Sets the lines (1-based) that sound, and those to flash as just applied. */
export const setLines = StateEffect.define<MarkedLines>();

const errorMark = (message: string) =>
  Decoration.mark({ class: "lp-text-error", attributes: { title: message } });
const soundingLine = Decoration.line({ class: "lp-text-sounding" });
const flashLine = Decoration.line({ class: "lp-text-flash" });

function errorDecorations(doc: Text, issues: readonly TextIssue[]): DecorationSet {
  const ranges = issues.map((issue) => {
    const from = Math.min(issue.from, doc.length);
    const line = doc.lineAt(from);
    // An empty span (something missing) underlines the rest of its line, at least one character.
    const to = Math.min(Math.max(issue.to, from + 1), issue.to > from ? doc.length : line.to);
    return to > from
      ? errorMark(issue.message).range(from, to)
      : Decoration.line({ class: "lp-text-error-line" }).range(line.from);
  });
  return Decoration.set(ranges, true);
}

function lineDecorations(doc: Text, value: MarkedLines): DecorationSet {
  const valid = (n: number) => n >= 1 && n <= doc.lines;
  const ranges = [
    ...value.sounding.filter(valid).map((n) => soundingLine.range(doc.line(n).from)),
    ...value.flash.filter(valid).map((n) => flashLine.range(doc.line(n).from)),
  ];
  return Decoration.set(ranges, true);
}

const errors = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const e of tr.effects) if (e.is(setErrors)) next = errorDecorations(tr.state.doc, e.value);
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const lines = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const e of tr.effects) if (e.is(setLines)) next = lineDecorations(tr.state.doc, e.value);
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** The fields holding the marks; update them with `setErrors` and `setLines`. */
export function textMarks(): Extension {
  return [errors, lines];
}

/**
 * Wiring from the keyboard (W): a searchable list of the cables the selected node can give or
 * take, and of its own cables to remove; arrows choose, Enter applies it as one undoable edit.
 */
import { useMemo, useState } from "react";
import type { PatchModel } from "../model/patchModel";
import { searchWires, wireChoices, wireText, type WireChoice } from "../model/wiring";
import { splitEndpoint } from "../../engine/patch/endpoint";

export interface WireListProps {
  /** The graph the canvas shows (the top patch or an open subpatch). */
  readonly model: PatchModel;
  readonly nodeId: string;
  readonly at: { readonly x: number; readonly y: number };
  readonly say: (text: string, error?: boolean) => void;
  readonly onClose: () => void;
}

/** Applies `c` to `model`: one undo step; says what happened or why not. */
export function applyWire(
  model: PatchModel,
  c: WireChoice,
  say: (text: string, error?: boolean) => void,
): void {
  if (c.kind === "remove") {
    model.remove({ cables: [{ from: c.from, to: c.to }] });
    say(`removed the cable ${c.from} → ${c.to}`);
    return;
  }
  const outcome = model.connect(splitEndpoint(c.from), splitEndpoint(c.to));
  if (outcome.ok) say(`wired ${c.from} → ${c.to}`);
  else say(outcome.message, true);
}

export function WireList({ model, nodeId, at, say, onClose }: WireListProps) {
  const [query, setQuery] = useState("");
  const [index, setIndex] = useState(0);
  const all = useMemo(() => wireChoices(model.patch, model.defs, nodeId), [model, nodeId]);
  const found = searchWires(query, all).slice(0, 12);
  const chosen = found[Math.min(index, found.length - 1)];
  const apply = (c: WireChoice) => {
    applyWire(model, c, say);
    onClose();
  };
  return (
    <div
      className="lp-quickadd lp-wirelist"
      role="dialog"
      aria-label={`wire ${nodeId}`}
      style={{ left: at.x, top: at.y }}
      onPointerDown={(e) => e.stopPropagation()}
    >
      <input
        autoFocus
        aria-label="wire"
        placeholder={`wire ${nodeId}: type a port or node…`}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(0);
        }}
        onBlur={onClose}
        onKeyDown={(e) => {
          if (e.key === "Escape") onClose();
          if (e.key === "ArrowDown") setIndex((i) => Math.min(i + 1, found.length - 1));
          if (e.key === "ArrowUp") setIndex((i) => Math.max(i - 1, 0));
          if (e.key === "Enter" && chosen) apply(chosen);
          e.stopPropagation();
        }}
      />
      <ul>
        {found.length === 0 && <li className="lp-wire-none">no cable fits here</li>}
        {found.map((c) => (
          <li
            key={`${c.kind}:${c.from}>${c.to}`}
            className={c === chosen ? "chosen" : ""}
            onPointerDown={(e) => (e.preventDefault(), apply(c))}
          >
            {wireText(c)}
          </li>
        ))}
      </ul>
    </div>
  );
}

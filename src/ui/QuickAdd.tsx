/** Max's "n" box: a search field at the cursor; type to filter, arrows to choose, Enter adds. */
import { useState } from "react";
import type { NodeDefinition } from "../engine/nodeDefinition";
import { nodeTitle } from "../engine/patch/subpatch";
import { searchNodeTypes } from "./model/nodeSearch";

export interface QuickAddProps {
  /** The node types to offer: the app's and the patch's subpatches. */
  readonly defs: readonly NodeDefinition[];
  readonly at: { readonly x: number; readonly y: number };
  readonly onAdd: (type: string) => void;
  readonly onClose: () => void;
}

export function QuickAdd({ defs, at, onAdd, onClose }: QuickAddProps) {
  const [query, setQuery] = useState("");
  const [index, setIndex] = useState(0);
  const found = searchNodeTypes(query, defs).slice(0, 8);
  const chosen = found[Math.min(index, found.length - 1)];
  return (
    <div
      className="lp-quickadd"
      style={{ left: at.x, top: at.y }}
      onPointerDown={(e) => e.stopPropagation()}
    >
      <input
        autoFocus
        aria-label="add node"
        placeholder="node type…"
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
          if (e.key === "Enter" && chosen) onAdd(chosen.type);
          e.stopPropagation();
        }}
      />
      <ul>
        {found.map((d) => (
          <li
            key={d.type}
            className={d === chosen ? "chosen" : ""}
            onPointerDown={(e) => (e.preventDefault(), onAdd(d.type))}
          >
            <b>{nodeTitle(d)}</b> <span>{d.description}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

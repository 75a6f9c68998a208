/**
 * The side panel listing node types by category, the patch's subpatches last, searchable; a
 * click adds one to the canvas.
 */
import { useState } from "react";
import type { NodeDefinition } from "../engine/nodeDefinition";
import { nodeTitle } from "../engine/patch/subpatch";
import { byCategory, searchNodeTypes } from "./model/nodeSearch";

export function Palette({
  defs,
  onAdd,
}: {
  defs: readonly NodeDefinition[];
  onAdd: (type: string) => void;
}) {
  const [query, setQuery] = useState("");
  const groups = byCategory(searchNodeTypes(query, defs));
  return (
    <aside className="lp-palette" aria-label="node palette">
      <input
        type="search"
        placeholder="Search nodes…"
        aria-label="search nodes"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {groups.map(([category, defs]) => (
        <section key={category}>
          <h3>{category}</h3>
          {defs.map((d) => (
            <button
              key={d.type}
              className="lp-palette-item"
              data-type={d.type}
              onClick={() => onAdd(d.type)}
              title={d.description}
            >
              <b>{nodeTitle(d)}</b>
              <span>{d.description}</span>
            </button>
          ))}
        </section>
      ))}
    </aside>
  );
}

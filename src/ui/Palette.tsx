/** The side panel listing node types by category, searchable; a click adds one to the canvas. */
import { useState } from "react";
import { allNodes } from "../nodes";
import { byCategory, searchNodeTypes } from "./model/nodeSearch";

export function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const [query, setQuery] = useState("");
  const groups = byCategory(searchNodeTypes(query, allNodes));
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
              <b>{d.type}</b>
              <span>{d.description}</span>
            </button>
          ))}
        </section>
      ))}
    </aside>
  );
}

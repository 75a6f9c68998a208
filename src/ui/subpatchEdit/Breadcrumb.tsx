/**
 * The path to the graph the canvas shows, over its top-left corner while a subpatch is open in
 * place: "patch › chain › inner". A click on a level goes back to it (Esc: one level up).
 */
import { Fragment, useEffect, useRef, useSyncExternalStore } from "react";
import type { ScopedModel } from "../model/scopedModel";
import "./subpatchEdit.css";

export function SubpatchBreadcrumb({ graph }: { graph: ScopedModel }) {
  const scope = useSyncExternalStore(graph.subscribe, () => graph.scope);
  if (scope.length === 0) return null;
  const top = graph.top.patch;
  const nameOf = (id: string) => top.subpatches?.find((s) => s.id === id)?.name ?? id;
  return (
    <nav className="lp-breadcrumb" aria-label="subpatch path">
      <button onClick={() => graph.enter([])} title="Back to the patch (Esc: one level up)">
        {top.name}
      </button>
      {scope.map((id, i) => (
        <Fragment key={`${i}:${id}`}>
          <span className="lp-breadcrumb-sep">›</span>
          {i === scope.length - 1 ? (
            <span aria-current="page" title={`subpatch "${id}"`}>
              {nameOf(id)}
            </span>
          ) : (
            <button onClick={() => graph.enter(scope.slice(0, i + 1))}>{nameOf(id)}</button>
          )}
        </Fragment>
      ))}
      <span className="lp-breadcrumb-hint">
        editing the definition: every instance follows · Esc goes back
      </span>
    </nav>
  );
}

/**
 * Calls `show` (zoom the new graph into view) whenever the user enters or leaves a subpatch; an
 * opened file, which also goes back to the top, is fitted by whoever opened it.
 */
export function useScopeView(graph: ScopedModel, show: () => unknown): void {
  const latest = useRef(show);
  latest.current = show;
  useEffect(() => {
    let seen = graph.scopeChanges;
    return graph.subscribe(() => {
      if (graph.scopeChanges === seen) return;
      seen = graph.scopeChanges;
      void latest.current();
    });
  }, [graph]);
}

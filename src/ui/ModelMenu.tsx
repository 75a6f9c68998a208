/**
 * The toolbar's Models menu: the custom model packs on the shelf (dropped or from a bundle, kept
 * across reloads), each with a Remove button. Removing one that the open patch uses says which
 * nodes name it; they load again once the pack is dropped again.
 */
import { useSyncExternalStore } from "react";
import type { Patch } from "../engine/patch/schema";
import { appModels } from "./bundle/modelShelf";

/** The nodes of `patch` that name model `id` (the patch's own default counts as "patch"). */
export function usersOfModel(patch: Patch, id: string): string[] {
  const nodes = patch.nodes.filter((n) => n.params?.model === id).map((n) => n.id);
  return patch.model === id ? ["the patch's default model", ...nodes] : nodes;
}

export function ModelMenu(props: {
  patch: () => Patch;
  say: (text: string, error?: boolean) => void;
}) {
  useSyncExternalStore(appModels.subscribe, () => appModels.version);
  const ids = appModels.customIds();
  const remove = (id: string) => {
    if (!appModels.remove(id)) return;
    const users = usersOfModel(props.patch(), id);
    props.say(
      users.length
        ? `removed the model "${id}"; ${users.join(", ")} still name${users.length === 1 ? "s" : ""} it and will not render until the pack is dropped again`
        : `removed the model "${id}"`,
    );
  };
  return (
    <details className="lp-models">
      <summary title="custom model packs: drop a pack folder or zip on the canvas to add one">
        Models{ids.length ? ` (${ids.length})` : ""}
      </summary>
      <div className="lp-models-list" role="list" aria-label="custom models">
        {ids.length === 0 && (
          <p>No custom models. Drop a model pack (folder or zip) on the canvas to add one.</p>
        )}
        {ids.map((id) => (
          <div key={id} role="listitem" className="lp-models-item">
            <span>{id}</span>
            <button aria-label={`remove the model ${id}`} onClick={() => remove(id)}>
              Remove
            </button>
          </div>
        ))}
      </div>
    </details>
  );
}

/** A cable, coloured by the value type it carries. */
import { useSyncExternalStore } from "react";
import { Presets } from "rete-react-plugin";
import type { Cable } from "./CanvasNode";
import type { PatchModel } from "../model/patchModel";
import { cableType } from "./patchView";

export function cableViewFor(model: PatchModel) {
  return function CableView({ data }: { data: Cable }) {
    const { path } = Presets.classic.useConnection();
    const patch = useSyncExternalStore(model.subscribe, () => model.patch);
    if (!path) return null;
    const type = cableType(patch, data.source, data.sourceOutput);
    return (
      <svg className="lp-cable" data-cable={data.id}>
        <path className={`type-${type}`} d={path} />
      </svg>
    );
  };
}

/** A cable, coloured by the value type it carries; a click selects it (Delete removes it). */
import { useSyncExternalStore } from "react";
import { Presets } from "rete-react-plugin";
import type { Cable } from "./CanvasNode";
import type { PatchModel } from "../model/patchModel";
import type { CanvasState } from "./canvasState";
import { cableType } from "./patchView";

export function cableViewFor(model: PatchModel, state: CanvasState, onSelect: () => void) {
  return function CableView({ data }: { data: Cable }) {
    const { path } = Presets.classic.useConnection();
    const patch = useSyncExternalStore(model.subscribe, () => model.patch);
    const selected = useSyncExternalStore(state.selectedCable.subscribe, state.selectedCable.get);
    if (!path) return null;
    const type = cableType(patch, data.source, data.sourceOutput);
    return (
      <svg className={selected === data.id ? "lp-cable selected" : "lp-cable"} data-cable={data.id}>
        <path
          className="lp-cable-hit"
          d={path}
          onPointerDown={(e) => {
            e.stopPropagation(); // a click on a cable is not the start of a pan
            state.selectedCable.set(data.id);
            onSelect();
          }}
        />
        <path className={`type-${type}`} d={path} />
      </svg>
    );
  };
}

/** The rete node for one patch node: same id, one rete port per input and output. */
import { ClassicPreset, type GetSchemes } from "rete";
import type { ReactArea2D } from "rete-react-plugin";
import type { PatchModel } from "../model/patchModel";
import type { NodeView } from "../model/nodeView";

export class CanvasNode extends ClassicPreset.Node {
  constructor(
    id: string,
    view: NodeView,
    readonly model: PatchModel,
  ) {
    super(view.title);
    this.id = id;
    // The model decides how many cables an input takes; the connection plugin must not remove any.
    for (const s of view.inputs)
      this.addInput(
        s.name,
        new ClassicPreset.Input(new ClassicPreset.Socket(s.type), s.name, true),
      );
    for (const s of view.outputs)
      this.addOutput(s.name, new ClassicPreset.Output(new ClassicPreset.Socket(s.type), s.name));
  }
}

export class Cable extends ClassicPreset.Connection<ClassicPreset.Node, ClassicPreset.Node> {}

export type Schemes = GetSchemes<CanvasNode, Cable>;
export type AreaExtra = ReactArea2D<Schemes>;

/** Rete connection id of a patch cable. */
export const cableId = (from: string, to: string): string => `${from}>${to}`;

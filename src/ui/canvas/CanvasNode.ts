/**
 * The rete nodes of the canvas: one per patch node (same id, one rete port per input and output)
 * and one per comment box. Both report their drawn size for the minimap and auto-arrange.
 */
import { ClassicPreset, type GetSchemes } from "rete";
import type { ContextMenuExtra } from "rete-context-menu-plugin";
import type { MinimapExtra } from "rete-minimap-plugin";
import type { ReactArea2D } from "rete-react-plugin";
import type { PatchModel } from "../model/patchModel";
import type { NodeView } from "../model/nodeView";
import type { CanvasState } from "./canvasState";

/** A rete node whose size is read from the element the area plugin draws it in. */
class SizedNode extends ClassicPreset.Node {
  /** The area's element for this node, set once it is drawn. */
  element: HTMLElement | undefined;

  get width(): number {
    return this.element?.offsetWidth || 200;
  }

  get height(): number {
    return this.element?.offsetHeight || 120;
  }
}

/** What a node's rete ports are made from: its type and its port names. */
export const portsKeyOf = (view: NodeView): string =>
  [view.type, ...view.inputs.map((s) => s.name), "|", ...view.outputs.map((s) => s.name)].join(" ");

export class CanvasNode extends SizedNode {
  /** The patch node's type when it was drawn. */
  readonly nodeType: string;
  /** See {@link portsKeyOf}: when it changes under the same id, the node is drawn afresh. */
  readonly portsKey: string;

  constructor(
    id: string,
    view: NodeView,
    readonly model: PatchModel,
    readonly state: CanvasState,
  ) {
    super(view.title);
    this.id = id;
    this.nodeType = view.type;
    this.portsKey = portsKeyOf(view);
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

/** Rete ids of comments carry this prefix; patch ids cannot contain ":", so none collide. */
const COMMENT_PREFIX = "comment:";

/** The rete node id of the comment `id`. */
export const commentKey = (id: string): string => `${COMMENT_PREFIX}${id}`;

/** The comment id of a rete node id, or undefined if it is a patch node's. */
export const commentIdOf = (key: string): string | undefined =>
  key.startsWith(COMMENT_PREFIX) ? key.slice(COMMENT_PREFIX.length) : undefined;

/** A comment box: no ports; its text lives in the model. */
export class CommentNode extends SizedNode {
  constructor(
    readonly commentId: string,
    readonly model: PatchModel,
    readonly state: CanvasState,
  ) {
    super("comment");
    this.id = commentKey(commentId);
  }
}

export class Cable extends ClassicPreset.Connection<ClassicPreset.Node, ClassicPreset.Node> {}

export type Schemes = GetSchemes<CanvasNode | CommentNode, Cable>;
export type AreaExtra = ReactArea2D<Schemes> | MinimapExtra | ContextMenuExtra;

/** Rete connection id of a patch cable. */
export const cableId = (from: string, to: string): string => `${from}>${to}`;

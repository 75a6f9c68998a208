/**
 * A node on the canvas, drawn from its generated view: title, typed sockets (inputs left,
 * outputs right) and one control per parameter. It follows the model by itself, so a parameter
 * change re-renders only this card.
 */
import { startTransition, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { ClassicPreset } from "rete";
import type { RenderEmit } from "rete-react-plugin";
import type { NumberListParam, BreakpointsParam } from "../../engine/nodeDefinition";
import { parseParamText } from "../model/paramText";
import { faceParams, foldedControls, shownControls, type SocketView } from "../model/nodeView";
import type { CanvasNode, Schemes } from "./CanvasNode";
import type { CanvasState } from "./canvasState";
import { ParamControl, type ParamEdit } from "./ParamControl";
import { definitionIn, viewOfNode } from "./patchView";
import { DOUBLE_PRESS_MS } from "./CommentCard";
import { subpatchIdOf } from "../../engine/patch/subpatch";
import type { PatchModel } from "../model/patchModel";
import { appModels } from "../bundle/modelShelf";
import { patchTransport } from "../../engine/patch/schema";
import { BoxFaceView, type FaceEdit } from "./BoxFace";
import { LEARNED_OP_FACE_PARAMS, LearnedOpFace } from "../learn/LearnedOpFace";
import "./feedback.css";

/**
 * A socket drawn inside the node card itself. rete's RefSocket asks the render plugin to draw
 * each socket in a React root of its own (one `createRoot`, with all of React's event listeners,
 * per socket: most of the cost of opening a large patch); this one draws the dot here and tells
 * the area it is drawn ("render", already filled, then "rendered"), which is what the connection
 * plugin (cable dragging) and the socket position watcher (cable ends) listen to.
 */
function SocketAnchor({
  node,
  socket,
  side,
  emit,
}: {
  node: string;
  socket: SocketView;
  side: "input" | "output";
  emit: RenderEmit<Schemes>;
}) {
  const ref = useRef<HTMLSpanElement>(null);
  const emitRef = useRef(emit);
  emitRef.current = emit;
  // After every render: the card may have changed size, so the cable ends are measured again.
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const data = {
      type: "socket" as const,
      side,
      key: socket.name,
      nodeId: node,
      element,
      payload: new ClassicPreset.Socket(socket.type),
    };
    emitRef.current({ type: "render", data: { ...data, filled: true } });
    emitRef.current({ type: "rendered", data });
  });
  useEffect(() => {
    const element = ref.current;
    return () => {
      if (element) emitRef.current({ type: "unmount", data: { element } });
    };
  }, []);
  return (
    <span ref={ref} className={`lp-socket-ref ${side}`}>
      <div className={`lp-socket type-${socket.type}`} />
    </span>
  );
}

function Port({
  node,
  socket,
  side,
  emit,
}: {
  node: string;
  socket: SocketView;
  side: "input" | "output";
  emit: RenderEmit<Schemes>;
}) {
  const tip = `${socket.name}: ${side === "input" ? socket.accepts.join(" or ") : socket.type} — ${socket.description}`;
  return (
    <div className={`lp-port ${side}`} title={tip} data-port={socket.name}>
      {side === "output" && <span className="lp-port-name">{socket.name}</span>}
      <SocketAnchor node={node} socket={socket} side={side} emit={emit} />
      {side === "input" && (
        <span className={socket.optional ? "lp-port-name optional" : "lp-port-name"}>
          {socket.name}
        </span>
      )}
    </div>
  );
}

/**
 * The title of a subpatch instance: its subpatch's name; a double-click opens the subpatch in
 * place. F2 or right-click › Rename turns it into a field (every instance shows the new name):
 * Enter or leaving the field keeps it, Escape cancels.
 */
function SubpatchTitle({
  model,
  state,
  nodeId,
  subpatchId,
  name,
}: {
  model: PatchModel;
  state: CanvasState;
  nodeId: string;
  subpatchId: string;
  name: string;
}) {
  const renaming = useSyncExternalStore(state.renaming.subscribe, state.renaming.get) === nodeId;
  /** What is typed in the name field; undefined until the first key (the field shows `name`). */
  const [typed, setTyped] = useState<string | undefined>(undefined);
  const lastPress = useRef(Number.NEGATIVE_INFINITY);
  if (!renaming) {
    return (
      <span
        className="lp-node-type"
        title="subpatch — double-click to open it; F2 renames; Ctrl+Shift+G ungroups"
        onPointerDown={(e) => {
          // By hand, as comments do (see DOUBLE_PRESS_MS): the browser fires no dblclick here.
          const double = e.timeStamp - lastPress.current < DOUBLE_PRESS_MS;
          if (double) setTimeout(() => state.openSubpatch(nodeId), 0);
          lastPress.current = double ? Number.NEGATIVE_INFINITY : e.timeStamp;
        }}
      >
        ▣ {name}
      </span>
    );
  }
  const done = () => {
    setTyped(undefined);
    state.renaming.set(undefined);
  };
  const keep = () => {
    if (typed !== undefined) model.renameSubpatch(subpatchId, typed);
    done();
  };
  const value = typed ?? name;
  return (
    <input
      autoFocus
      className="lp-node-rename"
      aria-label="subpatch name"
      value={value}
      size={Math.max(8, value.length + 1)}
      onPointerDown={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setTyped(e.target.value)}
      onBlur={keep}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === "Enter") keep();
        if (e.key === "Escape") done();
      }}
    />
  );
}

function useDetail(compactState: CanvasState["compact"]): boolean {
  const [compact, setCompact] = useState(compactState.get);
  useEffect(() => {
    const follow = () => startTransition(() => setCompact(compactState.get()));
    follow(); // a change between the first render and this effect
    return compactState.subscribe(follow);
  }, [compactState]);
  return compact;
}

export function NodeCard({ data, emit }: { data: CanvasNode; emit: RenderEmit<Schemes> }) {
  const model = data.model;
  const patch = useSyncExternalStore(model.subscribe, () => model.patch);
  // A model pack loaded while the node is shown adds an option to its model select.
  useSyncExternalStore(appModels.subscribe, () => appModels.version);
  // Zoomed far out, the card shows no controls (levelOfDetail.ts). A change of detail is a
  // transition: React draws the cards' controls in slices between frames, not in one long frame.
  const compact = useDetail(data.state.compact);
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  const fault = useSyncExternalStore(data.state.faults.subscribe, data.state.faults.get).get(
    data.id,
  );
  const [unfolded, setUnfolded] = useState(false);
  const view = viewOfNode(patch, data.id);
  if (!view) return null;
  const editOf = (name: string): ParamEdit => ({
    set(value, gesture) {
      const outcome = model.setParam(data.id, name, value, gesture);
      const why = outcome.ok ? undefined : outcome.message;
      setRefusal(why);
      return why;
    },
    endGesture: () => model.endGesture(),
    setText(text) {
      const def = definitionIn(patch, view.type);
      const spec = def?.params.find((p) => p.name === name) as
        NumberListParam | BreakpointsParam | undefined;
      if (!def || !spec) return `no parameter ${name}`;
      const parsed = parseParamText(def, spec, text);
      return parsed.ok ? this.set(parsed.value) : parsed.message;
    },
  });
  const faceEdit: FaceEdit = {
    set: (name, value, gesture) => editOf(name).set(value, gesture),
    endGesture: () => model.endGesture(),
  };
  const subpatchId = subpatchIdOf(view.type);
  const learned = view.type === "LearnedOp";
  const onFace = [...faceParams(view.face?.spec), ...(learned ? LEARNED_OP_FACE_PARAMS : [])];
  const controls = view.controls.filter((c) => !onFace.includes(c.name));
  const all = shownControls(controls);
  const folded = foldedControls(controls);
  const shown = unfolded ? all : folded;
  const hidden = unfolded ? 1 : all.length - folded.length;
  return (
    <div
      className={`lp-node${subpatchId !== undefined ? " lp-subpatch" : ""}${data.selected ? " selected" : ""}${compact ? " compact" : ""}${fault ? " lp-node-fault" : ""}`}
      data-node-id={data.id}
      data-node-type={view.type}
    >
      <header title={`${view.description}\nF1 (selected) or right-click › Help: all about it`}>
        {subpatchId === undefined ? (
          <span className="lp-node-type">{view.title}</span>
        ) : (
          <SubpatchTitle
            model={model}
            state={data.state}
            nodeId={data.id}
            subpatchId={subpatchId}
            name={view.title}
          />
        )}
        <span className="lp-node-id">{data.id}</span>
      </header>
      <div className="lp-ports">
        <div className="lp-inputs">
          {view.inputs.map((s) => (
            <Port key={s.name} node={data.id} socket={s} side="input" emit={emit} />
          ))}
        </div>
        <div className="lp-outputs">
          {view.outputs.map((s) => (
            <Port key={s.name} node={data.id} socket={s} side="output" emit={emit} />
          ))}
        </div>
      </div>
      {!compact && view.face && <BoxFaceView face={view.face} edit={faceEdit} />}
      {!compact && learned && <LearnedOpFace model={model} nodeId={data.id} patch={patch} />}
      {!compact && controls.length > 0 && (
        <div className="lp-params">
          {shown.map((c) => (
            <ParamControl
              key={c.name}
              control={c}
              edit={editOf(c.name)}
              curve={{ nodeId: data.id, tempo: patchTransport(patch) }}
              browse={
                view.type === "AudioIn" && c.name === "asset"
                  ? () => data.state.browseSounds(data.id)
                  : undefined
              }
            />
          ))}
          {hidden > 0 && (
            <button
              className="lp-fold"
              onPointerDown={(e) => e.stopPropagation()}
              onClick={() => setUnfolded(!unfolded)}
            >
              {unfolded ? "fewer" : `${hidden} more…`}
            </button>
          )}
        </div>
      )}
      {(refusal ?? view.problem ?? fault) && (
        <div className="lp-node-problem" role={fault ? "alert" : undefined} title={fault}>
          {refusal ?? view.problem ?? fault}
        </div>
      )}
    </div>
  );
}

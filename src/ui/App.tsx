/**
 * The patcher: toolbar (transport, files, demos), node palette, the canvas, and a status line
 * with the output's waveform. Every edit goes through the PatchModel.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { PatchModel } from "./model/patchModel";
import type { CanvasEditor } from "./canvas/canvasEditor";
import type { AudioValue } from "../engine/values";
import { parsePatch } from "../engine/patch/parse";
import { patchTransport } from "../engine/patch/schema";
import { nodeRegistry } from "../nodes";
import { patchRegistry, subpatchIdOf } from "../engine/patch/subpatch";
import { CanvasHost } from "./CanvasHost";
import { ZoomBar } from "./canvas/ZoomBar";
import { Toolbar } from "./Toolbar";
import { Palette } from "./Palette";
import { QuickAdd } from "./QuickAdd";
import { Waveform } from "./Waveform";
import { RenderCancelled, Transport } from "./transport";
import { setHeardTransport } from "./model/boxFace";
import { LiveTransport, StartCancelled } from "./live/liveTransport";
import { liveSettingsFromQuery } from "./live/latency";
import { messageOf, useFileActions } from "./fileActions";
import { Inspector } from "./inspect/Inspector";
import { faultsOf } from "./canvas/faults";
import { PlayheadContext } from "./inspect/plotCanvas";
import { DEMO_PATCHES } from "./demos";
import { reportLive, reportRender } from "./testHook";
import { useShortcuts } from "./shortcuts";
import { ShortcutHelp } from "./ShortcutHelp";
import { useNodeHelp } from "./help/useNodeHelp";
import type { MenuTarget } from "./canvas/contextMenu";
import { menuEntries } from "./canvasMenu";
import { ProgressBar, type ProgressState } from "./ProgressBar";
import { useEditCommands } from "./editCommands";
import type { Notices } from "./notices/notices";
import { NoticeBar } from "./notices/NoticeBar";
import { sharePatch } from "./share/share";
import { usePerform } from "./perform/usePerform";
import { PerformView } from "./perform/PerformView";
import { retriggerableNodes } from "./perform/RetriggerList";
import { captureValues, specOf } from "./perform/snapshots";
import { TextPane } from "./text/TextPane";
import { useTextView } from "./text/useTextView";
import { useCanvasTools } from "./subpatchEdit/useCanvasTools";
import { stopPreview } from "./sounds/preview";

const SILENT = { peak: 0, rms: 0 };

interface Status {
  readonly text: string;
  readonly error: boolean;
}

export function App({ model, notices }: { model: PatchModel; notices: Notices }) {
  const patch = useSyncExternalStore(model.subscribe, () => model.patch);
  const editor = useRef<CanvasEditor | undefined>(undefined);
  const pointer = useRef({ x: 200, y: 200 });
  const pointerOnCanvas = useRef(false);
  const transport = useRef<Transport | undefined>(undefined);
  const [status, setStatus] = useState<Status>({
    text: "Double-click the canvas or press N to add a node.",
    error: false,
  });
  const [toast, setToast] = useState<{ text: string; x: number; y: number } | undefined>(undefined);
  const [quickAdd, setQuickAdd] = useState<
    { x: number; y: number; at: readonly [number, number] } | undefined
  >(undefined);
  const [audio, setAudio] = useState<AudioValue | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ProgressState | undefined>(undefined);
  const [picked, pickNode] = useState<string | undefined>(undefined);
  /** A clicked cable, inspected as its source's output. */
  const [cable, setCable] = useState<{ from: string; to: string } | undefined>(undefined);
  const setPicked = (id: string | undefined) => {
    pickNode(id);
    setCable(undefined);
  };
  const [renderCount, setRenderCount] = useState(0);
  const [minimap, setMinimap] = useState(false);
  const [help, setHelp] = useState(false);
  /** The canvas once drawn, for the zoom controls. */
  const [canvas, setCanvas] = useState<CanvasEditor | undefined>(undefined);
  const [textOpen, toggleText] = useTextView();
  const getTransport = () => (transport.current ??= new Transport());
  const live = useRef<LiveTransport | undefined>(undefined);
  const getLive = () =>
    (live.current ??= new LiveTransport(
      nodeRegistry,
      (t) => fail(t),
      liveSettingsFromQuery(window.location.search),
      (t) => say(t),
    ));

  // Edits made while playing live go to the worker (parameters crossfade, graph edits reload).
  useEffect(() => model.subscribe((p) => live.current?.edit(p)), [model]);
  useEffect(() => reportLive(() => live.current), []);
  // A Bang clicked while playing pulses where the engine has not rendered yet (model/boxFace.ts).
  useEffect(
    () =>
      setHeardTransport(() => {
        const heard = live.current?.beat();
        const latency = live.current?.latency();
        const aheadMs = (latency?.algorithmicMs ?? 0) + (latency?.bufferMs ?? 0);
        return heard && { ...heard, aheadMs };
      }),
    [],
  );

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(undefined), 4000);
    return () => clearTimeout(timer);
  }, [toast]);

  const say = (text: string, error = false) => setStatus({ text, error });
  /** An error of a render or of live playback: said, and the nodes it names outlined. */
  const fail = (message: string) => {
    say(message, true);
    editor.current?.showFaults(faultsOf(message, model.toPatch()));
  };
  const clearFaults = () => editor.current?.showFaults(new Map());
  const openQuickAdd = () => {
    const at = editor.current?.pointer() ?? [0, 0];
    setQuickAdd({ ...pointer.current, at });
  };
  const addNode = (type: string, at?: readonly [number, number]) => {
    const id = graph.addNode(type, at ?? editor.current?.pointer() ?? [0, 0]);
    say(`added ${type} "${id}"`);
    setQuickAdd(undefined);
  };
  /** Shows an opened file whole (a large one as compact cards: levelOfDetail.ts). */
  const fit = async () => {
    await editor.current?.synced();
    await editor.current?.zoomToFit();
  };
  /** Shows a demo or a new patch readable: whole if it fits so, else from its top-left (zoom.ts). */
  const readable = async () => {
    await editor.current?.synced();
    await editor.current?.showReadable();
  };
  const files = useFileActions({ model, say, fit, readable, progress: setProgress });
  // The canvas edits `graph`: the patch, or a subpatch opened in place.
  const tools = useCanvasTools({ model, editor, pointer, say, readable });
  const graph = tools.graph;
  const openDemo = async (name: string) => {
    const text = DEMO_PATCHES[name];
    if (text === undefined) return;
    model.open(parsePatch(text, nodeRegistry));
    say(`opened the demo "${name}"`);
    await readable();
  };
  /** Bumped by Stop: a Render & play begun before it neither plays nor says "playing". */
  const stops = useRef(0);
  const renderAndPlay = async () => {
    setBusy(true);
    const ticket = stops.current;
    try {
      const cancel = () => void getTransport().cancel();
      const r = await getTransport().render(model.toPatch(), (label, fraction) => {
        say(label);
        setProgress({ label, fraction, cancel });
      });
      clearFaults();
      setAudio(r.audio);
      setRenderCount((n) => n + 1);
      reportRender({ peak: r.peak, rms: r.rms, seconds: r.seconds });
      await live.current?.stop();
      const rendered = `rendered ${r.seconds.toFixed(1)} s in ${(r.renderMillis / 1000).toFixed(2)} s — peak ${r.peak.toFixed(2)}`;
      if (ticket !== stops.current) return say(`${rendered}, stopped`);
      getTransport().play(r.audio);
      say(`${rendered}, playing`);
    } catch (err) {
      if (ticket !== stops.current) say("stopped");
      else if (err instanceof RenderCancelled) say("render cancelled");
      else fail(messageOf(err));
    } finally {
      setBusy(false);
      setProgress(undefined);
    }
  };

  const playLive = async () => {
    setBusy(true);
    try {
      transport.current?.stop();
      say("starting the engine worker…");
      const info = await getLive().play(model.toPatch());
      clearFaults();
      const ms = (1000 * info.latencySamples) / info.sampleRate;
      say(`playing live at ${info.sampleRate} Hz — algorithmic latency ${ms.toFixed(1)} ms`);
    } catch (err) {
      if (err instanceof StartCancelled) say("stopped before playback began");
      else fail(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const stop = () => {
    stopPreview();
    stops.current++;
    transport.current?.cancel();
    transport.current?.stop();
    void live.current?.stop();
    say("stopped");
  };

  const outputNode = patch.nodes.find((n) => nodeRegistry.get(n.type)?.category === "output");
  const inspected = patch.nodes.some((n) => n.id === picked) ? picked : outputNode?.id;

  const stage = usePerform(model, say, (id) => live.current?.retrigger(id));
  const { copy, cut, paste, duplicate, group, ungroup, addComment, arrange } = useEditCommands({
    model: graph,
    editor,
    pointerOnCanvas,
    say,
    fit,
  });
  const share = () =>
    sharePatch({
      patch: () => model.toPatch(),
      notices,
      say,
      exportBundle: files.exportBundle,
      href: () => window.location.href,
      writeClipboard: (text) => navigator.clipboard.writeText(text),
    });
  const toggleMinimap = () => {
    editor.current?.showMinimap(!minimap);
    setMinimap(!minimap);
  };

  useShortcuts({
    undo: () => model.undo(),
    redo: () => model.redo(),
    remove: () => graph.remove(editor.current?.selection() ?? {}),
    comment: () => void addComment(),
    arrange: () => void arrange(),
    toggleMinimap,
    quickAdd: openQuickAdd,
    copy: () => void copy(),
    cut: () => void cut(),
    paste: () => void paste(),
    duplicate: () => void duplicate(),
    group: () => void group(),
    ungroup: () => void ungroup(),
    help: () => {
      // With one node selected: its help; else (or to close either) the list of shortcuts.
      const nodes = editor.current?.selection().nodes ?? [];
      const type = nodes.length === 1 ? graph.node(nodes[0]!)?.type : undefined;
      if (nodeHelp.shown || help) {
        nodeHelp.close();
        setHelp(false);
      } else if (type) nodeHelp.show(type);
      else setHelp(true);
    },
    selectAll: () => void editor.current?.selectAll(),
    share: () => void share(),
    perform: () => stage.toggle(),
    newPatch: () => void files.newPatch(),
    zoomIn: () => void editor.current?.zoomStep(1),
    zoomOut: () => void editor.current?.zoomStep(-1),
    zoomActual: () => void editor.current?.zoomTo(1),
    zoomFit: () => void editor.current?.zoomToFit(),
    ...tools.shortcuts,
  });
  const nodeTypes = useMemo(
    () => patchRegistry(nodeRegistry, patch.subpatches).all(),
    [patch.subpatches],
  );
  const nodeHelp = useNodeHelp({
    nodeTypes,
    openExample: (name) => void openDemo(name),
    showShortcuts: () => setHelp(true),
  });

  /** The right-click menu: what can be done where the user clicked. */
  const menuFor = (target: MenuTarget) =>
    menuEntries(target, {
      at: editor.current?.pointer() ?? [0, 0],
      nodeTypes,
      minimapShown: minimap,
      isSubpatch: (id) => subpatchIdOf(graph.node(id)?.type ?? "") !== undefined,
      ...tools.menu,
      quickAdd: openQuickAdd,
      addNode,
      paste,
      selectAll: () => editor.current?.selectAll(),
      comment: addComment,
      arrange,
      toggleMinimap,
      help: () => setHelp(true),
      nodeHelp: (id) => nodeHelp.show(graph.node(id)?.type ?? ""),
      inspect: setPicked,
      copy,
      cut,
      duplicate,
      group,
      ungroup,
      remove: () => graph.remove(editor.current?.selection() ?? {}),
      editComment: (id) => editor.current?.editComment(id),
      removeCable: (from, to) => graph.remove({ cables: [{ from, to }] }),
      numberParams: (id) =>
        Object.keys(captureValues(model.patch, nodeRegistry, [id])).filter(
          (ref) => specOf(model.patch, nodeRegistry, ref)?.kind === "number",
        ),
      learn: stage.learn,
      favourite: stage.favourite,
      canRetrigger: (id) => retriggerableNodes(model.patch, nodeRegistry).includes(id),
    });

  return (
    <div className={textOpen ? "lp-app lp-app-text" : "lp-app"}>
      <Toolbar
        model={model}
        say={say}
        busy={busy}
        play={() => void playLive()}
        stop={stop}
        renderAndPlay={() => void renderAndPlay()}
        transport={getTransport}
        live={getLive}
        tempo={{
          transport: patchTransport(patch),
          setTransport: (change, gesture) => model.setTransport(change, gesture),
          onRefused: (message) => say(message, true),
        }}
        edit={{
          addComment: () => void addComment(),
          group: () => void group(),
          ungroup: () => void ungroup(),
          arrange: () => void arrange(),
        }}
        view={{
          minimap,
          toggleMinimap,
          text: textOpen,
          toggleText,
          perform: stage.open,
          togglePerform: stage.toggle,
          help: () => setHelp(true),
        }}
        files={files}
        audio={audio}
        share={() => void share()}
        openDemo={(name) => void openDemo(name)}
      />
      <Palette defs={nodeTypes} onAdd={(type) => addNode(type)} />
      <CanvasHost
        model={graph}
        {...tools.canvas}
        onReady={(e) => {
          editor.current = e;
          setCanvas(e);
        }}
        onRefused={(text) => setToast({ text, ...pointer.current })}
        onQuickAdd={openQuickAdd}
        onDropFile={(f, x, y) => void files.dropFile(f, editor.current?.toPatch(x, y) ?? [0, 0])}
        onDropFolder={(dir) => void files.dropFolder(dir)}
        onPick={setPicked}
        onPickCable={(from, to) => {
          pickNode(from.split(".")[0]);
          setCable({ from, to });
        }}
        menu={menuFor}
        onPointer={(x, y) => {
          pointer.current = { x, y };
          pointerOnCanvas.current = true;
        }}
        onPointerLeave={() => (pointerOnCanvas.current = false)}
      />
      {canvas && <ZoomBar editor={canvas} />}
      {textOpen && <TextPane model={model} onStop={stop} />}
      <PlayheadContext value={() => transport.current?.position()}>
        <Inspector
          patch={patch}
          nodeId={inspected}
          read={(id, port) => transport.current?.value(id, port)}
          renderCount={renderCount}
          cable={cable}
        />
      </PlayheadContext>
      <footer className="lp-statusbar">
        <div className={status.error ? "lp-status error" : "lp-status"} role="status">
          {status.text}
        </div>
        <Waveform audio={audio} />
      </footer>
      <ProgressBar progress={progress} />
      <NoticeBar notices={notices} />
      {quickAdd && (
        <QuickAdd
          defs={nodeTypes}
          at={quickAdd}
          onAdd={(t) => addNode(t, quickAdd.at)}
          onClose={() => setQuickAdd(undefined)}
        />
      )}
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      {tools.overlays}
      {nodeHelp.panel}
      {stage.open && (
        <PerformView
          model={model}
          perform={stage.perform}
          midi={stage.midi}
          fadeMs={stage.fadeMs}
          setFadeMs={stage.setFadeMs}
          onClose={stage.close}
          say={say}
          level={() =>
            (live.current?.playing ? live.current : transport.current)?.meter() ?? SILENT
          }
          onStop={stop}
        />
      )}
      {toast && (
        <div
          className="lp-toast"
          role="alert"
          style={{
            left: Math.min(toast.x + 12, window.innerWidth - 440),
            top: Math.min(toast.y + 12, window.innerHeight - 80),
          }}
        >
          {toast.text}
        </div>
      )}
    </div>
  );
}

/**
 * The toolbar: the patch name, the transport area (a fixed width: TransportBar.tsx), undo and
 * redo, then menus for the less used actions — Edit (comment, group, arrange), View (minimap,
 * text, perform), File (new, open, save, exports, share, models), Live (engine readout, input,
 * buffer) — the demos and help. One row at 1400 px; at 1100 px it wraps to two, and no button
 * moves when a readout changes width.
 */
import { useRef } from "react";
import type { AudioValue } from "../engine/values";
import type { PatchModel } from "./model/patchModel";
import type { Transport } from "./transport";
import type { LiveTransport } from "./live/liveTransport";
import type { TempoControlProps } from "./TempoControl";
import type { useFileActions } from "./fileActions";
import { LiveControls, TransportBar } from "./TransportBar";
import { PatchName } from "./PatchName";
import { RecentMenu } from "./RecentMenu";
import { ModelMenu } from "./ModelMenu";
import { ToolMenu } from "./toolbar/ToolMenu";
import { DEMO_PATCHES } from "./demos";
import "./toolbar/toolbar.css";

export interface ToolbarProps {
  readonly model: PatchModel;
  readonly say: (text: string, error?: boolean) => void;
  /** A render or a start is under way: Play and Render & play wait. */
  readonly busy: boolean;
  readonly play: () => void;
  readonly stop: () => void;
  readonly renderAndPlay: () => void;
  readonly transport: () => Transport | undefined;
  readonly live: () => LiveTransport | undefined;
  readonly tempo: Omit<TempoControlProps, "live">;
  readonly edit: {
    readonly addComment: () => void;
    readonly group: () => void;
    readonly ungroup: () => void;
    readonly arrange: () => void;
  };
  readonly view: {
    readonly minimap: boolean;
    readonly toggleMinimap: () => void;
    readonly text: boolean;
    readonly toggleText: () => void;
    readonly perform: boolean;
    readonly togglePerform: () => void;
    readonly help: () => void;
  };
  readonly files: ReturnType<typeof useFileActions>;
  /** The last render, for Export WAV. */
  readonly audio: AudioValue | undefined;
  readonly share: () => void;
  readonly openDemo: (name: string) => void;
}

export function Toolbar(props: ToolbarProps) {
  const { model, say, edit, view, files } = props;
  const fileInput = useRef<HTMLInputElement>(null);
  const patch = model.patch;
  return (
    <header className="lp-toolbar">
      <span className="lp-brand">Latent Patcher</span>
      <PatchName
        name={patch.name}
        description={patch.description}
        rename={(name) => model.rename(name)}
        onRefused={(message) => say(message, true)}
      />
      <TransportBar transport={props.transport} live={props.live} tempo={props.tempo}>
        <button
          className="primary"
          onClick={props.play}
          disabled={props.busy}
          title="Stream the patch live from the engine worker; edits are heard as you make them"
        >
          ▶ Play
        </button>
        <button onClick={props.stop}>■ Stop</button>
        <button
          onClick={props.renderAndPlay}
          disabled={props.busy}
          title="Render offline for the inspectors and Export WAV, then play the render"
        >
          Render &amp; play
        </button>
      </TransportBar>
      <button onClick={() => model.undo()} disabled={!model.canUndo} title="Undo (Ctrl+Z)">
        ↶
      </button>
      <button onClick={() => model.redo()} disabled={!model.canRedo} title="Redo (Ctrl+Shift+Z)">
        ↷
      </button>
      <ToolMenu label="Edit" title="Comment, group, ungroup, arrange">
        <button onClick={edit.addComment} title="Add a comment box at the pointer (C)">
          Comment
        </button>
        <button
          onClick={edit.group}
          title="Group the selected nodes into a subpatch: one reusable node (Ctrl+G)"
        >
          Group
        </button>
        <button
          onClick={edit.ungroup}
          title="Expand the selected subpatch back into its nodes (Ctrl+Shift+G)"
        >
          Ungroup
        </button>
        <button onClick={edit.arrange} title="Lay the nodes out left to right by depth (L)">
          Arrange
        </button>
      </ToolMenu>
      <ToolMenu label="View" title="Minimap, the patch as text, the performance view">
        <button
          onClick={view.toggleMinimap}
          aria-pressed={view.minimap}
          title="Show or hide the minimap (M)"
        >
          Minimap
        </button>
        <button
          onClick={view.toggleText}
          aria-pressed={view.text}
          title="The patch as text (Ctrl+Shift+E)"
        >
          Text
        </button>
        <button
          onClick={view.togglePerform}
          aria-pressed={view.perform}
          title="Performance view: snapshots, morph, MIDI learn, big controls (P)"
        >
          Perform
        </button>
      </ToolMenu>
      <ToolMenu label="File" title="New, open, save, export, share; custom models">
        <button onClick={() => void files.newPatch()} title="A new, empty patch (Alt+N)">
          New
        </button>
        <button onClick={() => fileInput.current?.click()}>Open…</button>
        <RecentMenu files={files.recentList} onOpen={(f) => void files.openRecent(f)} />
        <button onClick={() => files.save()}>Save</button>
        <button
          onClick={() => files.exportWav(props.audio)}
          disabled={!props.audio}
          title="Download the last render"
        >
          Export WAV
        </button>
        <button
          onClick={() => files.exportBundle()}
          title="Download one zip with the patch, its sounds and the custom models it uses"
        >
          Export bundle
        </button>
        <button
          onClick={props.share}
          title="Copy a link that carries the patch (Ctrl+Shift+S); a patch with embedded audio needs a bundle"
        >
          Share
        </button>
        <ModelMenu patch={() => model.patch} say={say} />
      </ToolMenu>
      <ToolMenu
        label="Live"
        title="The live engine's backend, latency and underruns; the live input; the buffer"
        panel
      >
        <LiveControls live={props.live} />
      </ToolMenu>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json,.zip,application/zip"
        hidden
        aria-label="open patch file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) void files.openFile(file);
        }}
      />
      <select aria-label="demo patches" value="" onChange={(e) => props.openDemo(e.target.value)}>
        <option value="">Demos…</option>
        {Object.keys(DEMO_PATCHES)
          .sort()
          .map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
      </select>
      <button onClick={view.help} title="Keyboard shortcuts and mouse gestures (?)">
        ?
      </button>
    </header>
  );
}

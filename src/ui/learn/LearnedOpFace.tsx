/**
 * The face of a LearnedOp card: its fit in one line (kind, pairs, error before → after), a stale
 * mark when the examples changed since, and Fit (in an engine worker, with a progress bar and
 * Cancel), Load… (an operation file from `latent-patcher learn`) and Save… (this fit as one).
 * A fit or a load sets `operation` as one undoable edit, heard at once by a playing patch.
 */
import { useMemo, useRef, useState, useSyncExternalStore } from "react";
import { parseOperation } from "../../engine/learn/operationFile";
import type { Patch } from "../../engine/patch/schema";
import { nodeRegistry } from "../../nodes";
import type { PatchModel } from "../model/patchModel";
import { ProgressBar } from "../ProgressBar";
import { downloadText } from "../files";
import { fitSummary } from "./fitSummary";
import { learnFits } from "./learnFits";
import "./learn.css";

/** The parameters the face shows, left out of the card's generic controls. */
export const LEARNED_OP_FACE_PARAMS: readonly string[] = ["operation"];

/** An operation file bigger than this is refused before it is read (a 512-dim affine is ~6 MB). */
const MAX_OP_FILE_BYTES = 16 * 1024 * 1024;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function LearnedOpFace({
  model,
  nodeId,
  patch,
}: {
  model: PatchModel;
  nodeId: string;
  patch: Patch;
}) {
  const fitting = useSyncExternalStore(learnFits.subscribe, () => learnFits.progress);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const picker = useRef<HTMLInputElement>(null);
  const summary = useMemo(() => fitSummary(patch, nodeId, nodeRegistry), [patch, nodeId]);
  const mine = fitting?.nodeId === nodeId;
  const operation = String(patch.nodes.find((n) => n.id === nodeId)?.params.operation ?? "");

  const fit = async () => {
    setMessage(undefined);
    const outcome = await learnFits.fit(model, nodeId);
    if (outcome.ok) {
      const { renderMillis, fitMillis } = outcome.result;
      setMessage(
        `fitted in ${seconds(renderMillis + fitMillis)} (examples ${seconds(renderMillis)}, fit ${seconds(fitMillis)})`,
      );
    } else setMessage(outcome.message);
  };

  const load = async (file: File) => {
    if (file.size > MAX_OP_FILE_BYTES) {
      setMessage(`${file.name}: ${file.size} bytes; an operation file is at most 16 MB`);
      return;
    }
    try {
      const text = await file.text();
      const op = parseOperation(text);
      const landed = model.setParam(nodeId, "operation", JSON.stringify(JSON.parse(text)));
      setMessage(landed.ok ? `loaded a ${op.params.kind} fit from ${file.name}` : landed.message);
    } catch (err) {
      setMessage(`${file.name}: ${(err as Error).message.split("\n")[0]}`);
    }
  };

  const save = () => {
    try {
      const op = parseOperation(operation);
      downloadText(`${JSON.stringify(op, null, 2)}\n`, `${nodeId}.op.json`);
    } catch (err) {
      setMessage((err as Error).message.split("\n")[0]);
    }
  };

  return (
    <div
      className="lp-learn"
      data-testid="learned-op-face"
      onPointerDown={(e) => e.stopPropagation()}
    >
      <div className="lp-learn-summary" data-testid="fit-summary">
        {summary === undefined
          ? "no fit yet: wire dry/wet pairs into dry1/wet1 … and press Fit"
          : "problem" in summary
            ? summary.problem
            : `${summary.text}${summary.fromFile ? " · from a file" : ""}`}
      </div>
      {summary && !("problem" in summary) && summary.stale && (
        <div
          className="lp-learn-stale"
          data-testid="fit-stale"
          title="The fit still plays; press Fit to fit the examples as they are now"
        >
          stale — refit ({summary.stale})
        </div>
      )}
      {mine ? (
        <ProgressBar
          inline
          progress={{
            label: "fitting…",
            fraction: fitting.fraction,
            cancel: () => void learnFits.cancel(),
          }}
          cancelTitle="Stop fitting (Esc); the previous fit keeps playing"
        />
      ) : (
        <div className="lp-learn-buttons">
          <button
            disabled={fitting !== undefined}
            title={`Fit the node's kind from the pairs wired into dry1/wet1 … (in an engine worker; the result is one undoable edit)`}
            onClick={() => void fit()}
          >
            Fit
          </button>
          <button
            title="Load an operation file (.json, from latent-patcher learn) into this node"
            onClick={() => picker.current?.click()}
          >
            Load…
          </button>
          <button
            disabled={operation.trim() === ""}
            title="Save this node's fit as an operation file (for latent-patcher apply)"
            onClick={save}
          >
            Save…
          </button>
        </div>
      )}
      {message && (
        <div className="lp-learn-message" role="status" data-testid="fit-message">
          {message}
        </div>
      )}
      <input
        ref={picker}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="operation file"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) void load(file);
        }}
      />
    </div>
  );
}

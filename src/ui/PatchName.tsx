/**
 * The patch's name in the toolbar; a click makes it editable. Enter or leaving the field renames
 * the patch (one undo step, saved in the file), Escape keeps the old name.
 */
import { useState } from "react";
import type { Outcome } from "./model/patchModel";

export interface PatchNameProps {
  readonly name: string;
  readonly description: string | undefined;
  readonly rename: (name: string) => Outcome;
  /** A rename was refused; `message` says why. */
  readonly onRefused: (message: string) => void;
}

export function PatchName({ name, description, rename, onRefused }: PatchNameProps) {
  const [typed, setTyped] = useState<string | undefined>(undefined);
  if (typed === undefined) {
    return (
      <button
        className="lp-patch-name"
        title={`${description ? description + " — " : ""}click to rename the patch`}
        onClick={() => setTyped(name)}
      >
        {name}
      </button>
    );
  }
  const keep = () => {
    const outcome = rename(typed);
    if (!outcome.ok) onRefused(outcome.message);
    setTyped(undefined);
  };
  return (
    <input
      autoFocus
      className="lp-patch-name editing"
      aria-label="patch name"
      value={typed}
      size={Math.max(12, typed.length + 2)}
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setTyped(e.target.value)}
      onBlur={keep}
      onKeyDown={(e) => {
        if (e.key === "Enter") keep();
        if (e.key === "Escape") setTyped(undefined);
      }}
    />
  );
}

/**
 * The node help panel's state: which node type it shows, opened from a node's right-click menu
 * or by F1 / ? with one node selected. The examples it offers come from the demo patches'
 * own text (examplesByNodeType), so a new example shows up without a table to maintain.
 */
import { useState, type ReactNode } from "react";
import type { NodeDefinition } from "../../engine/nodeDefinition";
import { examplesByNodeType, nodeHelp } from "../../engine/nodeHelp";
import { DEMO_PATCHES } from "../demos";
import { NodeHelpPanel } from "./NodeHelpPanel";

const EXAMPLES = examplesByNodeType(DEMO_PATCHES);

export interface NodeHelpState {
  /** Shows the help of node type `type` (nothing if no definition has that type). */
  readonly show: (type: string) => void;
  readonly shown: boolean;
  readonly close: () => void;
  /** The panel, while shown. */
  readonly panel: ReactNode;
}

export function useNodeHelp(opts: {
  readonly nodeTypes: readonly NodeDefinition[];
  readonly openExample: (name: string) => void;
  readonly showShortcuts: () => void;
}): NodeHelpState {
  const [type, setType] = useState<string | undefined>(undefined);
  const def = type === undefined ? undefined : opts.nodeTypes.find((d) => d.type === type);
  const close = () => setType(undefined);
  return {
    show: setType,
    shown: def !== undefined,
    close,
    panel: def && (
      <NodeHelpPanel
        help={nodeHelp(def, EXAMPLES)}
        onOpenExample={(name) => {
          close();
          opts.openExample(name);
        }}
        onShortcuts={() => {
          close();
          opts.showShortcuts();
        }}
        onClose={close}
      />
    ),
  };
}

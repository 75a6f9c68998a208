/**
 * A node type's help, drawn from the same model as docs/nodes.md: its description, where it
 * comes from, its ports with their types, its parameters with ranges, defaults and units, and
 * the example patches that use it, each opened with one click.
 */
import type { NodeHelp } from "../../engine/nodeHelp";
import "./help.css";

export interface NodeHelpPanelProps {
  readonly help: NodeHelp;
  readonly onOpenExample: (name: string) => void;
  readonly onShortcuts: () => void;
  readonly onClose: () => void;
}

function Ports({ title, ports }: { title: string; ports: NodeHelp["inputs"] }) {
  if (ports.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <table>
        <tbody>
          {ports.map((p) => (
            <tr key={p.name} data-port={p.name}>
              <th>
                {p.name}
                {p.optional && <span className="lp-node-help-tag">optional</span>}
              </th>
              <td className="lp-node-help-types">
                {p.types.map((t) => (
                  <span key={t} className={`lp-type type-${t}`}>
                    {t}
                  </span>
                ))}
              </td>
              <td>{p.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function NodeHelpPanel({ help, onOpenExample, onShortcuts, onClose }: NodeHelpPanelProps) {
  return (
    <div className="lp-help-backdrop" onPointerDown={onClose}>
      <div
        className="lp-help lp-node-help"
        role="dialog"
        aria-label={`help for ${help.type}`}
        onPointerDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === "Escape" || e.key === "F1" || e.key === "?") {
            e.preventDefault(); // F1 would open the browser's own help
            onClose();
          }
          e.stopPropagation();
        }}
      >
        <header>
          <h2>
            {help.type} <span className="lp-node-help-category">{help.category}</span>
          </h2>
          <button autoFocus onClick={onClose} aria-label="close the help">
            ✕
          </button>
        </header>
        <p className="lp-node-help-description">
          {help.description}
          {help.whole && " It needs its whole input before it outputs anything."}
        </p>
        {help.reference && <p className="lp-node-help-reference">From {help.reference}</p>}
        <Ports title="Inputs" ports={help.inputs} />
        <Ports title="Outputs" ports={help.outputs} />
        {help.params.length > 0 && (
          <>
            <h3>Parameters</h3>
            <table>
              <tbody>
                {help.params.map((p) => (
                  <tr key={p.name} data-param={p.name}>
                    <th>{p.name}</th>
                    <td className="lp-node-help-range">
                      {p.range}
                      <div>default {p.defaultText}</div>
                      {p.modulatable && <div className="lp-node-help-tag">modulatable</div>}
                    </td>
                    <td>{p.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <h3>Examples</h3>
        {help.examples.length > 0 ? (
          <div className="lp-node-help-examples">
            {help.examples.map((name) => (
              <button key={name} onClick={() => onOpenExample(name)} title="Open this example">
                Open {name}
              </button>
            ))}
          </div>
        ) : (
          <p className="lp-help-foot">No example patch uses {help.type} yet.</p>
        )}
        <p className="lp-help-foot">
          F1 or ? with a node selected shows its help; Esc closes.{" "}
          <button className="lp-link" onClick={onShortcuts}>
            All keyboard shortcuts
          </button>
        </p>
      </div>
    </div>
  );
}

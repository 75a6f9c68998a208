/**
 * The inspector panel: the outputs of the selected node after the last render, each drawn by the
 * view of its value type. A curve named "indices" beside a latent is a codebook choice (the
 * contract of QuantizeToCodebook and DescriptorTarget) and also gets the codebook map.
 */
import "./inspector.css";
import type { Patch } from "../../engine/patch/schema";
import type { Value } from "../../engine/values";
import { nodeRegistry } from "../../nodes";
import { nodeTitle, patchRegistry } from "../../engine/patch/subpatch";
import { splitEndpoint } from "../../engine/patch/endpoint";
import { AudioView, CodebookView, CurveView, LatentView, VectorView } from "./OutputViews";

export interface InspectorProps {
  readonly patch: Patch;
  readonly nodeId: string | undefined;
  /** A node's output from the last render. */
  readonly read: (nodeId: string, port: string) => Value | undefined;
  /** Changes with every render, so views redraw. */
  readonly renderCount: number;
  /** A clicked cable of `nodeId` (`"node.port"` ends): only its output is shown. */
  readonly cable?: { readonly from: string; readonly to: string } | undefined;
}

function OutputView({
  name,
  value,
  modelId,
  descriptor,
}: {
  name: string;
  value: Value;
  modelId: string | undefined;
  descriptor: string | undefined;
}) {
  switch (value.type) {
    case "audio":
      return <AudioView value={value} />;
    case "latent":
      return <LatentView value={value} />;
    case "vector":
      return <VectorView name={name} value={value} />;
    case "scalar":
      return (
        <p className="lp-inspector-note">
          {name} = {value.value}
        </p>
      );
    case "curve":
      return (
        <>
          {name === "indices" && modelId !== undefined && (
            <CodebookView modelId={modelId} indices={value} initial={descriptor} />
          )}
          <CurveView name={name} value={value} />
        </>
      );
  }
}

export function Inspector({ patch, nodeId, read, renderCount, cable }: InspectorProps) {
  const node = patch.nodes.find((n) => n.id === nodeId);
  const def = patchRegistry(nodeRegistry, patch.subpatches).get(node?.type ?? "");
  if (!node || !def) {
    return (
      <aside className="lp-inspector" aria-label="inspector">
        <p className="lp-inspector-note">Select a node to see its outputs after a render.</p>
      </aside>
    );
  }
  const port = cable && splitEndpoint(cable.from);
  const shown =
    port?.node === node.id ? def.outputs.filter((o) => o.name === port.port) : def.outputs;
  const outputs = shown.flatMap((o) => {
    const value = read(node.id, o.name);
    return value ? [{ name: o.name, value }] : [];
  });
  const latent = outputs.find((o) => o.value.type === "latent")?.value;
  const modelId = latent?.type === "latent" ? latent.modelId : undefined;
  const descriptor =
    typeof node.params.descriptor === "string" ? node.params.descriptor : undefined;
  return (
    <aside
      className="lp-inspector"
      aria-label="inspector"
      data-inspecting={node.id}
      data-cable={port?.node === node.id ? `${cable?.from}→${cable?.to}` : undefined}
    >
      <header>
        <span className="lp-node-type">{nodeTitle(def)}</span>{" "}
        <span className="lp-node-id">{node.id}</span>
        {port?.node === node.id && (
          <span className="lp-inspector-cable">
            {" "}
            cable {cable?.from} → {cable?.to}
          </span>
        )}
      </header>
      {outputs.length === 0 && (
        <p className="lp-inspector-note">Render (▶) to see what this node outputs.</p>
      )}
      {outputs.map((o) => (
        <section key={`${o.name}/${renderCount}`} data-output={o.name}>
          <h3>
            {o.name} <span className={`lp-type type-${o.value.type}`}>{o.value.type}</span>
          </h3>
          <OutputView name={o.name} value={o.value} modelId={modelId} descriptor={descriptor} />
        </section>
      ))}
    </aside>
  );
}

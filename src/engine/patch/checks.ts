/**
 * The checks that need node definitions: node types exist, params fit their specs, connections
 * name real nodes and ports, each input has at most one cable, referenced assets exist, comment
 * ids are unique; subpatch definitions pass the same checks inside, expose real inner ports and
 * do not contain themselves. Type compatibility, cycles and missing required inputs are the graph
 * compiler's.
 */
import type { NodeDefinition } from "../nodeDefinition";
import { inputPorts, validateParams } from "../params";
import { splitEndpoint } from "./endpoint";
import type { PatchIssue } from "./errors";
import { pathKey, preview } from "./path";
import { checkPerform } from "./performChecks";
import type { NodeRegistry } from "./registry";
import type { Patch, PatchConnection, PatchNode, Subpatch } from "./schema";
import {
  isSubpatchDefinition,
  patchRegistry,
  subpatchIdOf,
  subpatchLoop,
  subpatchType,
} from "./subpatch";
import { didYouMean } from "./suggest";

/** `Encode`, or `subpatch "Wobble"` for an instance: how messages name a node's kind. */
const kindOf = (def: NodeDefinition): string =>
  isSubpatchDefinition(def) ? `subpatch ${JSON.stringify(def.subpatch.name)}` : def.type;

/** Why `type` names no definition in `registry`. */
function unknownType(
  type: string,
  registry: NodeRegistry,
  subpatches: readonly Subpatch[],
): string {
  const subId = subpatchIdOf(type);
  if (subId === undefined) {
    const types = registry.all().map((d) => d.type);
    return `unknown node type ${JSON.stringify(type)}${didYouMean(type, types)}`;
  }
  if (subpatches.some((s) => s.id === subId)) {
    const loop = subpatchLoop(subpatches) ?? [subId];
    return `subpatch ${JSON.stringify(subId)} cannot be used here: subpatch ${JSON.stringify(loop[0])} contains itself (${loop.join(" → ")})`;
  }
  const ids = subpatches.map((s) => s.id);
  const known = ids.length ? `; subpatches: ${ids.join(", ")}` : "; the patch has none";
  return `no subpatch ${JSON.stringify(subId)} in patch.subpatches${known}`;
}

function checkNodes(
  nodes: readonly PatchNode[],
  base: string,
  patch: Patch,
  registry: NodeRegistry,
  issues: PatchIssue[],
): Map<string, NodeDefinition | undefined> {
  const defs = new Map<string, NodeDefinition | undefined>();
  const firstIndex = new Map<string, number>();
  const assetIds = Object.keys(patch.assets ?? {});
  nodes.forEach((node, i) => {
    const at = `${base}[${i}]`;
    const earlier = firstIndex.get(node.id);
    if (earlier !== undefined) {
      issues.push({
        path: `${at}.id`,
        message: `duplicate node id ${JSON.stringify(node.id)} (also ${base}[${earlier}])`,
      });
    } else {
      firstIndex.set(node.id, i);
    }
    const def = registry.get(node.type);
    if (earlier === undefined) defs.set(node.id, def);
    if (!def) {
      issues.push({
        path: `${at}.type`,
        message: unknownType(node.type, registry, patch.subpatches ?? []),
      });
      return;
    }
    issues.push(...validateParams(def, node.params, `${at}.params`));
    for (const spec of def.params) {
      const value = node.params[spec.name];
      if (
        spec.kind !== "string" ||
        spec.refers !== "asset" ||
        typeof value !== "string" ||
        value === ""
      )
        continue;
      if (!assetIds.includes(value)) {
        const known = assetIds.length
          ? `; assets: ${assetIds.join(", ")}`
          : "; the patch has no assets";
        issues.push({
          path: pathKey(`${at}.params`, spec.name),
          message: `no asset ${preview(value)} in patch.assets${known}`,
        });
      }
    }
  });
  return defs;
}

function checkConnections(
  connections: readonly PatchConnection[],
  base: string,
  defs: Map<string, NodeDefinition | undefined>,
  issues: PatchIssue[],
): Map<string, number> {
  const fedBy = new Map<string, number>();
  connections.forEach((conn, i) => {
    const at = `${base}[${i}]`;
    for (const end of ["from", "to"] as const) {
      const { node, port } = splitEndpoint(conn[end]);
      if (!defs.has(node)) {
        issues.push({
          path: `${at}.${end}`,
          message: `no node ${JSON.stringify(node)}${didYouMean(node, defs.keys())}`,
        });
        continue;
      }
      const def = defs.get(node);
      if (!def) continue; // unknown type, reported on the node
      const ports =
        end === "from" ? def.outputs.map((o) => o.name) : inputPorts(def).map((p) => p.name);
      const kind = end === "from" ? "output" : "input";
      if (!ports.includes(port)) {
        const list = ports.length ? `; ${kind}s: ${ports.join(", ")}` : `; it has no ${kind}s`;
        issues.push({
          path: `${at}.${end}`,
          message: `node ${JSON.stringify(node)} (${kindOf(def)}) has no ${kind} ${JSON.stringify(port)}${list}`,
        });
        continue;
      }
      if (end === "to") {
        const earlier = fedBy.get(conn.to);
        if (earlier !== undefined) {
          issues.push({
            path: `${at}.to`,
            message: `input ${JSON.stringify(conn.to)} already has a connection (${base}[${earlier}]); an input takes one cable`,
          });
        } else {
          fedBy.set(conn.to, i);
        }
      }
    }
  });
  return fedBy;
}

/** An exposed port's endpoint names a node of the subpatch and one of its ports. */
function checkExposed(
  end: string,
  side: "input" | "output",
  at: string,
  defs: Map<string, NodeDefinition | undefined>,
  issues: PatchIssue[],
): boolean {
  const { node, port } = splitEndpoint(end);
  if (!defs.has(node)) {
    const message = `no node ${JSON.stringify(node)} in this subpatch${didYouMean(node, defs.keys())}`;
    issues.push({ path: at, message });
    return false;
  }
  const def = defs.get(node);
  if (!def) return false; // unknown type, reported on the node
  const ports =
    side === "output" ? def.outputs.map((o) => o.name) : inputPorts(def).map((p) => p.name);
  if (ports.includes(port)) return true;
  const list = ports.length ? `; ${side}s: ${ports.join(", ")}` : `; it has no ${side}s`;
  const message = `node ${JSON.stringify(node)} (${kindOf(def)}) has no ${side} ${JSON.stringify(port)}${list}`;
  issues.push({ path: at, message });
  return false;
}

/** `values[i]` is written at `${base}[i].${key}`; each may appear once. */
function checkUnique(
  values: readonly string[],
  base: string,
  key: string,
  what: string,
  issues: PatchIssue[],
): void {
  const seen = new Map<string, number>();
  values.forEach((value, i) => {
    const earlier = seen.get(value);
    if (earlier === undefined) seen.set(value, i);
    else
      issues.push({
        path: `${base}[${i}].${key}`,
        message: `duplicate ${what} ${JSON.stringify(value)} (also ${base}[${earlier}])`,
      });
  });
}

/** The definitions: unique ids, no loops, and each one a sound graph with real exposed ports. */
function checkSubpatches(patch: Patch, registry: NodeRegistry, issues: PatchIssue[]): void {
  const subpatches = patch.subpatches ?? [];
  checkUnique(
    subpatches.map((s) => s.id),
    "patch.subpatches",
    "id",
    "subpatch id",
    issues,
  );
  const loop = subpatchLoop(subpatches);
  if (loop) {
    const i = subpatches.findIndex((s) => s.id === loop[0]);
    issues.push({
      path: `patch.subpatches[${i}]`,
      message: `subpatch ${JSON.stringify(loop[0])} contains itself (${loop.join(" → ")}); a subpatch cannot contain an instance of itself`,
    });
  }
  subpatches.forEach((sub, s) => {
    const at = `patch.subpatches[${s}]`;
    if (loop?.includes(sub.id) || registry.get(subpatchType(sub.id)) === undefined) return;
    const defs = checkNodes(sub.nodes, `${at}.nodes`, patch, registry, issues);
    const fedBy = checkConnections(sub.connections, `${at}.connections`, defs, issues);
    const names = (ports: readonly { name: string }[]) => ports.map((p) => p.name);
    checkUnique(names(sub.inputs), `${at}.inputs`, "name", "input name", issues);
    checkUnique(names(sub.outputs), `${at}.outputs`, "name", "output name", issues);
    const exposedAt = new Map<string, string>();
    sub.inputs.forEach((input, i) => {
      input.to.forEach((end, j) => {
        const path = `${at}.inputs[${i}].to[${j}]`;
        if (!checkExposed(end, "input", path, defs, issues)) return;
        const cable = fedBy.get(end);
        const earlier = exposedAt.get(end);
        if (cable !== undefined || earlier !== undefined) {
          const by = cable !== undefined ? `${at}.connections[${cable}]` : earlier;
          issues.push({
            path,
            message: `input ${JSON.stringify(end)} is already fed by ${by}; an input takes one cable`,
          });
        }
        exposedAt.set(end, path);
      });
    });
    sub.outputs.forEach((output, i) => {
      checkExposed(output.from, "output", `${at}.outputs[${i}].from`, defs, issues);
    });
  });
}

function checkComments(patch: Patch, issues: PatchIssue[]): void {
  const firstIndex = new Map<string, number>();
  patch.comments?.forEach((comment, i) => {
    const earlier = firstIndex.get(comment.id);
    if (earlier === undefined) firstIndex.set(comment.id, i);
    else
      issues.push({
        path: `patch.comments[${i}].id`,
        message: `duplicate comment id ${JSON.stringify(comment.id)} (also patch.comments[${earlier}])`,
      });
  });
}

/**
 * Every semantic issue of a schema-valid patch, in document order of subpatches, nodes,
 * connections, comments.
 */
export function checkPatch(patch: Patch, base: NodeRegistry): PatchIssue[] {
  const issues: PatchIssue[] = [];
  const registry = patchRegistry(base, patch.subpatches);
  checkSubpatches(patch, registry, issues);
  const defs = checkNodes(patch.nodes, "patch.nodes", patch, registry, issues);
  checkConnections(patch.connections, "patch.connections", defs, issues);
  checkComments(patch, issues);
  issues.push(...checkPerform(patch.perform, defs));
  return issues;
}

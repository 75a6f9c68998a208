/**
 * The checks that need node definitions: node types exist, params fit their specs, connections
 * name real nodes and ports, each input has at most one cable, referenced assets exist, comment
 * ids are unique. Type compatibility, cycles and missing required inputs are the graph compiler's.
 */
import type { NodeDefinition } from "../nodeDefinition";
import { inputPorts, validateParams } from "../params";
import { splitEndpoint } from "./endpoint";
import type { PatchIssue } from "./errors";
import { pathKey } from "./path";
import type { NodeRegistry } from "./registry";
import type { Patch } from "./schema";
import { didYouMean } from "./suggest";

function checkNodes(
  patch: Patch,
  registry: NodeRegistry,
  issues: PatchIssue[],
): Map<string, NodeDefinition | undefined> {
  const defs = new Map<string, NodeDefinition | undefined>();
  const firstIndex = new Map<string, number>();
  const types = registry.all().map((d) => d.type);
  const assetIds = Object.keys(patch.assets ?? {});
  patch.nodes.forEach((node, i) => {
    const at = `patch.nodes[${i}]`;
    const earlier = firstIndex.get(node.id);
    if (earlier !== undefined) {
      issues.push({
        path: `${at}.id`,
        message: `duplicate node id ${JSON.stringify(node.id)} (also patch.nodes[${earlier}])`,
      });
    } else {
      firstIndex.set(node.id, i);
    }
    const def = registry.get(node.type);
    if (earlier === undefined) defs.set(node.id, def);
    if (!def) {
      issues.push({
        path: `${at}.type`,
        message: `unknown node type ${JSON.stringify(node.type)}${didYouMean(node.type, types)}`,
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
          message: `no asset ${JSON.stringify(value)} in patch.assets${known}`,
        });
      }
    }
  });
  return defs;
}

function checkConnections(
  patch: Patch,
  defs: Map<string, NodeDefinition | undefined>,
  issues: PatchIssue[],
): void {
  const fedBy = new Map<string, number>();
  patch.connections.forEach((conn, i) => {
    const at = `patch.connections[${i}]`;
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
          message: `node ${JSON.stringify(node)} (${def.type}) has no ${kind} ${JSON.stringify(port)}${list}`,
        });
        continue;
      }
      if (end === "to") {
        const earlier = fedBy.get(conn.to);
        if (earlier !== undefined) {
          issues.push({
            path: `${at}.to`,
            message: `input ${JSON.stringify(conn.to)} already has a connection (patch.connections[${earlier}]); an input takes one cable`,
          });
        } else {
          fedBy.set(conn.to, i);
        }
      }
    }
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

/** Every semantic issue of a schema-valid patch, in document order of nodes, connections, comments. */
export function checkPatch(patch: Patch, registry: NodeRegistry): PatchIssue[] {
  const issues: PatchIssue[] = [];
  const defs = checkNodes(patch, registry, issues);
  checkConnections(patch, defs, issues);
  checkComments(patch, issues);
  return issues;
}

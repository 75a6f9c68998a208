/**
 * Patch files, format v2: schema, parsing with path-naming errors, canonical serialization and
 * migrations. See docs/patch-format.md.
 */
export { PatchError, type PatchIssue } from "./errors";
export { CURRENT_VERSION, MIGRATIONS, migratePatch, type MigrationStep } from "./migrate";
export { parsePatch, splitEndpoint, type Endpoint } from "./parse";
export { createRegistry, type NodeRegistry } from "./registry";
export {
  DEFAULT_BPM,
  MAX_BPM,
  MAX_LOOP_BARS,
  MIN_BPM,
  PATCH_FORMAT,
  patchSchema,
  patchTransport,
  type JsonValue,
  type Patch,
  type PatchAsset,
  type PatchConnection,
  type PatchNode,
  type PatchTransport,
  type Subpatch,
} from "./schema";
export { serializePatch } from "./serialize";
export {
  isSubpatchDefinition,
  nodeTitle,
  patchRegistry,
  subpatchIdOf,
  subpatchType,
  type SubpatchNodeDefinition,
} from "./subpatch";

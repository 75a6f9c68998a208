/**
 * The engine's Web Worker entry: one EngineHost exposed with comlink. The app's files (model
 * packs, builtin audio) are fetched relative to the page's origin. Start it with
 * `createEngineClient()` from `engineClient.ts`.
 */
import { expose } from "comlink";
import { DEFAULT_MODEL_ID } from "../models/defaults";
import { fetchLoader } from "../resources";
import { nodeRegistry } from "../../nodes";
import { EngineHost } from "./engineHost";

const base = new URL("/", self.location.href).href;

expose(
  new EngineHost({
    registry: nodeRegistry,
    appLoader: fetchLoader(base),
    defaultModelId: DEFAULT_MODEL_ID,
  }),
);

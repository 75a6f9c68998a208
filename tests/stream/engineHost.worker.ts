// The engine worker for Node tests: an EngineHost over the repo's files, exposed with comlink's
// Node adapter on this worker thread's port.
import { parentPort } from "node:worker_threads";
import { expose } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { EngineHost } from "../../src/engine/worker/engineHost";
import { testEngineOptions } from "./helpers";

expose(new EngineHost(testEngineOptions()), nodeEndpoint(parentPort!));

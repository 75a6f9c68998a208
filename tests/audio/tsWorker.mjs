// Boots a TypeScript worker under tsx: `workerData.entry` is the module URL to run.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);

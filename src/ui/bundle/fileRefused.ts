import { clipLines } from "../../engine/patch/path";

/**
 * A file the user gave is not what it should be; the message names the file and the problem.
 * It quotes paths and wrapped messages from the file itself, so it is bounded as a PatchError
 * is: each line cut at 1,000 characters, past 50 lines the rest counted.
 */
export class FileRefusedError extends Error {
  constructor(message: string) {
    super(clipLines(message));
    this.name = "FileRefusedError";
  }
}

/** A file the user gave is not what it should be; the message names the file and the problem. */
export class FileRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FileRefusedError";
  }
}

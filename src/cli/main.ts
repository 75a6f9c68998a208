/**
 * The `latent-patcher` command: render patches, encode and decode audio, list models, validate
 * patches. A user error prints one line and exits non-zero; never a stack trace.
 */
import { parseArgs } from "node:util";

export const USAGE = `usage: latent-patcher <command> [options]

  render <patch.json | bundle.zip> --out out.wav [--seconds N] [--block FRAMES]
  encode <in.wav> [more.wav …] [--model ID] (--out z.npy | --out-dir DIR)
  decode <z.npy> [--model ID] --out out.wav
  models
  validate <patch.json | bundle.zip>
  text <patch.json>              print the patch's text form
  text --to-json <patch.lp>      print a text patch as JSON

A patch may be JSON (.patch.json) or text (.lp) wherever a patch is read.

--model omitted means the default model pack.`;

export class UsageError extends Error {}

export type Flags = Record<string, string | boolean | undefined>;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        out: { type: "string" },
        "out-dir": { type: "string" },
        model: { type: "string" },
        seconds: { type: "string" },
        block: { type: "string" },
        help: { type: "boolean", short: "h" },
        "to-json": { type: "boolean" },
      },
    });
    if (
      values.help ||
      command === undefined ||
      command === "help" ||
      command === "--help" ||
      command === "-h"
    ) {
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    }
    // Each command loads only its own modules: encode and decode start without the engine.
    switch (command) {
      case "render":
        return await (await import("./patchCommands")).renderCommand(positionals, values);
      case "validate":
        return await (await import("./patchCommands")).validateCommand(positionals);
      case "encode":
        return await (await import("./codecCommands")).encodeCommand(positionals, values);
      case "decode":
        return await (await import("./codecCommands")).decodeCommand(positionals, values);
      case "models":
        return await (await import("./codecCommands")).modelsCommand();
      case "text":
        return await (await import("./textFiles")).textCommand(positionals, values);
      default:
        throw new UsageError(
          `unknown command "${command}" (commands: render, encode, decode, models, validate, text)`,
        );
    }
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const usage =
      err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    console.error(`latent-patcher: ${msg.split("\n").join("\n  ")}`);
    if (usage) console.error("run `latent-patcher --help` for usage");
    return usage ? 2 : 1;
  }
}

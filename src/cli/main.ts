/**
 * The `latent-patcher` command: render patches, encode and decode audio, list models, validate
 * patches. A user error prints one line and exits non-zero (2 for a mistake in the command
 * line, 1 for a problem with its input); never a stack trace.
 */
import { parseCommandArgs, type Flags } from "./args";
import { EXIT_INPUT, EXIT_USAGE, UsageError } from "./usage";

export { UsageError } from "./usage";
export type { Flags } from "./args";

export const USAGE = `usage: latent-patcher <command> [options]

  render <patch.json | bundle.zip> --out out.wav [--seconds N] [--block FRAMES]
         [--model ID|PATH] [--format s24|s16|f32]
  encode <in.wav> [more.wav …] [--model ID|PATH] [--seconds N] (--out z.npy | --out-dir DIR)
  decode <z.npy> [more.npy …] [--model ID|PATH] [--force] [--format f32|s24|s16]
         (--out out.wav | --out-dir DIR)
  models                         list every pack (a bad one is named, exit 1)
  models check <pack folder | pack.zip>
  validate <patch.json | bundle.zip> [--model ID|PATH]
  text <patch.json>              print the patch's text form
  text --to-json <patch.lp>      print a text patch as JSON
  learn --kind mean|affine|filmr --dry d1.wav [d2.wav …] --wet w1.wav [w2.wav …]
        --out op.json [--model ID|PATH] [--steps N] [--shrink auto|S]
                                                fit a latent operation (docs/learn.md)
  apply <op.json> <in.wav> --out out.wav [--amount A] [--format f32|s24|s16]

A patch may be JSON (.patch.json) or text (.lp) wherever a patch is read.
encode writes z.json (the latents' model, rates and source) beside z.npy; decode reads it.
--model omitted means the default model pack (for decode: the one z.json names);
--model PATH (with a / or ending in .zip) loads a pack folder or zip from anywhere.
--models DIR (every command that loads models) adds a folder of packs, as does
$LATENT_PATCHER_MODELS (folders separated by ":").
--runtime native|wasm (every command that loads models): the models run on onnxruntime-node's
CPU build (native, the default) or on the app's WebAssembly build (wasm: the app's numbers
bit for bit); one thread either way.
--format: f32 (float, lossless), s24 or s16 (integer PCM; clipped samples are reported);
render writes s24, decode f32 unless told.
Exit status: 0 done, 1 a problem with an input, 2 a mistake in the command line.`;

const COMMANDS = ["render", "encode", "decode", "models", "validate", "text", "learn", "apply"];

async function dispatch(command: string, positionals: string[], flags: Flags): Promise<number> {
  // Each command loads only its own modules: encode and decode start without the engine.
  switch (command) {
    case "render":
      return (await import("./patchCommands")).renderCommand(positionals, flags);
    case "validate":
      return (await import("./patchCommands")).validateCommand(positionals, flags);
    case "encode":
      return (await import("./encodeCommand")).encodeCommand(positionals, flags);
    case "decode":
      return (await import("./codecCommands")).decodeCommand(positionals, flags);
    case "learn":
      return (await import("./learnCommands")).learnCommand(positionals, flags);
    case "apply":
      return (await import("./learnCommands")).applyCommand(positionals, flags);
    case "models":
      return (await import("./modelsCommand")).modelsCommand(positionals);
    default:
      return (await import("./textFiles")).textCommand(positionals, flags);
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
      console.log(USAGE);
      return command === undefined ? EXIT_USAGE : 0;
    }
    if (!COMMANDS.includes(command))
      throw new UsageError(`unknown command "${command}" (commands: ${COMMANDS.join(", ")})`);
    const { positionals, flags } = parseCommandArgs(command, rest);
    if (flags.help) {
      console.log(USAGE);
      return 0;
    }
    if (command !== "text") {
      await (await import("./modelSources")).configureModelSources(flags);
      await (await import("./onnxRuntime")).configureOnnxRuntime(flags);
    }
    return await dispatch(command, positionals, flags);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    console.error(`latent-patcher: ${msg.split("\n").join("\n  ")}`);
    return err instanceof UsageError ? EXIT_USAGE : EXIT_INPUT;
  }
}

/**
 * The command line's arguments, read per command: each command names the options it honours,
 * and anything else — an unknown option, one that does not apply to this command, a missing or
 * malformed value, a repeated option — is refused in one line (a {@link UsageError}) before any
 * work starts. A value is the next argument even when it starts with "-" (`--seconds -1` is a
 * bad value, not a missing one).
 */
import { UsageError } from "./usage";

/** Values of the options given, by name without the dashes; booleans are `true` when given. */
export type Flags = Record<string, string | boolean | readonly string[] | undefined>;

/** Every option of the CLI and whether it takes a value. */
const OPTIONS: Record<string, "string" | "boolean" | "list"> = {
  out: "string",
  "out-dir": "string",
  model: "string",
  models: "string",
  runtime: "string",
  seconds: "string",
  block: "string",
  format: "string",
  force: "boolean",
  "to-json": "boolean",
  help: "boolean",
  kind: "string",
  steps: "string",
  amount: "string",
  shrink: "string",
  dry: "list",
  wet: "list",
};

/** The options each command honours (`--help` goes with all of them). */
export const COMMAND_OPTIONS: Record<string, readonly string[]> = {
  render: ["out", "seconds", "block", "model", "models", "format", "runtime"],
  encode: ["out", "out-dir", "model", "models", "seconds", "runtime"],
  decode: ["out", "out-dir", "model", "models", "format", "force", "runtime"],
  models: ["models", "runtime"],
  validate: ["model", "models", "runtime"],
  text: ["to-json"],
  learn: ["kind", "dry", "wet", "out", "model", "models", "steps", "shrink", "runtime"],
  apply: ["out", "amount", "format", "models", "runtime"],
};

/** The parsed command line of one command. */
export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Flags;
}

const list = (names: readonly string[]): string =>
  names.length === 0 ? "no options" : names.map((n) => `--${n}`).join(", ");

/** Reads `args` (what follows the command name) for `command`; throws a UsageError when wrong. */
export function parseCommandArgs(command: string, args: readonly string[]): ParsedArgs {
  const allowed = COMMAND_OPTIONS[command] ?? [];
  const positionals: string[] = [];
  const flags: Flags = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === "-h") {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") ? arg.slice(2, eq < 0 ? undefined : eq) : "";
    const kind = OPTIONS[name];
    const shown = eq < 0 ? arg : arg.slice(0, eq);
    if (!kind) throw new UsageError(`unknown option ${shown} (${command} takes ${list(allowed)})`);
    if (name !== "help" && !allowed.includes(name))
      throw new UsageError(`${shown} does not apply to ${command} (it takes ${list(allowed)})`);
    if (flags[name] !== undefined) throw new UsageError(`${shown} is given twice`);
    if (kind === "boolean") {
      if (eq >= 0) throw new UsageError(`${shown} takes no value`);
      flags[name] = true;
      continue;
    }
    if (kind === "list") {
      // The values are the arguments up to the next option: `--dry a.wav b.wav --wet …`.
      const values = eq >= 0 ? [arg.slice(eq + 1)] : [];
      while (i + 1 < args.length && !args[i + 1]!.startsWith("-")) values.push(args[++i]!);
      if (values.length === 0 || values.includes(""))
        throw new UsageError(`${shown} needs one or more values`);
      flags[name] = values;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === "") throw new UsageError(`${shown} needs a value`);
    flags[name] = value;
  }
  return { positionals, flags };
}

/** Refuses more positional arguments than `max` (`what` names what the command takes). */
export function atMost(positionals: readonly string[], max: number, what: string): void {
  if (positionals.length > max)
    throw new UsageError(
      `${what}, got ${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(" ")}`,
    );
}

/** The values of list option `name` (none when it was not given). */
export function listOf(flags: Flags, name: string): readonly string[] {
  const v = flags[name];
  if (Array.isArray(v)) return v as readonly string[];
  return typeof v === "string" ? [v] : [];
}

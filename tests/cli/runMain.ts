/**
 * Runs the CLI's `main` in this process, as `latent-patcher ARGS…` would, and returns its exit
 * status and what it printed, line by line (faster than a process per run; cli.test.ts runs
 * the real binary).
 */
import { vi } from "vitest";
import { main } from "../../src/cli/main";

export interface CliRun {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

export async function runMain(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => {
    out.push(a.map(String).join(" "));
  });
  const error = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => {
    err.push(a.map(String).join(" "));
  });
  try {
    const code = await main(args);
    return {
      code,
      out: out.join("\n").split("\n"),
      err: err.join("\n").split("\n").filter(Boolean),
    };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

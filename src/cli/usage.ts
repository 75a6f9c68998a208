/** Errors of the command line's use, as opposed to its input. */

/**
 * A mistake in the command line itself — an unknown or inapplicable option, a bad value, a
 * missing argument: the CLI prints its one-line message and exits with status 2. Any other
 * error (a missing or broken file, a refused model) exits with status 1.
 */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Exit status of a usage mistake. */
export const EXIT_USAGE = 2;
/** Exit status of a problem with the input (or of a batch where some input failed). */
export const EXIT_INPUT = 1;

/**
 * Entry of the help-only build (dist/help.cjs, CommonJS): help, --version and usage mistakes without starting
 * Node's ES module loader, which alone costs about a tenth of bare Node's start-up.
 */
import { main, NotInThisBuild } from './cli.js';
import { standardError } from './io/std-streams.js';

/** The exit code when the command line was help, a version or a usage mistake; undefined when it asks for more. */
export async function help(argv: string[]): Promise<number | undefined> {
  try {
    return await main(argv, { onlyHelp: true });
  } catch (error) {
    // A command to run (NotInThisBuild), or an error this build cannot report: the full build runs the line again.
    if (!(error instanceof NotInThisBuild) && process.env.PULSA_DOCTOR_DEBUG) standardError().write(`help build: ${String(error)}\n`);
    return undefined;
  }
}

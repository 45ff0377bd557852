/**
 * Entry of the full build (dist/bundle/pulsa.cjs) and of the per-command builds (dist/bundle/pulsa-<command>.cjs),
 * loaded by bin/pulsa.cjs with their V8 code caches: runs a command line. Each command's code is initialised
 * only when that command runs.
 */
import { main, NotInThisBuild } from './cli.js';
import { outputWritten } from './io/std-streams.js';

/**
 * Runs the command line; false, having run nothing, when its command is not in this build. True once the
 * command is done and all it wrote has reached the system, when the process may end (see bin/pulsa.cjs).
 */
export async function run(argv: string[]): Promise<boolean> {
  try {
    process.exitCode = await main(argv);
    await outputWritten();
    return true;
  } catch (error) {
    if (error instanceof NotInThisBuild) return false;
    throw error;
  }
}

/**
 * Entry of the full build (dist/bundle/pulsa.cjs, loaded by bin/pulsa.cjs with its V8 code cache): runs a
 * command line. Each command's code is initialised only when that command runs.
 */
import { main } from './cli.js';

export async function run(argv: string[]): Promise<void> {
  process.exitCode = await main(argv);
}

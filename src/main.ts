/** Entry of the full build (dist/main.js): runs the command line; each command's code loads when it runs. */
import { exitOnClosedStdout, main } from './cli.js';

exitOnClosedStdout();
process.exitCode = await main(process.argv);

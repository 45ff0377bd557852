/** Entry point: wires commands to their handlers, loaded lazily so start-up stays close to bare Node. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT } from './errors.js';
import type { GlobalOptions } from './commands/context.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

function positiveWidth(value: string): number {
  const width = Number(value);
  if (!Number.isInteger(width) || width < 20 || width > 200) throw new InvalidArgumentError('expected a whole number of columns from 20 to 200');
  return width;
}

async function context(command: Command) {
  const { commandContext } = await import('./commands/context.js');
  return commandContext(command.optsWithGlobals<GlobalOptions>());
}

export function buildProgram(): Command {
  const program = new Command('pulsa')
    .description('Pemeriksa keluhan pulsa/kuota untuk toko pulsa · troubleshooting for pulsa/quota shops')
    .version(version, '-V, --version')
    .option('--store <path>', 'case store file (default: $PULSA_DOCTOR_STORE or the user data folder)')
    .addOption(new Option('--lang <lang>', 'language of messages and guidance').choices(['id', 'en']))
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('diagnose')
    .alias('cek')
    .description('walk the checklist for a complaint and record a case')
    .option('-c, --checklist <id>', 'checklist: pulsa-tidak-masuk | kuota-tidak-masuk')
    .option('-a, --answers <file>', 'answers as a JSON object, from a file or - for stdin; skips the prompts')
    .option('-r, --resume <ref>', 'continue a draft case saved after Ctrl-C')
    .option('--width <columns>', 'wrap the guidance for a narrow receipt (58 mm printer: 32)', positiveWidth)
    .option('--no-input', 'never prompt; fail naming any missing answer')
    .option('--json', 'print the result as JSON')
    .action(async (options, command: Command) => {
      const { runDiagnose } = await import('./commands/diagnose.js');
      process.exitCode = await runDiagnose(options, await context(command));
    });

  program
    .command('cases')
    .description('list cases, newest first')
    .option('--status <list>', 'only these statuses, comma separated: draft,open,escalated,resolved,closed,reopened')
    .option('--since <date>', 'created on or after (2026-11-01, 1/11/2026, today, 7d)')
    .option('--until <date>', 'created on or before (same formats)')
    .option('--number <msisdn>', 'only cases for this number')
    .option('--json', 'print the cases as JSON')
    .action(async (options, command: Command) => {
      const { runCases } = await import('./commands/cases.js');
      process.exitCode = await runCases(options, await context(command));
    });

  program
    .command('show')
    .description('show one case in full')
    .argument('<ref>', 'case reference, e.g. KP-20261125-0001')
    .option('--json', 'print the case as JSON')
    .action(async (ref: string, options, command: Command) => {
      const { runShow } = await import('./commands/cases.js');
      process.exitCode = await runShow(ref, options, await context(command));
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? EXIT.ok);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are successes; everything else Commander rejects is a usage mistake.
      return error.exitCode === 0 ? EXIT.ok : EXIT.input;
    }
    const { reportError } = await import('./ui/report-error.js');
    return reportError(error, program.opts<GlobalOptions>());
  }
}

process.exitCode = await main(process.argv);

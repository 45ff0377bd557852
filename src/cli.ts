/** Entry point: wires commands to their handlers, loaded lazily so start-up stays close to bare Node. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { EXIT } from './errors.js';
import { ESCALATION_TARGETS, PRIORITIES, RESOLUTIONS } from './domain/cases.js';
import type { GlobalOptions } from './commands/context.js';
import { CHECKLISTS_ENV, checklistIdsIn } from './data/files.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

type Commander = typeof import('commander');

// Help names the checklists actually installed (a shop's own folder too), read from file names only.
function installedChecklists(): string {
  const dirs = [process.env[CHECKLISTS_ENV], fileURLToPath(new URL('../checklists/', import.meta.url))];
  const ids = new Set(dirs.flatMap((dir) => (dir && existsSync(dir) ? checklistIdsIn(readdirSync(dir)) : [])));
  return [...ids].sort().join(', ');
}

async function context(command: Command) {
  const { commandContext } = await import('./commands/context.js');
  return commandContext(command.optsWithGlobals<GlobalOptions>());
}

type Handler = (...args: never[]) => Promise<number>;

/**
 * A Commander action that loads its command's module only when it runs. Handlers take the command's
 * arguments and options, then the context, in place of Commander's own Command object.
 */
function run<M>(load: () => Promise<M>, pick: (module: M) => Handler) {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const handler = pick(await load()) as (...a: unknown[]) => Promise<number>;
    const ctx = await context(command);
    try {
      process.exitCode = await handler(...args.slice(0, -1), ctx);
    } finally {
      await Promise.all(ctx.openStores.map((store) => store.close()));
    }
  };
}

const diagnose = () => import('./commands/diagnose.js');
const cases = () => import('./commands/cases.js');
const lifecycle = () => import('./commands/lifecycle.js');

export function buildProgram({ Argument, Command, InvalidArgumentError, Option }: Commander): Command {
  const positiveWidth = (value: string): number => {
    const width = Number(value);
    if (!Number.isInteger(width) || width < 20 || width > 200) throw new InvalidArgumentError('expected a whole number of columns from 20 to 200');
    return width;
  };
  const wholeNumber = (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of minutes');
    return n;
  };
  const pageSize = (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new InvalidArgumentError('expected a whole number of rows from 1 to 100000');
    return n;
  };
  const program = new Command('pulsa')
    .description('Pemeriksa keluhan pulsa/kuota untuk toko pulsa · troubleshooting for pulsa/quota shops')
    .version(version, '-V, --version')
    .option('--store <path|url>', 'case store: a JSON file, or postgres://… for a shared database (default: $PULSA_DOCTOR_STORE or the user data folder)')
    .option('--counter <name>', 'which counter is working, recorded on every change (default: $PULSA_DOCTOR_COUNTER or user@machine)')
    .option('--person <name>', 'who is working at the counter, recorded with the counter (default: $PULSA_DOCTOR_PERSON)')
    .addOption(new Option('--lang <lang>', 'language of messages and guidance').choices(['id', 'en']))
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('diagnose')
    .alias('cek')
    .description('walk the checklist for a complaint and record a case')
    .option('-c, --checklist <id>', 'checklist id (default: the first in the menu; see pulsa checklists)')
    .option('-a, --answers <file>', 'answers as a JSON object, from a file or - for stdin; skips the prompts')
    .option('-r, --resume <ref>', 'continue a draft case saved after Ctrl-C')
    .option('--width <columns>', 'wrap the guidance for a narrow receipt (58 mm printer: 32)', positiveWidth)
    .option('--no-input', 'never prompt; fail naming any missing answer')
    .addOption(new Option('--priority <level>', 'set the priority instead of deriving it').choices(PRIORITIES))
    .option('--paste [file]', "fill the transaction answers from a supplier's reply: a file, or stdin / a paste prompt")
    .option('--json', 'print the result as JSON')
    .addHelpText('after', () => `\nInstalled checklists: ${installedChecklists()}\n`)
    .action(run(diagnose, (m) => m.runDiagnose));

  const checklists = () => import('./commands/checklists.js');
  const checklistsCommand = program
    .command('checklists')
    .description('list the installed checklists and where each comes from (built in, or the shop\'s own folder)')
    .option('--json', 'print the list as JSON')
    .action(run(checklists, (m) => m.runChecklists));
  checklistsCommand
    .command('validate')
    .description("check a folder of checklist, operator, policy and message files (default: the installed ones); every mistake is reported, exit 2 if any")
    .argument('[dir]', "folder to check, e.g. the shop's PULSA_DOCTOR_CHECKLISTS folder")
    .option('--json', 'print the report as JSON')
    // Commander hands a --json after `validate` to the parent `checklists` (its option of the same name).
    .action((dir: string | undefined, options: object, command: Command) =>
      run(checklists, (m) => m.runValidate)(dir, { ...command.parent!.opts(), ...options }, command),
    );

  program
    .command('paste')
    .description("read a supplier's reply (stdin, a file, or paste it at the prompt) and show the transaction fields it gives")
    .argument('[file]', 'a file holding the reply; without it, stdin or the paste prompt')
    .option('--no-input', 'never prompt; fail when stdin is a terminal')
    .option('--json', 'print the fields as JSON')
    .action(run(() => import('./commands/paste.js'), (m) => m.runPaste));

  program
    .command('cases')
    .description('list cases, most urgent first, then the longest waiting')
    .option('--due', 'escalated cases whose follow-up deadline has passed or falls today, oldest deadline first')
    .option('--status <list>', 'only these statuses, comma separated: draft,open,escalated,resolved,closed,reopened')
    .option('--since <date>', 'created on or after (2026-11-01, 1/11/2026, today, 7d)')
    .option('--until <date>', 'created on or before (same formats)')
    .option('--number <msisdn>', 'only cases for this number')
    .option('--by <counter>', 'only cases a counter worked on (see --counter)')
    .option('--limit <n>', 'table rows to show (default: a screenful)', pageSize)
    .option('--all', 'show every matching case in the table')
    .option('--json', 'print the cases as JSON (always all of them)')
    .action(run(cases, (m) => m.runCases));

  program
    .command('show')
    .description('show one case in full')
    .argument('<ref>', 'case reference, e.g. KP-20261125-0001')
    .option('--json', 'print the case as JSON')
    .action(run(cases, (m) => m.runShow));

  const json = ['--json', 'print the result as JSON'] as const;

  program
    .command('escalate')
    .description('forward a case with its SN to the operator, the supplier or a supervisor, with a follow-up deadline')
    .argument('<ref>', 'case reference')
    .addOption(new Option('--to <target>', 'who the case goes to').choices(ESCALATION_TARGETS).makeOptionMandatory())
    .option('--due <when>', 'follow-up deadline: 30m, 24h, 2d or a date (default per target in checklists/policy.json)')
    .option('--note <text>', 'what was sent or said')
    .option(...json)
    .action(run(lifecycle, (m) => m.runEscalate));

  program
    .command('note')
    .description("add a note: a call with the customer, or with --outcome the answer to the case's escalation")
    .argument('<ref>', 'case reference')
    .argument('<text>', 'the note')
    .option('--outcome', 'the note is the answer of the operator, supplier or supervisor the case was escalated to')
    .option(...json)
    .action(run(lifecycle, (m) => m.runNote));

  program
    .command('resolve')
    .description('record the solution given to the customer')
    .argument('<ref>', 'case reference')
    .addOption(new Option('--resolution <kind>', 'what the customer got').choices(RESOLUTIONS).makeOptionMandatory())
    .requiredOption('--note <text>', "the solution in a sentence, for the shop's records (never sent to the customer)")
    .option('--tell <text>', 'what to tell the customer about the solution (used by pulsa notify)')
    .option('--cause <code>', "correct the case's cause (a finding code of its checklist)")
    .option('--amount <rupiah>', 'money refunded or credit resent (default for refund/resent: the nominal)')
    .option(...json)
    .action(run(lifecycle, (m) => m.runResolve));

  program
    .command('close')
    .description('close a resolved case whose customer has the solution')
    .argument('<ref>', 'case reference')
    .option('--note <text>', 'e.g. how the customer confirmed')
    .option(...json)
    .action(run(lifecycle, (m) => m.runClose));

  program
    .command('reopen')
    .description('the customer says it is still not solved: reopen the case with its history')
    .argument('<ref>', 'case reference')
    .requiredOption('--reason <text>', 'what the customer said')
    .option(...json)
    .action(run(lifecycle, (m) => m.runReopen));

  program
    .command('priority')
    .description('set the priority of a case')
    .argument('<ref>', 'case reference')
    .addArgument(new Argument('<level>', 'priority').choices(PRIORITIES))
    .option(...json)
    .action(run(lifecycle, (m) => m.runPriority));

  const fix = () => import('./commands/fix.js');

  program
    .command('discard')
    .description('discard a draft: it stays in the history and leaves every list')
    .argument('<ref>', 'case reference (3 = today\'s third case)')
    .option('--note <text>', 'why it is discarded')
    .option(...json)
    .action(run(fix, (m) => m.runDiscard));

  program
    .command('edit')
    .description('correct answers of a case (a mistyped SN, number or nominal); the case is diagnosed again')
    .argument('<ref>', 'case reference')
    .option('--set <key=value...>', 'an answer to correct, e.g. --set sn=0412345678901234 nominal=50rb')
    .option(...json)
    .action(run(fix, (m) => m.runEdit));

  program
    .command('undo')
    .description('reverse the last change this counter made (a close, resolve, note…); again to go one further back')
    .option(...json)
    .action(run(fix, (m) => m.runUndo));

  program
    .command('pending')
    .description("pending transactions and complaints waiting on a supplier, with when to re-check, most urgent first")
    .option(...json)
    .action(run(fix, (m) => m.runPending));

  program
    .command('attach')
    .description("copy screenshots or receipts into the case's evidence")
    .argument('<ref>', 'case reference')
    .argument('<files...>', 'files to attach')
    .option(...json)
    .action(run(() => import('./commands/attach.js'), (m) => m.runAttach));

  program
    .command('notify')
    .description("the customer message for the case's status, with a WhatsApp link (nothing is sent)")
    .argument('<ref>', 'case reference')
    .option('--width <columns>', 'wrap the message for a narrow receipt', positiveWidth)
    .option(...json)
    .action(run(() => import('./commands/notify.js'), (m) => m.runNotify));

  program
    .command('batch')
    .description("check a reseller's transaction file (CSV) for rows likely to come back as complaints")
    .argument('<file>', 'CSV, XLSX, JSON or NDJSON file, or - for stdin')
    .addOption(new Option('--format <format>', 'output: a table for people (default), or csv, json, ndjson').choices(['csv', 'json', 'ndjson']))
    .option('--json', 'same as --format json')
    .option('--now <time>', 'the time pending rows are measured against (default: now)')
    .option('--pending-after <minutes>', 'pending longer than this is flagged', wholeNumber, 30)
    .option('--duplicate-window <minutes>', 'the same top-up within this many minutes is flagged', wholeNumber, 10)
    .option('--columns <file>', 'JSON map of more header names to fields, e.g. {"No HP": "number"}')
    .option('--save-cases', 'open a case for each flagged row that has no case yet')
    .action(run(() => import('./commands/batch.js'), (m) => m.runBatch));

  program
    .command('export')
    .description('export cases for bookkeeping or a supplier: CSV for Excel, JSON or NDJSON')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx', 'json', 'ndjson']).default('csv'))
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .option('--force', 'replace --out if it exists')
    .option('--since <date>', 'created on or after (2026-11-01, 1/11/2026, today, 7d)')
    .option('--until <date>', 'created on or before (same formats)')
    .option('--status <list>', 'only these statuses, comma separated')
    .option('--operator <list>', 'only these operators, comma separated (telkomsel, indosat, tri, xl, axis, smartfren)')
    .option('--mask', 'hide the middle digits of phone numbers (0812****7890) for sharing outside the shop')
    .addOption(new Option('--delimiter <char>', 'CSV delimiter; ";" for Excel set to Indonesian').choices([',', ';']).default(','))
    .action(run(() => import('./commands/export.js'), (m) => m.runExport));

  const stats = () => import('./commands/stats.js');
  const period = (command: Command) =>
    command
      .option('--since <date>', 'cases opened on or after (2026-11-01, 1/11/2026, today, 7d)')
      .option('--until <date>', 'cases opened on or before (same formats)')
      .option('--week [day]', 'the calendar week (Monday to Sunday) of today or of the day given')
      .option('--month [day]', 'the calendar month of today or of the day given')
      .option('--status <list>', 'only these statuses, comma separated')
      .option('--operator <list>', 'only these operators, comma separated')
      .option('--checklist <list>', 'only these checklists, comma separated')
      .option('--by <counter>', 'only cases a counter worked on');

  period(program.command('stats').description("the owner's figures: cases, causes, operators, time taken, repeat numbers and money (default: the last 7 days)"))
    .option('--json', 'every figure as JSON (shape in the README)')
    .action(run(stats, (m) => m.runStats));

  program
    .command('kas')
    .description("the day's money: every refund and resend from the case ledgers, with totals for the cash drawer")
    .option('--date <day>', 'today (default), kemarin/yesterday or a date such as 2026-11-25')
    .option(...json)
    .action(run(stats, (m) => m.runKas));

  period(program.command('report').description('a weekly report as one HTML file with charts, to open in a browser, print on A4 or save as PDF'))
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .option('--force', 'replace --out if it exists')
    .option('--no-mask', 'show phone numbers in full (masked by default)')
    .action(run(() => import('./commands/report.js'), (m) => m.runReport));

  const store = program.command('store').description('look after the case store: check, repair, time zone, database schema, copying between stores');
  const storeCommands = () => import('./commands/store.js');
  store
    .command('check')
    .description('report every problem: damaged files, entries that are not cases, orphan temp and lock files, sequence gaps')
    .option(...json)
    .action(run(storeCommands, (m) => m.runStoreCheck));
  store
    .command('repair')
    .description('move damaged files to a dated quarantine folder and rebuild what can be rebuilt; never deletes')
    .option(...json)
    .action(run(storeCommands, (m) => m.runStoreRepair));
  store
    .command('timezone')
    .description("show or set the shop's time zone (WIB, WITA, WIT or a name such as Asia/Makassar)")
    .argument('[zone]', 'the zone to record')
    .option(...json)
    .action(run(storeCommands, (m) => m.runStoreTimeZone));
  store
    .command('migrate')
    .description('create or upgrade the PostgreSQL schema of --store (safe to run again; a JSON store needs none)')
    .option(...json)
    .action(run(storeCommands, (m) => m.runMigrate));
  store
    .command('copy')
    .description('copy every case, its history, payments and evidence from one store to another, then verify')
    .requiredOption('--from <store>', 'the store to copy from: a JSON file or postgres://…')
    .requiredOption('--to <store>', 'the store to copy into: a JSON file or postgres://…')
    .option(...json)
    .action(run(storeCommands, (m) => m.runCopy));

  program
    .command('import')
    .description('read cases back from an export (--format json or ndjson) or a backup; nothing is duplicated')
    .argument('<file>', 'export or backup file')
    .option(...json)
    .action(run(storeCommands, (m) => m.runImport));

  program
    .command('backup')
    .description('a consistent snapshot of the store (cases, history, payments, evidence) that pulsa import restores')
    .requiredOption('--out <file>', 'the backup file to write (atomically)')
    .option('--force', 'replace --out if it exists')
    .option(...json)
    .action(run(storeCommands, (m) => m.runBackup));

  return program;
}

export async function main(argv: string[]): Promise<number> {
  // The one thing asked often enough by scripts to skip loading commander for (output as commander's).
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
    process.stdout.write(`${version}\n`);
    return EXIT.ok;
  }
  const commander = await import('commander');
  const { CommanderError } = commander;
  const program = buildProgram(commander);
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

// A reader that stops early (`pulsa batch … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv);

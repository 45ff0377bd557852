/** The command line: wires commands to their handlers, loaded lazily so start-up stays close to bare Node. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Argument, Command, Option } from 'commander';
import { EXIT } from './errors.js';
import { standardError, standardOutput } from './io/std-streams.js';
import { wantsColor } from './ui/output.js';
import type { GlobalOptions } from './commands/context.js';
import { CHECKLISTS_ENV, checklistIdsIn } from './data/files.js';
import type { Lang } from './domain/text.js';
import { parseValue, parseValueList, valueChoices, type ValueKind } from './domain/vocabulary.js';
import { helpTexts, langFromArgv, localisedCommand, reportUsage, UsageError, type HelpText } from './ui/usage.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const HELP_FILE = new URL('../messages/help.json', import.meta.url);

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
    if (helpOnly) throw new NotInThisBuild();
    const command = args.at(-1) as Command;
    const module = await load();
    // A per-command build holds a placeholder for every other command (see scripts/bundle-cli.mjs).
    if ((module as { notInThisBuild?: true }).notInThisBuild) throw new NotInThisBuild();
    const handler = pick(module) as (...a: unknown[]) => Promise<number>;
    const ctx = await context(command);
    try {
      process.exitCode = await handler(...args.slice(0, -1), ctx);
    } finally {
      await Promise.all(ctx.openStores.map((store) => store.close()));
    }
  };
}

/** Help and commander's own messages go out as results and messages do (see io/std-streams.ts): no stream is built for a pipe or a file. */
function commanderOutput() {
  const [out, err] = [standardOutput(), standardError()];
  return {
    writeOut: (text: string) => void out.write(text),
    writeErr: (text: string) => void err.write(text),
    getOutHelpWidth: () => (out.isTTY && out.columns ? out.columns : 80),
    getErrHelpWidth: () => (err.isTTY && err.columns ? err.columns : 80),
    getOutHasColors: () => wantsColor(out, process.env, undefined),
    getErrHasColors: () => wantsColor(err, process.env, undefined),
  };
}

const diagnose = () => import('./commands/diagnose.js');
const cases = () => import('./commands/cases.js');
const lifecycle = () => import('./commands/lifecycle.js');

/**
 * The program. Every description is a key of messages/help.json (Indonesian and English), turned into text only
 * when help is shown; values shown in Indonesian (statuses, priorities, resolutions, targets) are accepted in
 * Indonesian as well as by their English codes.
 */
export function buildProgram(commander: Commander, lang: Lang, text: HelpText): Command {
  const { Argument, InvalidArgumentError, Option } = commander;
  const Command = localisedCommand(commander, text);
  // A parser's refusal names a help key; the program's usage line says which option and why.
  const positiveWidth = (value: string): number => {
    const width = Number(value);
    if (!Number.isInteger(width) || width < 20 || width > 200) throw new InvalidArgumentError('usage.columns');
    return width;
  };
  const wholeNumber = (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('usage.minutes');
    return n;
  };
  const pageSize = (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new InvalidArgumentError('usage.rows');
    return n;
  };
  /** One value of a kind, as its English code or Indonesian word; help lists the words of the language shown. */
  const oneOf = <T extends Option | Argument>(target: T, kind: ValueKind): T => {
    target.argChoices = valueChoices(kind, lang);
    return target.argParser((input: string) => {
      const code = parseValue(kind, input);
      if (!code) throw new InvalidArgumentError('usage.invalidChoice');
      return code;
    }) as T;
  };
  /** A comma-separated list of statuses (`terbuka,dieskalasi`), handed on as their codes. */
  const statuses = (flags: string, key: string) => {
    const option = new Option(flags, key).argParser((input: string) => {
      const list = parseValueList('status', input);
      if ('bad' in list) throw new InvalidArgumentError('usage.invalidChoice');
      return list.codes.join(',');
    });
    option.argChoices = valueChoices('status', lang);
    return option;
  };
  /** `--lang en` or `--lang EN`, as the language of help was chosen before parsing (langFromArgv). */
  const language = (option: Option) => {
    option.argChoices = ['id', 'en'];
    return option.argParser((input: string) => {
      const lang = input.toLowerCase();
      if (lang !== 'id' && lang !== 'en') throw new InvalidArgumentError('usage.invalidChoice');
      return lang;
    });
  };
  const program = new Command('pulsa')
    .description('help.program')
    .version(version, '-V, --version', 'help.opt.version')
    .helpOption('-h, --help', 'help.opt.help')
    .helpCommand('help [command]', 'help.cmd.help')
    .option('--store <path|url>', 'help.program.store')
    .option('--counter <name>', 'help.program.counter')
    .option('--person <name>', 'help.program.person')
    .addOption(language(new Option('--lang <lang>', 'help.program.lang')))
    .option('--no-color', 'help.program.color')
    .configureOutput(commanderOutput())
    .exitOverride();

  program
    .command('diagnose')
    .alias('cek')
    .description('help.diagnose')
    .option('-c, --checklist <id>', 'help.diagnose.checklist')
    .option('-a, --answers <file>', 'help.diagnose.answers')
    .option('-r, --resume <ref>', 'help.diagnose.resume')
    .option('--width <columns>', 'help.opt.width', positiveWidth)
    .option('--no-input', 'help.diagnose.noInput')
    .addOption(oneOf(new Option('--priority <level>', 'help.diagnose.priority'), 'priority'))
    .option('--paste [file]', 'help.diagnose.paste')
    .option('--json', 'help.opt.json')
    .addHelpText('after', () => `\n${text('help.diagnose.installed', { list: installedChecklists() })}\n`)
    .action(run(diagnose, (m) => m.runDiagnose));

  const checklists = () => import('./commands/checklists.js');
  const checklistsCommand = program
    .command('checklists')
    .description('help.checklists')
    .option('--json', 'help.opt.json')
    .action(run(checklists, (m) => m.runChecklists));
  checklistsCommand
    .command('validate')
    .description('help.checklists.validate')
    .argument('[dir]', 'help.checklists.validate.dir')
    .option('--json', 'help.opt.json')
    // Commander hands a --json after `validate` to the parent `checklists` (its option of the same name).
    .action((dir: string | undefined, options: object, command: Command) =>
      run(checklists, (m) => m.runValidate)(dir, { ...command.parent!.opts(), ...options }, command),
    );

  program
    .command('paste')
    .description('help.paste')
    .argument('[file]', 'help.paste.file')
    .option('--no-input', 'help.paste.noInput')
    .option('--json', 'help.opt.json')
    .action(run(() => import('./commands/paste.js'), (m) => m.runPaste));

  program
    .command('cases')
    .description('help.cases')
    .option('--due', 'help.cases.due')
    .addOption(statuses('--status <list>', 'help.opt.status'))
    .option('--since <date>', 'help.opt.since')
    .option('--until <date>', 'help.opt.until')
    .option('--number <msisdn>', 'help.cases.number')
    .option('--by <counter>', 'help.opt.by')
    .option('--limit <n>', 'help.cases.limit', pageSize)
    .option('--all', 'help.cases.all')
    .option('--json', 'help.cases.json')
    .action(run(cases, (m) => m.runCases));

  program
    .command('show')
    .description('help.show')
    .argument('<ref>', 'help.arg.ref')
    .option('--json', 'help.opt.json')
    .action(run(cases, (m) => m.runShow));

  const json = ['--json', 'help.opt.json'] as const;

  program
    .command('escalate')
    .description('help.escalate')
    .argument('<ref>', 'help.arg.ref')
    .addOption(oneOf(new Option('--to <target>', 'help.escalate.to'), 'target').makeOptionMandatory())
    .option('--due <when>', 'help.escalate.due')
    .option('--note <text>', 'help.escalate.note')
    .option(...json)
    .action(run(lifecycle, (m) => m.runEscalate));

  program
    .command('note')
    .description('help.note')
    .argument('<ref>', 'help.arg.ref')
    .argument('<text>', 'help.note.text')
    .option('--outcome', 'help.note.outcome')
    .option(...json)
    .action(run(lifecycle, (m) => m.runNote));

  program
    .command('resolve')
    .description('help.resolve')
    .argument('<ref>', 'help.arg.ref')
    .addOption(oneOf(new Option('--resolution <kind>', 'help.resolve.resolution'), 'resolution').makeOptionMandatory())
    .requiredOption('--note <text>', 'help.resolve.note')
    .option('--tell <text>', 'help.resolve.tell')
    .option('--cause <code>', 'help.resolve.cause')
    .option('--amount <rupiah>', 'help.resolve.amount')
    .option(...json)
    .action(run(lifecycle, (m) => m.runResolve));

  program
    .command('close')
    .description('help.close')
    .argument('<ref>', 'help.arg.ref')
    .option('--note <text>', 'help.close.note')
    .option(...json)
    .action(run(lifecycle, (m) => m.runClose));

  program
    .command('reopen')
    .description('help.reopen')
    .argument('<ref>', 'help.arg.ref')
    .requiredOption('--reason <text>', 'help.reopen.reason')
    .option(...json)
    .action(run(lifecycle, (m) => m.runReopen));

  program
    .command('priority')
    .description('help.priority')
    .argument('<ref>', 'help.arg.ref')
    .addArgument(oneOf(new Argument('<level>', 'help.priority.level'), 'priority'))
    .option(...json)
    .action(run(lifecycle, (m) => m.runPriority));

  const fix = () => import('./commands/fix.js');

  program
    .command('discard')
    .description('help.discard')
    .argument('<ref>', 'help.arg.ref')
    .option('--note <text>', 'help.discard.note')
    .option(...json)
    .action(run(fix, (m) => m.runDiscard));

  program
    .command('edit')
    .description('help.edit')
    .argument('<ref>', 'help.arg.ref')
    .option('--set <key=value...>', 'help.edit.set')
    .option(...json)
    .action(run(fix, (m) => m.runEdit));

  program
    .command('undo')
    .description('help.undo')
    .option(...json)
    .action(run(fix, (m) => m.runUndo));

  program
    .command('pending')
    .description('help.pending')
    .option(...json)
    .action(run(fix, (m) => m.runPending));

  program
    .command('attach')
    .description('help.attach')
    .argument('<ref>', 'help.arg.ref')
    .argument('<files...>', 'help.attach.files')
    .option(...json)
    .action(run(() => import('./commands/attach.js'), (m) => m.runAttach));

  program
    .command('notify')
    .description('help.notify')
    .argument('<ref>', 'help.arg.ref')
    .option('--width <columns>', 'help.opt.width', positiveWidth)
    .option(...json)
    .action(run(() => import('./commands/notify.js'), (m) => m.runNotify));

  program
    .command('print')
    .description('help.print')
    .argument('<ref>', 'help.arg.ref')
    .option('--width <columns>', 'help.opt.width', positiveWidth)
    .option(...json)
    .action(run(() => import('./commands/print.js'), (m) => m.runPrint));

  program
    .command('batch')
    .description('help.batch')
    .argument('<file>', 'help.batch.file')
    .addOption(new Option('--format <format>', 'help.batch.format').choices(['csv', 'json', 'ndjson']))
    .option('--json', 'help.batch.json')
    .option('--now <time>', 'help.batch.now')
    .option('--pending-after <minutes>', 'help.batch.pendingAfter', wholeNumber, 30)
    .option('--duplicate-window <minutes>', 'help.batch.duplicateWindow', wholeNumber, 10)
    .option('--columns <file>', 'help.batch.columns')
    .option('--save-cases', 'help.batch.saveCases')
    .action(run(() => import('./commands/batch.js'), (m) => m.runBatch));

  program
    .command('export')
    .description('help.export')
    .addOption(new Option('--format <format>', 'help.export.format').choices(['csv', 'xlsx', 'json', 'ndjson']).default('csv'))
    .option('--out <file>', 'help.opt.out')
    .option('--force', 'help.opt.force')
    .option('--since <date>', 'help.opt.since')
    .option('--until <date>', 'help.opt.until')
    .addOption(statuses('--status <list>', 'help.opt.status'))
    .option('--operator <list>', 'help.opt.operator')
    .option('--mask', 'help.export.mask')
    .addOption(new Option('--delimiter <char>', 'help.export.delimiter').choices([',', ';']).default(','))
    .action(run(() => import('./commands/export.js'), (m) => m.runExport));

  const stats = () => import('./commands/stats.js');
  const period = (command: Command) =>
    command
      .option('--since <date>', 'help.period.since')
      .option('--until <date>', 'help.period.until')
      .option('--week [day]', 'help.period.week')
      .option('--month [day]', 'help.period.month')
      .addOption(statuses('--status <list>', 'help.opt.status'))
      .option('--operator <list>', 'help.opt.operator')
      .option('--checklist <list>', 'help.period.checklist')
      .option('--by <counter>', 'help.opt.by');

  period(program.command('stats').description('help.stats'))
    .option('--json', 'help.stats.json')
    .action(run(stats, (m) => m.runStats));

  program
    .command('kas')
    .description('help.kas')
    .option('--date <day>', 'help.kas.date')
    .option(...json)
    .action(run(stats, (m) => m.runKas));

  period(program.command('report').description('help.report'))
    .option('--out <file>', 'help.opt.out')
    .option('--force', 'help.opt.force')
    .option('--no-mask', 'help.report.noMask')
    .action(run(() => import('./commands/report.js'), (m) => m.runReport));

  const store = program.command('store').description('help.store');
  const storeCommands = () => import('./commands/store.js');
  store
    .command('check')
    .description('help.store.check')
    .option(...json)
    .action(run(storeCommands, (m) => m.runStoreCheck));
  store
    .command('repair')
    .description('help.store.repair')
    .option(...json)
    .action(run(storeCommands, (m) => m.runStoreRepair));
  store
    .command('timezone')
    .description('help.store.timezone')
    .argument('[zone]', 'help.store.timezone.zone')
    .option(...json)
    .action(run(storeCommands, (m) => m.runStoreTimeZone));
  store
    .command('migrate')
    .description('help.store.migrate')
    .option(...json)
    .action(run(storeCommands, (m) => m.runMigrate));
  store
    .command('copy')
    .description('help.store.copy')
    .requiredOption('--from <store>', 'help.store.copy.from')
    .requiredOption('--to <store>', 'help.store.copy.to')
    .option(...json)
    .action(run(storeCommands, (m) => m.runCopy));

  program
    .command('import')
    .description('help.import')
    .argument('<file>', 'help.import.file')
    .option(...json)
    .action(run(storeCommands, (m) => m.runImport));

  program
    .command('backup')
    .description('help.backup')
    .requiredOption('--out <file>', 'help.backup.out')
    .option('--force', 'help.opt.force')
    .option(...json)
    .action(run(storeCommands, (m) => m.runBackup));

  return program;
}

/**
 * Raised by an action whose command this build does not hold: in the help-only build, any command; in a
 * per-command build, any other. Nothing has run yet, and the full build runs the line again.
 */
export class NotInThisBuild extends Error {}

// Set for the help-only build (dist/help.cjs), whose bundle holds no command.
let helpOnly = false;

/**
 * Runs the command line and gives the exit code. With `onlyHelp`, anything past help, --version and usage
 * mistakes raises NotInThisBuild rather than loading a command.
 */
export async function main(argv: string[], { onlyHelp = false } = {}): Promise<number> {
  helpOnly = onlyHelp;
  const lang = langFromArgv(argv);
  const text = helpTexts(HELP_FILE, lang);
  const commander = await import('commander');
  const { CommanderError } = commander;
  const program = buildProgram(commander, lang, text);
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? EXIT.ok);
  } catch (error) {
    if (error instanceof UsageError) return reportUsage(error, text);
    if (error instanceof CommanderError) {
      // Help and version "errors" are successes; everything else Commander rejects is a usage mistake.
      return error.exitCode === 0 ? EXIT.ok : EXIT.input;
    }
    if (onlyHelp || error instanceof NotInThisBuild) throw error;
    const { reportError } = await import('./ui/report-error.js');
    return reportError(error, program.opts<GlobalOptions>());
  }
}

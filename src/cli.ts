/** The command line: wires commands to their handlers, loaded lazily so start-up stays close to bare Node. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argument, Command, Option } from 'commander';
import { EXIT } from './errors.js';
import type { GlobalOptions } from './commands/context.js';
import { CHECKLISTS_ENV, checklistIdsIn } from './data/files.js';
import type { Lang } from './domain/text.js';
import { parseValue, parseValueList, valueChoices, type ValueKind } from './domain/vocabulary.js';
import { commanderOutput } from './ui/commander-output.js';
import { helpTexts, langFromArgv, localisedCommand, reportUsage, UsageError, type HelpText } from './ui/usage.js';

// Paths from this file's folder, not URLs: the first URL a process makes sets up the parser (0.2-0.3 ms).
/** The package's version, read only when asked for (`pulsa -V`): reading package.json cost every start 0.15 ms. */
const packageVersion = () => (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
const HELP_FILE = join(import.meta.dirname, '..', 'messages/help.json');

type Commander = typeof import('commander');

// Help names the checklists actually installed (a shop's own folder too), read from file names only.
function installedChecklists(): string {
  const dirs = [process.env[CHECKLISTS_ENV], join(import.meta.dirname, '..', 'checklists')];
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

const diagnose = () => import('./commands/diagnose.js');
const cases = () => import('./commands/cases.js');
const lifecycle = () => import('./commands/lifecycle.js');

/**
 * The program. Every description is a key of messages/help.json (Indonesian and English), turned into text only
 * when help is shown; values shown in Indonesian (statuses, priorities, resolutions, targets) are accepted in
 * Indonesian as well as by their English codes. Given the command line (`argv`), it holds only the command the
 * line names.
 */
export function buildProgram(commander: Commander, lang: Lang, text: HelpText, argv?: readonly string[]): Command {
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
  const program: Command = new Command('pulsa')
    .description('help.program')
    // Commander's .version(version), but with the version read when the option is given: the same option, text
    // and exit (a CommanderError with code 0, thrown as exitOverride() without a callback throws Commander's own).
    .addOption(new Option('-V, --version', 'help.opt.version'))
    .on('option:version', () => {
      const version = packageVersion();
      program.configureOutput().writeOut?.(`${version}\n`);
      throw new commander.CommanderError(0, 'commander.version', version);
    })
    .helpOption('-h, --help', 'help.opt.help')
    .helpCommand('help [command]', 'help.cmd.help')
    .option('--store <path|url>', 'help.program.store')
    .option('--counter <name>', 'help.program.counter')
    .option('--person <name>', 'help.program.person')
    .addOption(language(new Option('--lang <lang>', 'help.program.lang')))
    .option('--no-color', 'help.program.color')
    .configureOutput(commanderOutput())
    .exitOverride();

  // With a command line, only the command it names is made: one line runs one command, and making all thirty
  // cost about a millisecond of every start. A line that names none gets none (see main).
  const only = argv && commandWord(program, argv.slice(2));
  const wanted = (...names: string[]) => only === undefined || names.includes(only);

  if (wanted('diagnose', 'cek')) {
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
  }

  const checklists = () => import('./commands/checklists.js');
  if (wanted('checklists')) {
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
  }

  if (wanted('paste')) {
    program
      .command('paste')
      .description('help.paste')
      .argument('[file]', 'help.paste.file')
      .option('--no-input', 'help.paste.noInput')
      .option('--json', 'help.opt.json')
      .action(run(() => import('./commands/paste.js'), (m) => m.runPaste));
  }

  if (wanted('cases')) {
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
  }

  if (wanted('show')) {
    program
      .command('show')
      .description('help.show')
      .argument('<ref>', 'help.arg.ref')
      .option('--json', 'help.opt.json')
      .action(run(cases, (m) => m.runShow));
  }

  const json = ['--json', 'help.opt.json'] as const;

  if (wanted('escalate')) {
    program
      .command('escalate')
      .description('help.escalate')
      .argument('<ref>', 'help.arg.ref')
      .addOption(oneOf(new Option('--to <target>', 'help.escalate.to'), 'target').makeOptionMandatory())
      .option('--due <when>', 'help.escalate.due')
      .option('--note <text>', 'help.escalate.note')
      .option(...json)
      .action(run(lifecycle, (m) => m.runEscalate));
  }

  if (wanted('note')) {
    program
      .command('note')
      .description('help.note')
      .argument('<ref>', 'help.arg.ref')
      .argument('<text>', 'help.note.text')
      .option('--outcome', 'help.note.outcome')
      .option(...json)
      .action(run(lifecycle, (m) => m.runNote));
  }

  if (wanted('resolve')) {
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
  }

  if (wanted('close')) {
    program
      .command('close')
      .description('help.close')
      .argument('<ref>', 'help.arg.ref')
      .option('--note <text>', 'help.close.note')
      .option(...json)
      .action(run(lifecycle, (m) => m.runClose));
  }

  if (wanted('reopen')) {
    program
      .command('reopen')
      .description('help.reopen')
      .argument('<ref>', 'help.arg.ref')
      .requiredOption('--reason <text>', 'help.reopen.reason')
      .option(...json)
      .action(run(lifecycle, (m) => m.runReopen));
  }

  if (wanted('priority')) {
    program
      .command('priority')
      .description('help.priority')
      .argument('<ref>', 'help.arg.ref')
      .addArgument(oneOf(new Argument('<level>', 'help.priority.level'), 'priority'))
      .option(...json)
      .action(run(lifecycle, (m) => m.runPriority));
  }

  const fix = () => import('./commands/fix.js');

  if (wanted('discard')) {
    program
      .command('discard')
      .description('help.discard')
      .argument('<ref>', 'help.arg.ref')
      .option('--note <text>', 'help.discard.note')
      .option(...json)
      .action(run(fix, (m) => m.runDiscard));
  }

  if (wanted('edit')) {
    program
      .command('edit')
      .description('help.edit')
      .argument('<ref>', 'help.arg.ref')
      .option('--set <key=value...>', 'help.edit.set')
      .option(...json)
      .action(run(fix, (m) => m.runEdit));
  }

  if (wanted('undo')) {
    program
      .command('undo')
      .description('help.undo')
      .option(...json)
      .action(run(fix, (m) => m.runUndo));
  }

  if (wanted('pending')) {
    program
      .command('pending')
      .description('help.pending')
      .option(...json)
      .action(run(fix, (m) => m.runPending));
  }

  if (wanted('attach')) {
    program
      .command('attach')
      .description('help.attach')
      .argument('<ref>', 'help.arg.ref')
      .argument('<files...>', 'help.attach.files')
      .option(...json)
      .action(run(() => import('./commands/attach.js'), (m) => m.runAttach));
  }

  if (wanted('notify')) {
    program
      .command('notify')
      .description('help.notify')
      .argument('<ref>', 'help.arg.ref')
      .option('--width <columns>', 'help.opt.width', positiveWidth)
      .option(...json)
      .action(run(() => import('./commands/notify.js'), (m) => m.runNotify));
  }

  if (wanted('print')) {
    program
      .command('print')
      .description('help.print')
      .argument('<ref>', 'help.arg.ref')
      .option('--width <columns>', 'help.opt.width', positiveWidth)
      .option(...json)
      .action(run(() => import('./commands/print.js'), (m) => m.runPrint));
  }

  if (wanted('batch')) {
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
  }

  if (wanted('export')) {
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
  }

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

  if (wanted('stats')) {
    period(program.command('stats').description('help.stats'))
      .option('--json', 'help.stats.json')
      .action(run(stats, (m) => m.runStats));
  }

  if (wanted('kas')) {
    program
      .command('kas')
      .description('help.kas')
      .option('--date <day>', 'help.kas.date')
      .option(...json)
      .action(run(stats, (m) => m.runKas));
  }

  if (wanted('report')) {
    period(program.command('report').description('help.report'))
      .option('--out <file>', 'help.opt.out')
      .option('--force', 'help.opt.force')
      .option('--no-mask', 'help.report.noMask')
      .action(run(() => import('./commands/report.js'), (m) => m.runReport));
  }

  const storeCommands = () => import('./commands/store.js');
  if (wanted('store')) {
    const store = program.command('store').description('help.store');
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
  }

  if (wanted('import')) {
    program
      .command('import')
      .description('help.import')
      .argument('<file>', 'help.import.file')
      .option(...json)
      .action(run(storeCommands, (m) => m.runImport));
  }

  if (wanted('backup')) {
    program
      .command('backup')
      .description('help.backup')
      .requiredOption('--out <file>', 'help.backup.out')
      .option('--force', 'help.opt.force')
      .option(...json)
      .action(run(storeCommands, (m) => m.runBackup));
  }

  return program;
}

/** The whole program in `lang`, for its help page (see help.ts). */
export function programInLanguage(commander: Commander, lang: Lang): Command {
  return buildProgram(commander, lang, helpTexts(HELP_FILE, lang));
}

/**
 * The first word of a command line that is neither one of the program's options nor an option's value (`--store
 * x cases`): the command's name, when it names one.
 */
function commandWord(program: Command, args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return undefined;
    if (!arg.startsWith('-') || arg === '-') return arg;
    // `--store=x` is one word; an option not the program's is commander's to refuse.
    if (program.options.find((option) => option.short === arg || option.long === arg)?.required) i++;
  }
  return undefined;
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
  // Help lists every command. A line whose first word names no command (a mistake, for commander to refuse with
  // its suggestions) is parsed again by the whole program.
  let program = buildProgram(commander, lang, text, onlyHelp ? undefined : argv);
  if (program.commands.length === 0) program = buildProgram(commander, lang, text);
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

/**
 * Help and usage mistakes in the counter's language. Descriptions in the program are keys of
 * messages/help.json, turned into text only when help is shown, and Commander's own words (headings, its error
 * texts) are replaced here, so a run that shows no help never reads the help file.
 */
import { standardError } from '../io/std-streams.js';
import { readFileSync } from 'node:fs';
import type { Argument, Command, Help, Option } from 'commander';
import { similarWords } from '../domain/similar.js';
import { fill } from '../domain/template.js';
import type { Lang, Text } from '../domain/text.js';
import { EXIT } from '../errors.js';
import { neutraliseControls } from './sanitize.js';

type Commander = typeof import('commander');
export type HelpText = (key: string, vars?: Record<string, string | number>) => string;

/** A mistake in how the command was typed: one line already in the language, and the command to read help for. */
export class UsageError extends Error {
  constructor(
    line: string,
    /** The command typed so far (`pulsa cases`), for the hint. */
    readonly command: string,
  ) {
    super(line);
  }
}

/**
 * A command line (`argv`, from Node) read before any parsing: each `--lang x` / `--lang=x` before `--`, in order
 * (undefined for a `--lang` with no value after it), and every other word, `--` and what follows included.
 */
export function langOptions(argv: readonly string[]): { langs: (string | undefined)[]; words: string[] } {
  const langs: (string | undefined)[] = [];
  const words: string[] = [];
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      words.push(...argv.slice(i));
      break;
    }
    if (arg === '--lang') langs.push(argv[++i]);
    else if (arg.startsWith('--lang=')) langs.push(arg.slice('--lang='.length));
    else words.push(arg);
  }
  return { langs, words };
}

/**
 * The language before any parsing, since help is built from it: the last --lang / --lang=xx, then
 * PULSA_DOCTOR_LANG, then Indonesian. A value that is no language is left to the parser to refuse.
 */
export function langFromArgv(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Lang {
  const lang = (langOptions(argv).langs.at(-1) ?? env.PULSA_DOCTOR_LANG ?? 'id').toLowerCase();
  return lang === 'en' ? 'en' : 'id';
}

/** Texts of the help file in one language, read on first use. */
export function helpTexts(file: string, lang: Lang): HelpText {
  let texts: Record<string, Text> | undefined;
  return (key, vars = {}) => {
    texts ??= JSON.parse(readFileSync(file, 'utf8')) as Record<string, Text>;
    const text = texts[key]?.[lang];
    if (text === undefined) return key;
    return fill(text, vars);
  };
}

const TITLES: Record<string, string> = {
  'Usage:': 'help.title.usage',
  'Arguments:': 'help.title.arguments',
  'Options:': 'help.title.options',
  'Global Options:': 'help.title.globalOptions',
  'Commands:': 'help.title.commands',
};

/** `pulsa store check`: the command as typed from the top. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * A Command class whose help and usage errors speak `text`'s language. Subcommands are made by the same
 * class, and every option and argument parser is wrapped so a refused value is a one-line UsageError.
 */
export function localisedCommand({ Command, Help }: Commander, text: HelpText): typeof Command {
  const usageWords = (usage: string) =>
    usage.replace('[options]', text('help.usage.options')).replace('[command]', text('help.usage.command'));
  const extras = (target: Option | Argument, shown: boolean) => {
    const extra: string[] = [];
    if (target.argChoices) extra.push(text('help.choices', { choices: target.argChoices.join(', ') }));
    if (shown && target.defaultValue !== undefined) {
      extra.push(text('help.default', { value: target.defaultValueDescription ?? String(target.defaultValue) }));
    }
    const description = text(target.description ?? '');
    return extra.length ? `${description} (${extra.join(', ')})`.trim() : description;
  };
  const help: Partial<Help> = {
    styleTitle: (title) => (TITLES[title] ? text(TITLES[title]) : title),
    commandUsage(cmd) {
      return usageWords(Help.prototype.commandUsage.call(this, cmd));
    },
    // As Commander's, but knowing options not yet made (see below).
    subcommandTerm(cmd) {
      const name = [cmd.name(), ...cmd.aliases().slice(0, 1)].join('|');
      const args = cmd.registeredArguments.map((a) => {
        const arg = `${a.name()}${a.variadic ? '...' : ''}`;
        return a.required ? `<${arg}>` : `[${arg}]`;
      });
      const options = (cmd as Command & { hasOptions?: () => boolean }).hasOptions?.() ?? cmd.options.length > 0;
      return usageWords([name, ...(options ? ['[options]'] : []), ...args].join(' '));
    },
    commandDescription: (cmd) => text(cmd.description()),
    subcommandDescription: (cmd) => text(cmd.summary() || cmd.description()),
    optionDescription: (option) => extras(option, option.required || option.optional),
    argumentDescription: (argument) => extras(argument, true),
  };

  const refusal = (command: Command, target: Option | Argument, label: string, value: string, reason: string) =>
    target.argChoices
      ? new UsageError(text('usage.invalidChoice', { option: label, input: value, choices: target.argChoices.join(', ') }), commandPath(command))
      : new UsageError(text('usage.invalidValue', { option: label, input: value, reason: text(reason) }), commandPath(command));

  /** A parser whose InvalidArgumentError (its message a help key) becomes a UsageError naming the option. */
  const guard = (command: Command, target: Option | Argument, label: string) => {
    const parse = target.parseArg;
    if (!parse) return;
    target.parseArg = <T>(value: string, previous: T): T => {
      try {
        return parse.call(target, value, previous) as T;
      } catch (error) {
        if ((error as { code?: string }).code !== 'commander.invalidArgument') throw error;
        throw refusal(command, target, label, value, (error as Error).message);
      }
    };
  };

  const withSuggestion = (message: string, word: string, candidates: string[]) => {
    const similar = similarWords(word, candidates);
    return similar.length ? text('usage.didYouMean', { text: message, words: similar.join(', ') }) : message;
  };

  class LocalisedCommand extends Command {
    /** Option definitions kept until the command is chosen; undefined once they are made (and for the program). */
    deferred: (() => void)[] | undefined;

    constructor(name?: string) {
      super(name);
      this.configureHelp(help);
      this.hook('preSubcommand', (_, chosen) => (chosen as LocalisedCommand).defineOptions());
    }

    override createCommand(name?: string): Command {
      const command = new LocalisedCommand(name);
      command.deferred = [];
      return command;
    }

    /** Makes the options of a chosen command; those of the other commands are never made. */
    defineOptions(): void {
      const deferred = this.deferred;
      this.deferred = undefined;
      for (const define of deferred ?? []) define();
    }

    // `pulsa help escalate` shows a command's help without choosing it.
    override helpInformation(context?: Parameters<Command['helpInformation']>[0]): string {
      this.defineOptions();
      return super.helpInformation(context);
    }

    hasOptions(): boolean {
      return this.options.length > 0 || (this.deferred?.length ?? 0) > 0;
    }

    override addOption(option: Option): this {
      guard(this, option, option.long ?? option.flags);
      return super.addOption(option);
    }

    override addArgument(argument: Argument): this {
      guard(this, argument, `<${argument.name()}>`);
      return super.addArgument(argument);
    }

    // Commander's own error texts, each replaced by one line in the language (methods Commander calls on itself).
    unknownOption(flag: string): never {
      const known: string[] = [];
      for (let c: Command | null = this; c; c = c.parent) {
        for (const option of c.options) if (option.long) known.push(option.long);
        known.push('--help');
      }
      throw new UsageError(withSuggestion(text('usage.unknownOption', { flag }), flag, known), commandPath(this));
    }

    // `pulsa help foo`: commander shows the whole help for a name it does not know; like `pulsa foo`, it is a
    // usage mistake. (Commander's own method, kept by the lockfile's version; checked by test/e2e/language.test.ts.)
    _dispatchHelpCommand(name?: string): unknown {
      if (name && !this.commandNames().includes(name)) this.refuseCommand(name);
      return (Command.prototype as unknown as { _dispatchHelpCommand(name?: string): unknown })._dispatchHelpCommand.call(this, name);
    }

    unknownCommand(): never {
      this.refuseCommand(String(this.args[0]));
    }

    /** Every subcommand's name and aliases. */
    private commandNames(): string[] {
      return this.commands.flatMap((c) => [c.name(), ...c.aliases()]);
    }

    private refuseCommand(name: string): never {
      throw new UsageError(withSuggestion(text('usage.unknownCommand', { name }), name, this.commandNames()), commandPath(this));
    }

    missingArgument(name: string): never {
      throw new UsageError(text('usage.missingArgument', { name }), commandPath(this));
    }

    optionMissingArgument(option: Option): never {
      throw new UsageError(text('usage.optionMissingArgument', { flags: option.flags }), commandPath(this));
    }

    missingMandatoryOptionValue(option: Option): never {
      throw new UsageError(text('usage.missingMandatoryOption', { flags: option.flags }), commandPath(this));
    }

    _excessArguments(received: string[]): void {
      if ((this as unknown as { _allowExcessArguments: boolean })._allowExcessArguments) return;
      const given = received.length;
      throw new UsageError(text('usage.excessArguments', { given, expected: this.registeredArguments.length }), commandPath(this));
    }
  }
  // Most of the program's cost at start-up is making options (about a hundred) for commands that do not run, so a
  // subcommand's options are made when it is chosen (run, or its help shown); its name, alias and arguments,
  // which the command list shows, are made at once.
  for (const method of ['option', 'requiredOption', 'addOption'] as const) {
    const make = LocalisedCommand.prototype[method] as (...args: unknown[]) => LocalisedCommand;
    Object.defineProperty(LocalisedCommand.prototype, method, {
      value: function (this: LocalisedCommand, ...args: unknown[]) {
        if (!this.deferred) return make.apply(this, args);
        this.deferred.push(() => make.apply(this, args));
        return this;
      },
      writable: true,
      configurable: true,
    });
  }
  return LocalisedCommand;
}

/** The usage mistake as one line on stderr and a hint to the command's help; exit 2. */
export function reportUsage(error: UsageError, text: HelpText): number {
  standardError().write(`pulsa: ${neutraliseControls(error.message)}\n${text('usage.hint', { command: error.command })}\n`);
  return EXIT.input;
}

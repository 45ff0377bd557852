/**
 * A help page as the build recorded it from the program, laid out again by Commander's own Help at the width of
 * the moment. `pulsa --help` is shown from the recorded page (dist/help-pages.json, see scripts/bundle-cli.mjs):
 * making the program's thirty commands only to list their names, and reading both languages of the help file,
 * was most of what help cost beyond bare Node. What depends on the width (wrapping, and Commander's rules for
 * when not to wrap) is Commander's code either way; what the page holds does not depend on it.
 */
import type { Command, Help } from 'commander';

/** One line of a list: its term and description as Commander's help shows them, and the list it is in. */
interface Item {
  term: string;
  description: string;
  heading: string;
}

export interface HelpPage {
  usage: string;
  description: string;
  /** The width Commander pads terms to: the longest term's. */
  termWidth: number;
  /** Each heading (`Options:`) as the page shows it. */
  titles: Record<string, string>;
  arguments: Item[];
  options: Item[];
  globalOptions: Item[];
  commands: Item[];
}

/** The help page of `command`, as its own Help would show it, at any width. */
export function recordHelpPage(command: Command): HelpPage {
  const helper = command.createHelp();
  const titles: Record<string, string> = {};
  const title = (heading: string) => (titles[heading] = helper.styleTitle(heading));
  for (const heading of ['Usage:', 'Arguments:', 'Options:', 'Global Options:', 'Commands:']) title(heading);
  const options = helper.visibleOptions(command).map((option) => {
    const heading = option.helpGroupHeading ?? 'Options:';
    title(heading);
    return { term: helper.styleOptionTerm(helper.optionTerm(option)), description: helper.styleOptionDescription(helper.optionDescription(option)), heading };
  });
  const commands = helper.visibleCommands(command).map((sub) => {
    const heading = sub.helpGroup() || 'Commands:';
    title(heading);
    return {
      term: helper.styleSubcommandTerm(helper.subcommandTerm(sub)),
      description: helper.styleSubcommandDescription(helper.subcommandDescription(sub)),
      heading,
    };
  });
  return {
    usage: helper.styleUsage(helper.commandUsage(command)),
    description: helper.styleCommandDescription(helper.commandDescription(command)),
    termWidth: helper.padWidth(command, helper),
    titles,
    arguments: helper.visibleArguments(command).map((argument) => ({
      term: helper.styleArgumentTerm(helper.argumentTerm(argument)),
      description: helper.styleArgumentDescription(helper.argumentDescription(argument)),
      heading: 'Arguments:',
    })),
    options,
    globalOptions: helper.showGlobalOptions
      ? helper.visibleGlobalOptions(command).map((option) => ({
          term: helper.styleOptionTerm(helper.optionTerm(option)),
          description: helper.styleOptionDescription(helper.optionDescription(option)),
          heading: 'Global Options:',
        }))
      : [],
    commands,
  };
}

/**
 * The page as Commander's `formatHelp` lays it out `helpWidth` columns wide: its own code is handed the recorded
 * items in place of the command's options and subcommands, which it only reads through the helper's methods.
 */
export function formatHelpPage(HelpClass: typeof Help, page: HelpPage, helpWidth: number): string {
  const helper = new HelpClass();
  helper.prepareContext({ helpWidth });
  const term = (item: Item) => item.term;
  const description = (item: Item) => item.description;
  const same = (text: string) => text;
  // Items stand in for options (whose list Commander finds by helpGroupHeading) and subcommands (by helpGroup()).
  const options = page.options.map((item) => ({ ...item, helpGroupHeading: item.heading }));
  const commands = page.commands.map((item) => ({ ...item, helpGroup: () => item.heading }));
  const command = { options, commands } as unknown as Command;
  Object.assign(helper, {
    showGlobalOptions: page.globalOptions.length > 0,
    commandUsage: () => page.usage,
    commandDescription: () => page.description,
    padWidth: () => page.termWidth,
    visibleArguments: () => page.arguments,
    visibleOptions: () => options,
    visibleGlobalOptions: () => page.globalOptions,
    visibleCommands: () => commands,
    argumentTerm: term,
    optionTerm: term,
    subcommandTerm: term,
    argumentDescription: description,
    optionDescription: description,
    subcommandDescription: description,
    // Recorded as shown: styled once already.
    styleTitle: (heading: string) => page.titles[heading] ?? heading,
    styleUsage: same,
    styleCommandDescription: same,
    styleArgumentTerm: same,
    styleArgumentDescription: same,
    styleOptionTerm: same,
    styleOptionDescription: same,
    styleSubcommandTerm: same,
    styleSubcommandDescription: same,
  });
  return helper.formatHelp(command, helper);
}

/**
 * Entry of the program-help build (dist/program-help.cjs, CommonJS): `pulsa --help`, `-h`, `help` and `pulsa`
 * alone, shown from the page the build recorded (see ui/help-page.ts). It holds Commander's Help alone, not the
 * program: loading the help build and making the program's thirty commands to list their names was most of what
 * help cost beyond bare Node. Any other command line is left to the help build (bin/pulsa.cjs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Help } from 'commander';
import type { Lang } from './domain/text.js';
import { EXIT } from './errors.js';
import { outputWritten } from './io/std-streams.js';
import { commanderOutput } from './ui/commander-output.js';
import { formatHelpPage, type HelpPage } from './ui/help-page.js';
import { langFromArgv, langOptions } from './ui/usage.js';

/** The program's help pages as the build recorded them (scripts/bundle-cli.mjs), beside this build. */
export const HELP_PAGES_FILE = join(import.meta.dirname, 'help-pages.json');

/**
 * Whether the command line asks for the program's own help and nothing else (`pulsa --help`, `-h` or `help`,
 * with a `--lang` of id or en anywhere), and where it goes: standard error for `pulsa` alone, which Commander
 * answers with help as a usage mistake. Undefined for anything else, Commander's to parse.
 */
export function programHelpRequest(argv: readonly string[]): { error: boolean } | undefined {
  const { langs, words } = langOptions(argv);
  if (!langs.every((lang) => lang !== undefined && /^(id|en)$/i.test(lang))) return undefined;
  if (words.length === 0) return { error: true };
  return words.length === 1 && ['--help', '-h', 'help'].includes(words[0]!) ? { error: false } : undefined;
}

/**
 * Shows the program's help where Commander would, and gives the exit code once it has reached the system;
 * undefined, having written nothing, when the command line asks for something else or no page was recorded.
 */
export async function programHelp(argv: string[], pagesFile = HELP_PAGES_FILE): Promise<number | undefined> {
  const request = programHelpRequest(argv);
  if (!request) return undefined;
  let pages: Record<Lang, HelpPage>;
  try {
    pages = JSON.parse(readFileSync(pagesFile, 'utf8')) as Record<Lang, HelpPage>;
  } catch {
    // Missing or unreadable: the help build shows it from the program.
    return undefined;
  }
  // Where Commander would write it: standard error for a usage mistake.
  const output = commanderOutput();
  const [write, width, hasColors] = request.error
    ? [output.writeErr, output.getErrHelpWidth, output.getErrHasColors]
    : [output.writeOut, output.getOutHelpWidth, output.getOutHasColors];
  let text: string;
  try {
    text = formatHelpPage(Help, pages[langFromArgv(argv)], width());
  } catch {
    // A page that cannot be laid out (a damaged file): the help build shows it instead.
    return undefined;
  }
  // Commander takes colour out of help where the stream shows none. The page has none today; should it ever,
  // such a stream gets Commander's own help rather than colour codes.
  if (text.includes('\u001b') && !hasColors()) return undefined;
  write(text);
  await outputWritten();
  return request.error ? EXIT.input : EXIT.ok;
}

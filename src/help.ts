/**
 * Entry of the help-only build (dist/help.cjs, CommonJS): help, --version and usage mistakes without starting
 * Node's ES module loader, which alone costs about a tenth of bare Node's start-up.
 */
import { main, NotInThisBuild, programInLanguage } from './cli.js';
import type { Lang } from './domain/text.js';
import { outputWritten, standardError } from './io/std-streams.js';
import { recordHelpPage, type HelpPage } from './ui/help-page.js';

/** The program's help page in each language, for the build to record (see program-help.ts). */
export async function programHelpPages(): Promise<Record<Lang, HelpPage>> {
  const commander = await import('commander');
  return { id: recordHelpPage(programInLanguage(commander, 'id')), en: recordHelpPage(programInLanguage(commander, 'en')) };
}

/**
 * The exit code when the command line was help, a version or a usage mistake, once what it printed has reached
 * the system; undefined when it asks for more.
 */
export async function help(argv: string[]): Promise<number | undefined> {
  try {
    const code = await main(argv, { onlyHelp: true });
    await outputWritten();
    return code;
  } catch (error) {
    // A command to run (NotInThisBuild), or an error this build cannot report: the full build runs the line again.
    if (!(error instanceof NotInThisBuild) && process.env.PULSA_DOCTOR_DEBUG) standardError().write(`help build: ${String(error)}\n`);
    return undefined;
  }
}

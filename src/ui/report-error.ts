/** The one place an error becomes a line on stderr and an exit code. */
import { loadCatalogue } from '../data/load.js';
import { translator } from '../domain/messages.js';
import { CaseRuleError } from '../domain/lifecycle.js';
import { DataFileError } from '../domain/reader.js';
import type { Lang } from '../domain/text.js';
import { EXIT, PulsaError } from '../errors.js';
import type { GlobalOptions } from '../commands/context.js';

export function reportError(error: unknown, options: GlobalOptions): number {
  const lang: Lang = (options.lang ?? process.env.PULSA_DOCTOR_LANG) === 'en' ? 'en' : 'id';
  const say = (line: string) => process.stderr.write(`pulsa: ${line}\n`);
  if (error instanceof PulsaError || error instanceof CaseRuleError) {
    const t = translator(loadCatalogue(), lang);
    // A var named fooKey holds a catalogue key whose text fills {foo}; fooKeys holds several, joined by "|".
    const vars = Object.fromEntries(
      Object.entries(error.vars).map(([name, value]) => {
        if (name.endsWith('Keys')) return [name.slice(0, -4), String(value).split('|').map((k) => t(k)).join('; ')];
        if (name.endsWith('Key')) return [name.slice(0, -3), t(String(value))];
        return [name, value];
      }),
    );
    say(t(error.key, vars));
    // A move the case's rules refuse is a usage mistake: the case is untouched.
    return error instanceof PulsaError ? error.exitCode : EXIT.input;
  }
  if (error instanceof DataFileError) {
    say(error.message);
    return EXIT.failure;
  }
  const t = translator(loadCatalogue(), lang);
  say(t('error.unexpected', { reason: error instanceof Error ? error.message : String(error) }));
  if (process.env.PULSA_DOCTOR_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT.failure;
}

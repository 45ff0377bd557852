/** The one place an error becomes a line on stderr and an exit code. */
import { loadCatalogue } from '../data/load.js';
import { translator } from '../domain/messages.js';
import { DataFileError } from '../domain/reader.js';
import type { Lang } from '../domain/text.js';
import { EXIT, PulsaError } from '../errors.js';
import type { GlobalOptions } from '../commands/context.js';

export function reportError(error: unknown, options: GlobalOptions): number {
  const lang: Lang = (options.lang ?? process.env.PULSA_DOCTOR_LANG) === 'en' ? 'en' : 'id';
  const say = (line: string) => process.stderr.write(`pulsa: ${line}\n`);
  if (error instanceof PulsaError) {
    const t = translator(loadCatalogue(), lang);
    // A var named fooKey holds a catalogue key whose text fills {foo}.
    const vars = Object.fromEntries(
      Object.entries(error.vars).map(([name, value]) => (name.endsWith('Key') ? [name.slice(0, -3), t(String(value))] : [name, value])),
    );
    say(t(error.key, vars));
    return error.exitCode;
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

/** The one place an error becomes a line on stderr and an exit code. */
import { loadCatalogue } from '../data/load.js';
import { resolveVarKeys, translator } from '../domain/messages.js';
import { CaseRuleError } from '../domain/lifecycle.js';
import { DataFileError } from '../domain/reader.js';
import type { Lang } from '../domain/text.js';
import type { CaseStatus } from '../domain/cases.js';
import { valueLabel } from '../domain/vocabulary.js';
import { EXIT, PulsaError } from '../errors.js';
import type { GlobalOptions } from '../commands/context.js';
import { neutraliseControls } from './sanitize.js';
import { standardError } from '../io/std-streams.js';

export function reportError(error: unknown, options: GlobalOptions): number {
  const lang: Lang = (options.lang ?? process.env.PULSA_DOCTOR_LANG) === 'en' ? 'en' : 'id';
  const say = (line: string) => standardError().write(`pulsa: ${neutraliseControls(line)}\n`);
  if (error instanceof PulsaError || error instanceof CaseRuleError) {
    const t = translator(loadCatalogue(), lang);
    // A case's status is named as the tables show it, and a system error code (ENOENT) in words where we have them.
    let vars = typeof error.vars.status === 'string' ? { ...error.vars, status: valueLabel('status', error.vars.status as CaseStatus, lang) } : error.vars;
    const reason = vars.reason;
    if (typeof reason === 'string' && /^E[A-Z]+$/.test(reason) && loadCatalogue()[`errno.${reason}`]) vars = { ...vars, reason: `${t(`errno.${reason}`)} (${reason})` };
    say(t(error.key, resolveVarKeys(vars, t)));
    // A move the case's rules refuse is a usage mistake: the case is untouched.
    return error instanceof PulsaError ? error.exitCode : EXIT.input;
  }
  if (error instanceof DataFileError) {
    say(error.message);
    return EXIT.failure;
  }
  const t = translator(loadCatalogue(), lang);
  say(t('error.unexpected', { reason: error instanceof Error ? error.message : String(error) }));
  if (process.env.PULSA_DOCTOR_DEBUG && error instanceof Error) standardError().write(`${error.stack}\n`);
  return EXIT.failure;
}

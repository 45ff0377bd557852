/** What every command needs: language, messages, output gate and the store's path. */
import { loadCatalogue } from '../data/load.js';
import { translator, type Translate } from '../domain/messages.js';
import type { Case } from '../domain/cases.js';
import { LANGS, type Lang } from '../domain/text.js';
import { EXIT, PulsaError } from '../errors.js';
import { createOutput, type Output } from '../ui/output.js';
import { CaseStore } from '../store/case-store.js';
import { resolveStorePath } from '../store/paths.js';

export interface GlobalOptions {
  store?: string;
  lang?: string;
  color?: boolean;
}

export interface CommandContext {
  lang: Lang;
  /** True when --lang was given: it then wins over the language a case was diagnosed in. */
  langExplicit: boolean;
  t: Translate;
  out: Output;
  storePath: string;
  /** The clock; PULSA_DOCTOR_NOW (an ISO time) fixes it for tests and demonstrations. */
  now: Date;
}

export const NOW_ENV = 'PULSA_DOCTOR_NOW';

/** The case store of this command; a save kept waiting by another counter (or a crashed one's lock) says so. */
export function openStore(ctx: CommandContext): CaseStore {
  return new CaseStore(ctx.storePath, { onWait: () => ctx.out.info(ctx.t('store.waiting', { path: ctx.storePath })) });
}

export function clock(env: NodeJS.ProcessEnv = process.env): Date {
  const fixed = env[NOW_ENV];
  if (!fixed) return new Date();
  const date = new Date(fixed);
  if (Number.isNaN(date.getTime())) throw new PulsaError('error.badOption', { option: NOW_ENV, input: fixed, known: 'ISO time' }, EXIT.input);
  return date;
}

export function parseLang(value: string | undefined): Lang {
  const lang = (value ?? process.env.PULSA_DOCTOR_LANG ?? 'id').toLowerCase();
  if (!LANGS.includes(lang as Lang)) {
    throw new PulsaError('error.badOption', { option: '--lang', input: lang, known: LANGS.join(', ') }, EXIT.input);
  }
  return lang as Lang;
}

export async function commandContext(options: GlobalOptions): Promise<CommandContext> {
  const lang = parseLang(options.lang);
  return {
    lang,
    langExplicit: options.lang !== undefined,
    t: translator(loadCatalogue(), lang),
    out: await createOutput(options.color),
    storePath: resolveStorePath(options.store),
    now: clock(),
  };
}

/** The language for messages about a case: its own (a case diagnosed in English stays English) unless --lang says otherwise. */
export function caseMessageContext(ctx: CommandContext, c: Case): { lang: Lang; t: Translate } {
  const lang = ctx.langExplicit ? ctx.lang : c.lang;
  return { lang, t: lang === ctx.lang ? ctx.t : translator(loadCatalogue(), lang) };
}

/** What every command needs: language, messages, output gate and the store's path. */
import { machineTimeZone } from '../io/machine-zone.js';
import { hasOwnCatalogue, loadCatalogue, loadMessages } from '../data/load.js';
import { lazyTranslator, translator, type Translate } from '../domain/messages.js';
import { expandRef, type Case } from '../domain/cases.js';
import { dayKey } from '../domain/clock.js';
import { LANGS, type Lang } from '../domain/text.js';
import { EXIT, PulsaError } from '../errors.js';
import { createOutput, type Output } from '../ui/output.js';
import { hostname, userInfo } from 'node:os';
import type { Actor } from '../domain/actor.js';
import { displayLocation, openCaseStore } from '../store/open.js';
import { readStoreTimeZone } from '../store/case-store.js';
import { defaultTimeZone } from '../domain/time-zone.js';
import { namedStore, resolveStorePath } from '../store/paths.js';
import type { CaseStore } from '../store/types.js';

export interface GlobalOptions {
  store?: string;
  lang?: string;
  color?: boolean;
  counter?: string;
  person?: string;
}

export interface CommandContext {
  lang: Lang;
  /** True when --lang was given: it then wins over the language a case was diagnosed in. */
  langExplicit: boolean;
  t: Translate;
  out: Output;
  /** A JSON store file's path or a PostgreSQL URL. */
  storePath: string;
  /** Named by --store or PULSA_DOCTOR_STORE, rather than the default location. */
  storeGiven: boolean;
  /** Who is working: stamped on every event and payment this command makes. */
  actor: Actor;
  /** The clock; PULSA_DOCTOR_NOW (an ISO time) fixes it for tests and demonstrations. */
  now: Date;
  /** Stores this command opened, closed by the entry when the command ends (a database pool keeps the process alive). */
  openStores: CaseStore[];
}

export const NOW_ENV = 'PULSA_DOCTOR_NOW';

export const COUNTER_ENV = 'PULSA_DOCTOR_COUNTER';
export const PERSON_ENV = 'PULSA_DOCTOR_PERSON';

/** The case store of this command; a save kept waiting by another counter (or a crashed one's lock) says so. */
export function openStore(ctx: CommandContext, location = ctx.storePath): Promise<CaseStore> {
  return trackStore(ctx, openCaseStore(location, {
    // Asked for when a case is written, so a command that only reads never looks the user up (see commandContext).
    get actor() {
      return ctx.actor;
    },
    onDamaged: (path, reason) => ctx.out.info(ctx.t('store.skipped', { path, reason })),
    onWait: () => ctx.out.info(ctx.t('store.waiting', { path: displayLocation(location) })),
  }));
}

/**
 * For commands that list or report: a store named on the command line or in the environment must exist. A
 * mistyped path is not an empty shop, and a cron job reading it must not be told all is well.
 */
export async function openStoreToRead(ctx: CommandContext): Promise<CaseStore> {
  const store = await openStore(ctx);
  if (ctx.storeGiven && !(await store.exists())) throw new PulsaError('error.storeMissing', { path: displayLocation(ctx.storePath) }, EXIT.store);
  return store;
}

async function trackStore(ctx: CommandContext, opening: Promise<CaseStore>): Promise<CaseStore> {
  const store = await opening;
  ctx.openStores.push(store);
  return store;
}

/** `--counter`, then PULSA_DOCTOR_COUNTER, then this machine and its OS user; the person only when given. */
export function resolveActor(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Actor {
  const counter = (options.counter ?? env[COUNTER_ENV] ?? '').trim() || `${safeUser()}@${hostname()}`;
  const person = (options.person ?? env[PERSON_ENV] ?? '').trim();
  return person ? { counter, person } : { counter };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'user';
  }
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

/**
 * One clock for the shop: days, references, --since/--until, exports and displayed times follow the zone the
 * store records, whatever TZ the process was started with. Node re-reads TZ when it is assigned, so every
 * local-time function (Date, date-fns, Intl) follows from here on.
 */
export function useShopTimeZone(storePath: string): string {
  const zone = readStoreTimeZone(storePath) ?? defaultTimeZone(machineTimeZone());
  process.env.TZ = zone;
  return zone;
}

export async function commandContext(options: GlobalOptions): Promise<CommandContext> {
  const lang = parseLang(options.lang);
  const storePath = resolveStorePath(options.store);
  useShopTimeZone(storePath);
  let actor: Actor | undefined;
  return {
    lang,
    langExplicit: options.lang !== undefined,
    // The messages (the 30 KB of this language, from the build's snapshot when the shipped catalogue is unchanged)
    // are read with the first message, so a listing in JSON never reads them. A shop's own reworded catalogue is
    // read now: a mistake in it stops the command before it does anything, not halfway (a case saved, its message
    // refused).
    t: hasOwnCatalogue() ? translator(loadCatalogue(), lang) : lazyTranslator(() => loadMessages(lang)),
    out: await createOutput(options.color),
    storePath,
    storeGiven: namedStore(options.store) !== undefined,
    // Only when something is recorded: the OS user is a lookup in the system's user database (0.1-0.3 ms here,
    // more where users come from the network), which a listing never needs.
    get actor() {
      return (actor ??= resolveActor(options));
    },
    now: clock(),
    openStores: [],
  };
}

/** The language for messages about a case: its own (a case diagnosed in English stays English) unless --lang says otherwise. */
export function caseMessageContext(ctx: CommandContext, c: Case): { lang: Lang; t: Translate } {
  const lang = ctx.langExplicit ? ctx.lang : c.lang;
  return { lang, t: lang === ctx.lang ? ctx.t : translator(loadCatalogue(), lang) };
}

/** The full reference for what was typed (`3` is today's third case); text that is no reference is refused. */
export function caseRef(input: string, ctx: Pick<CommandContext, 'now'>): string {
  const ref = expandRef(input, dayKey(ctx.now));
  if (!ref) throw new PulsaError('error.badRef', { input, example: `KP-${dayKey(ctx.now)}-0003` }, EXIT.input);
  return ref;
}

/** `pulsa cases` and `pulsa show`: reading the store. */
import { compareCodes } from '../domain/text.js';
import { CASE_STATUSES, customerContact, PRIORITIES, type Case, type CaseStatus } from '../domain/cases.js';
import { parseDayBound } from '../domain/dates.js';
import { parseValueList } from '../domain/vocabulary.js';
import { normalizeMsisdn } from '../domain/msisdn.js';
import { loadChecklist, loadPolicy } from '../data/load.js';
import type { Checklist } from '../domain/checklist.js';
import { own } from '../domain/own.js';
import type { Lang } from '../domain/text.js';
import { screenColumns } from '../ui/output.js';
import { isDueToday, isOverdue, pendingEscalation } from '../domain/deadlines.js';
import type { Policy } from '../domain/policy.js';
import { byPriorityThenAge, effectivePriority } from '../domain/priority.js';
import { EXIT, PulsaError } from '../errors.js';
import { RankedSpool } from '../io/ranked-spool.js';
import { writeOut } from '../io/write-out.js';
import { escapeJsonControls } from '../ui/sanitize.js';
import { linesPerCase, renderCaseDetail, renderCaseTableBlocks } from '../ui/render.js';
import type { StoredDay } from '../store/types.js';
import { caseRef, openStore, openStoreToRead, type CommandContext } from './context.js';

export interface CasesOptions {
  due?: boolean;
  status?: string;
  since?: string;
  until?: string;
  number?: string;
  by?: string;
  json?: boolean;
  /** Table rows to show; the rest are counted ("N more"). */
  limit?: number;
  all?: boolean;
}

/**
 * A screenful of table: each case takes one line (compact) or two (row and rule), and the header, the marks and
 * the "more" line about six. Rendering is bounded by the page, never by the store (cli-table3 grows
 * quadratically with rows).
 */
export function screenfulOfCases(rows: number | undefined, lines = 2): number {
  return Math.max(5, Math.floor(((rows ?? 48) - 6) / lines));
}

/**
 * A case's cause as its checklist titles it in `lang`, each checklist read once; the code itself when the
 * checklist is gone or unreadable (a listing does not fail over one broken file).
 */
export function causeTitles(lang: Lang): (c: Case) => string {
  const checklists = new Map<string, Checklist | undefined>();
  const load = (id: string) => {
    try {
      return loadChecklist(id);
    } catch {
      return undefined;
    }
  };
  return (c) => {
    if (!c.cause) return '';
    if (!checklists.has(c.checklist)) checklists.set(c.checklist, load(c.checklist));
    const findings = checklists.get(c.checklist)?.findings;
    return (findings && own(findings, c.cause)?.title[lang]) ?? c.cause;
  };
}

export interface CaseFilter {
  statuses?: CaseStatus[];
  since?: Date;
  until?: Date;
  number?: string;
  /** A counter that made any change to the case. */
  by?: string;
}

/** Turns the command-line filter options into a filter, refusing what it cannot read. */
export function parseCaseFilter(options: CasesOptions, now = new Date()): CaseFilter {
  const filter: CaseFilter = {};
  if (options.status) {
    // The command line has already turned Indonesian words into codes; a caller passing words is served alike.
    const list = parseValueList('status', options.status);
    if ('bad' in list) throw new PulsaError('error.badOption', { option: '--status', input: list.bad, known: CASE_STATUSES.join(', ') }, EXIT.input);
    filter.statuses = list.codes;
  }
  for (const [option, edge] of [['since', 'start'], ['until', 'end']] as const) {
    const input = options[option];
    if (input === undefined) continue;
    const bound = parseDayBound(input, now, edge);
    if (!bound) throw new PulsaError('error.badDate', { option: `--${option}`, input }, EXIT.input);
    filter[option] = bound;
  }
  if (options.number) {
    try {
      filter.number = normalizeMsisdn(options.number);
    } catch {
      throw new PulsaError('error.answer', { key: '--number', reasonKey: 'answer.msisdn', input: options.number }, EXIT.input);
    }
  }
  if (options.by !== undefined) filter.by = options.by.trim();
  return filter;
}

export function matchesFilter(c: Case, filter: CaseFilter): boolean {
  // A discarded draft stays in the store and its history (pulsa show), but in no list.
  if (c.discardedAt) return false;
  const created = new Date(c.createdAt);
  if (filter.statuses && !filter.statuses.includes(c.status)) return false;
  if (filter.since && created < filter.since) return false;
  if (filter.until && created > filter.until) return false;
  if (filter.number && c.number !== filter.number && c.answers.claimedNumber !== filter.number && customerContact(c) !== filter.number) return false;
  if (filter.by !== undefined && !c.events.some((e) => e.counter === filter.by)) return false;
  return true;
}

/** A case as scripts see it: the stored record plus what is derived from it now. */
export function caseJson(c: Case, now: Date, policy: Policy) {
  return { ...c, effectivePriority: effectivePriority(c, now, policy), overdue: isOverdue(c, now) };
}

/**
 * `caseJson` as one line of JSON, from the case's JSON as the store gave it (a listing may hold the whole
 * history, so the case is not copied nor written again). `plainText`: the store found no DEL or C1 in it.
 */
function caseJsonText(c: Case, stored: string, plainText: boolean, now: Date, policy: Policy): string {
  const json = plainText ? stored : escapeJsonControls(stored);
  return `${json.slice(0, -1)},"effectivePriority":"${effectivePriority(c, now, policy)}","overdue":${isOverdue(c, now)}}`;
}

export async function runCases(options: CasesOptions, ctx: CommandContext): Promise<number> {
  const { now } = ctx;
  const filter = parseCaseFilter(options, now);
  const policy = loadPolicy();
  const store = await openStoreToRead(ctx);
  // Without a date range the list is the working set (not closed, or opened in the look-back): read from the
  // store's index, so it costs what the open work costs. --since/--until reach into the whole history. Either
  // comes a day at a time when large, and is never held whole.
  const working = !filter.since && !filter.until;
  if (options.json && !options.due) {
    const stored = store.storedDays(working ? { activeAt: now, windowDays: policy.openLookbackDays } : { range: filter });
    await writeCasesJson(ctx, byPriority(stored, filter, now, policy), now, policy);
    return EXIT.ok;
  }
  const days = working ? store.activeCasesByDay(now, policy.openLookbackDays) : store.casesByDay(filter);
  const matching = matchingByDay(days, filter);
  if (options.due) {
    // Follow-up list: what was forwarded and is due, the longest-waiting deadline first. Few cases by nature.
    const due = (c: Case) => pendingEscalation(c)!.due;
    const cases: Case[] = [];
    for await (const day of matching) cases.push(...day.filter((c) => isDueToday(c, now)));
    cases.sort((a, b) => compareCodes(due(a), due(b)));
    if (options.json) await writeCasesJson(ctx, oneRank(cases), now, policy);
    else await printCases(ctx, cases.slice(0, tableLimit(options, ctx)), cases.length, policy, store.skippedFiles.length);
    // Like grep and pulsa batch: a follow-up list with something in it is the signal cron alerts on.
    return cases.length > 0 ? EXIT.failure : EXIT.ok;
  }
  const { top, total } = await mostUrgent(matching, tableLimit(options, ctx), now, policy);
  await printCases(ctx, top, total, policy, store.skippedFiles.length);
  return EXIT.ok;
}

async function* matchingByDay(days: AsyncIterable<Case[]>, filter: CaseFilter): AsyncGenerator<Case[]> {
  for await (const day of days) yield day.filter((c) => matchesFilter(c, filter));
}

/** Cases in one rank, in the order they come, as the JSON listing takes them. */
interface Ranked {
  rank: number;
  cases: Case[];
  json: string[];
  plainText: boolean;
}

async function* oneRank(cases: Case[]): AsyncGenerator<Ranked> {
  yield { rank: 0, cases, json: cases.map((c) => JSON.stringify(c)), plainText: false };
}

/**
 * The cases in the list's order, most urgent first, then the longest waiting, as (rank, cases) per day: rank 0
 * is read first. A day's cases are put in creation order; days come in order, so each rank is in creation
 * order throughout (a store whose time zone changed may have days that overlap by a few hours).
 */
async function* byPriority(days: AsyncIterable<StoredDay>, filter: CaseFilter, now: Date, policy: Policy): AsyncGenerator<Ranked> {
  const order = byPriorityThenAge(now, policy);
  for await (const { cases, json, plainText } of days) {
    const ranks = new Map<number, Ranked>();
    const matching = [...cases.keys()].filter((i) => matchesFilter(cases[i]!, filter));
    for (const i of matching.sort((a, b) => order(cases[a]!, cases[b]!))) {
      const c = cases[i]!;
      const rank = PRIORITIES.length - 1 - PRIORITIES.indexOf(effectivePriority(c, now, policy));
      const ranked = ranks.get(rank) ?? ranks.set(rank, { rank, cases: [], json: [], plainText }).get(rank)!;
      ranked.cases.push(c);
      ranked.json.push(json[i]!);
    }
    yield* ranks.values();
  }
}

/**
 * One JSON array, a case per line as `pulsa export --format json` writes it, streamed: the cases are
 * stringified as they are read, and a spool puts them in the list's order with bounded memory.
 */
async function writeCasesJson(ctx: CommandContext, ranked: AsyncIterable<Ranked>, now: Date, policy: Policy) {
  const spool = new RankedSpool(PRIORITIES.length);
  try {
    for await (const { rank, cases, json, plainText } of ranked) {
      // Each case carries the separator before it; the first one's comma becomes the array's bracket.
      cases.forEach((c, i) => spool.add(rank, `,\n${caseJsonText(c, json[i]!, plainText, now, policy)}`));
      await spool.settle();
    }
    let first = true;
    for await (const bytes of spool.read()) {
      if (first) await writeOut(ctx.out.stdout, '[');
      await writeOut(ctx.out.stdout, first ? bytes.subarray(1) : bytes);
      first = false;
    }
    await writeOut(ctx.out.stdout, first ? '[]\n' : '\n]\n');
  } finally {
    await spool.close();
  }
}

/** The `limit` most urgent cases in the list's order and how many matched, holding about twice `limit` at most. */
async function mostUrgent(days: AsyncIterable<Case[]>, limit: number, now: Date, policy: Policy): Promise<{ top: Case[]; total: number }> {
  const order = byPriorityThenAge(now, policy);
  let top: Case[] = [];
  let total = 0;
  for await (const day of days) {
    total += day.length;
    top.push(...day);
    if (top.length > 2 * limit + 1000) top = top.sort(order).slice(0, limit);
  }
  return { top: top.sort(order).slice(0, limit), total };
}

function tableWidth(ctx: CommandContext): number {
  return screenColumns(ctx.out.stdout as { isTTY?: boolean; columns?: number });
}

/** How many cases the table shows: a screenful unless told. */
function tableLimit(options: CasesOptions, ctx: CommandContext): number {
  if (options.all) return Infinity;
  return options.limit ?? screenfulOfCases((ctx.out.stdout as { rows?: number }).rows, linesPerCase(tableWidth(ctx)));
}

/** The table of `shown`, the first of `total` cases, or a line saying there are none. */
async function printCases(ctx: CommandContext, shown: Case[], total: number, policy: Policy, skippedFiles: number): Promise<void> {
  if (total === 0) {
    ctx.out.info(skippedFiles ? ctx.t('case.noneReadable', { count: skippedFiles }) : ctx.t('case.none'));
    return;
  }
  const view = { now: ctx.now, policy, t: ctx.t, paint: ctx.out.paint, lang: ctx.lang, width: tableWidth(ctx), causeTitle: causeTitles(ctx.lang) };
  for await (const block of renderCaseTableBlocks(shown, view)) ctx.out.print(block);
  if (total > shown.length) ctx.out.info(ctx.t('case.more', { count: total - shown.length, total }));
}

export async function runShow(ref: string, options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const found = await (await openStore(ctx)).getCase(caseRef(ref, ctx));
  const policy = loadPolicy();
  if (options.json) ctx.out.json(caseJson(found, ctx.now, policy));
  else ctx.out.print(await renderCaseDetail(found, { now: ctx.now, policy, t: ctx.t, paint: ctx.out.paint, lang: ctx.lang, causeTitle: causeTitles(ctx.lang) }));
  return EXIT.ok;
}

/** `pulsa cases` and `pulsa show`: reading the store. */
import { compareCodes } from '../domain/text.js';
import { CASE_STATUSES, customerContact, type Case, type CaseStatus } from '../domain/cases.js';
import { parseDayBound } from '../domain/dates.js';
import { parseValueList } from '../domain/vocabulary.js';
import { normalizeMsisdn } from '../domain/msisdn.js';
import { loadChecklist, loadPolicy } from '../data/load.js';
import type { Checklist } from '../domain/checklist.js';
import type { Lang } from '../domain/text.js';
import { screenColumns } from '../ui/output.js';
import { isDueToday, isOverdue, pendingEscalation } from '../domain/deadlines.js';
import type { Policy } from '../domain/policy.js';
import { byPriorityThenAge, effectivePriority } from '../domain/priority.js';
import { EXIT, PulsaError } from '../errors.js';
import { writeJsonArray } from '../io/write-out.js';
import { linesPerCase, renderCaseDetail, renderCaseTableBlocks } from '../ui/render.js';
import { caseRef, openStore, type CommandContext } from './context.js';

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
    return checklists.get(c.checklist)?.findings[c.cause]?.title[lang] ?? c.cause;
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

export async function runCases(options: CasesOptions, ctx: CommandContext): Promise<number> {
  const { now } = ctx;
  const filter = parseCaseFilter(options, now);
  const policy = loadPolicy();
  const store = await openStore(ctx);
  // Without a date range the list is the working set (not closed, or opened in the look-back): read from the
  // store's index, so it costs what the open work costs. --since/--until reach into the whole history.
  const working = !filter.since && !filter.until;
  const stored = working ? await store.activeCases(now, policy.openLookbackDays) : await store.listCases(filter);
  let cases = stored.filter((c) => matchesFilter(c, filter));
  if (options.due) {
    // Follow-up list: what was forwarded and is due, the longest-waiting deadline first.
    const due = (c: Case) => pendingEscalation(c)!.due;
    cases = cases.filter((c) => isDueToday(c, now)).sort((a, b) => compareCodes(due(a), due(b)));
  } else {
    cases.sort(byPriorityThenAge(now, policy));
  }
  if (options.json) await writeJsonArray(ctx.out.stdout, cases, (c) => caseJson(c, now, policy));
  else if (cases.length === 0) ctx.out.info(store.skippedFiles.length ? ctx.t('case.noneReadable', { count: store.skippedFiles.length }) : ctx.t('case.none'));
  else {
    const width = screenColumns(ctx.out.stdout as { isTTY?: boolean; columns?: number });
    const limit = options.all ? cases.length : (options.limit ?? screenfulOfCases((ctx.out.stdout as { rows?: number }).rows, linesPerCase(width)));
    const view = { now, policy, t: ctx.t, paint: ctx.out.paint, lang: ctx.lang, width, causeTitle: causeTitles(ctx.lang) };
    for await (const block of renderCaseTableBlocks(cases.slice(0, limit), view)) ctx.out.print(block);
    if (cases.length > limit) ctx.out.info(ctx.t('case.more', { count: cases.length - limit, total: cases.length }));
  }
  // Like grep and pulsa batch: a follow-up list with something in it is the signal cron alerts on.
  return options.due && cases.length > 0 ? EXIT.failure : EXIT.ok;
}

export async function runShow(ref: string, options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const found = await (await openStore(ctx)).getCase(caseRef(ref, ctx));
  const policy = loadPolicy();
  if (options.json) ctx.out.json(caseJson(found, ctx.now, policy));
  else ctx.out.print(await renderCaseDetail(found, { now: ctx.now, policy, t: ctx.t, paint: ctx.out.paint, lang: ctx.lang, causeTitle: causeTitles(ctx.lang) }));
  return EXIT.ok;
}

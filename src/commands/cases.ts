/** `pulsa cases` and `pulsa show`: reading the store. */
import { CASE_STATUSES, customerContact, type Case, type CaseStatus } from '../domain/cases.js';
import { parseDayBound } from '../domain/dates.js';
import { normalizeMsisdn } from '../domain/msisdn.js';
import { loadPolicy } from '../data/load.js';
import { isDueToday, isOverdue, pendingEscalation } from '../domain/deadlines.js';
import type { Policy } from '../domain/policy.js';
import { byPriorityThenAge, effectivePriority } from '../domain/priority.js';
import { EXIT, PulsaError } from '../errors.js';
import { writeJsonArray } from '../io/write-out.js';
import { renderCaseDetail, renderCaseTableBlocks } from '../ui/render.js';
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
 * A screenful of table: each case takes two lines (row and rule) and the header and the "more" line about six.
 * Rendering is bounded by the page, never by the store (cli-table3 grows quadratically with rows).
 */
export function screenfulOfCases(rows: number | undefined): number {
  return Math.max(5, Math.floor(((rows ?? 48) - 6) / 2));
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
    const statuses = options.status.split(',').map((s) => s.trim().toLowerCase());
    const bad = statuses.filter((s) => !CASE_STATUSES.includes(s as CaseStatus));
    if (bad.length) throw new PulsaError('error.badOption', { option: '--status', input: bad.join(','), known: CASE_STATUSES.join(', ') }, EXIT.input);
    filter.statuses = statuses as CaseStatus[];
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
    cases = cases.filter((c) => isDueToday(c, now)).sort((a, b) => due(a).localeCompare(due(b)));
  } else {
    cases.sort(byPriorityThenAge(now, policy));
  }
  if (options.json) await writeJsonArray(ctx.out.stdout, cases, (c) => caseJson(c, now, policy));
  else if (cases.length === 0) ctx.out.info(store.skippedFiles.length ? ctx.t('case.noneReadable', { count: store.skippedFiles.length }) : ctx.t('case.none'));
  else {
    const limit = options.all ? cases.length : (options.limit ?? screenfulOfCases((ctx.out.stdout as { rows?: number }).rows));
    for await (const block of renderCaseTableBlocks(cases.slice(0, limit), now, policy, ctx.t, ctx.out.paint)) ctx.out.print(block);
    if (cases.length > limit) ctx.out.info(ctx.t('case.more', { count: cases.length - limit, total: cases.length }));
  }
  // Like grep and pulsa batch: a follow-up list with something in it is the signal cron alerts on.
  return options.due && cases.length > 0 ? EXIT.failure : EXIT.ok;
}

export async function runShow(ref: string, options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const found = await (await openStore(ctx)).getCase(caseRef(ref, ctx));
  const policy = loadPolicy();
  if (options.json) ctx.out.json(caseJson(found, ctx.now, policy));
  else ctx.out.print(await renderCaseDetail(found, ctx.now, policy, ctx.t, ctx.out.paint));
  return EXIT.ok;
}

/** `pulsa stats` and `pulsa kas`: the owner's figures for a period and the day's money. */
import { listChecklistIds, loadChecklist } from '../data/load.js';
import type { Case } from '../domain/cases.js';
import { parseDayBound } from '../domain/dates.js';
import {
  caseFigures, compare, isoDay, moneyFigures, previousPeriod, statsPeriod, MONEY_KINDS,
  type KasReport, type Period, type StatsFilters, type StatsReport,
} from '../domain/stats.js';
import { EXIT, PulsaError } from '../errors.js';
import type { CaseStore } from '../store/types.js';
import { renderKas, renderStats } from '../ui/stats-render.js';
import { matchesFilter, parseCaseFilter, type CaseFilter } from './cases.js';
import { openStoreToRead, type CommandContext } from './context.js';
import { parseOperators } from './export.js';

export interface StatsOptions {
  since?: string;
  until?: string;
  /** true for this week, or a day whose week is meant. */
  week?: boolean | string;
  month?: boolean | string;
  status?: string;
  operator?: string;
  checklist?: string;
  by?: string;
  json?: boolean;
}

interface Selection {
  filter: CaseFilter;
  operators?: string[];
  checklists?: string[];
}

function dayOption(option: string, value: boolean | string | undefined, now: Date): Date | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return now;
  const day = parseDayBound(value, now, 'start');
  if (!day) throw new PulsaError('error.badDate', { option, input: value }, EXIT.input);
  return day;
}

function parseChecklists(input: string): string[] {
  const known = listChecklistIds();
  return input.split(',').map((text) => {
    const id = text.trim().toLowerCase();
    if (!known.includes(id)) throw new PulsaError('error.badOption', { option: '--checklist', input: text, known: known.join(', ') }, EXIT.input);
    return id;
  });
}

/** Reads the period and filters, refusing anything it cannot read before the store is opened. */
export function parseStatsOptions(options: StatsOptions, now: Date): { period: Period; selection: Selection; filters: StatsFilters } {
  const chosen = [options.week, options.month, options.since ?? options.until].filter((x) => x !== undefined && x !== false);
  if (chosen.length > 1) throw new PulsaError('error.periodConflict', {}, EXIT.input);
  const filter = parseCaseFilter({ status: options.status, since: options.since, until: options.until, by: options.by }, now);
  if (filter.since && filter.until && filter.since > filter.until) throw new PulsaError('error.periodOrder', { since: options.since!, until: options.until! }, EXIT.input);
  const period = statsPeriod(now, { since: filter.since, until: filter.until, week: dayOption('--week', options.week, now), month: dayOption('--month', options.month, now) });
  const operators = options.operator ? parseOperators(options.operator) : undefined;
  const checklists = options.checklist ? parseChecklists(options.checklist) : undefined;
  return {
    period,
    selection: { filter: { ...filter, since: undefined, until: undefined }, operators, checklists },
    filters: { status: filter.statuses ?? null, operator: operators ?? null, checklist: checklists ?? null, by: filter.by ?? null },
  };
}

function selects(c: Case, selection: Selection): boolean {
  return matchesFilter(c, selection.filter)
    && (!selection.operators || selection.operators.includes(c.operator ?? ''))
    && (!selection.checklists || selection.checklists.includes(c.checklist));
}

const filtering = (s: Selection) => Boolean(s.filter.statuses || s.filter.by !== undefined || s.operators || s.checklists);

/** The cases opened in the period that the filters select, read a day at a time from that period's days only. */
async function cohort(store: CaseStore, period: Period, selection: Selection): Promise<Case[]> {
  const cases: Case[] = [];
  for await (const day of store.casesByDay(period)) {
    for (const c of day) {
      const created = new Date(c.createdAt);
      if (created >= period.since && created <= period.until && selects(c, selection)) cases.push(c);
    }
  }
  return cases;
}

/** Payments made in the range; with filters, only those of cases the filters select (whenever they were opened). */
async function payments(store: CaseStore, range: Period, selection: Selection) {
  const rows = await store.ledger(range);
  if (!filtering(selection)) return rows;
  const verdict = new Map<string, boolean>();
  const kept = [];
  for (const row of rows) {
    if (!verdict.has(row.ref)) verdict.set(row.ref, selects(await store.getCase(row.ref), selection));
    if (verdict.get(row.ref)) kept.push(row);
  }
  return kept;
}

/** The figures of a period and of the one before it, as `stats --json` prints them. */
export async function collectStats(store: CaseStore, options: StatsOptions, now: Date): Promise<StatsReport> {
  const { period, selection, filters } = parseStatsOptions(options, now);
  const before = previousPeriod(period);
  // One ledger read for both periods: on the JSON store it scans every day up to the end of the range.
  const paid = await payments(store, { since: before.since, until: period.until }, selection);
  const current = { cases: caseFigures(await cohort(store, period, selection), period, now), money: moneyFigures(paid, period) };
  const previous = { cases: caseFigures(await cohort(store, before, selection), before, now), money: moneyFigures(paid, before) };
  const { opened, resolved, closed, stillOpen, overdueEscalations } = previous.cases;
  return {
    period: { since: period.since.toISOString(), until: period.until.toISOString(), days: current.cases.perDay.length },
    filters,
    ...current,
    previous: { period: { since: before.since.toISOString(), until: before.until.toISOString() }, cases: { opened, resolved, closed, stillOpen, overdueEscalations }, money: previous.money.totals },
    comparison: compare(current, previous),
  };
}

/** A cause code as the checklists title it in the command's language (JSON keeps the codes). */
export function causeTitles(report: StatsReport, ctx: CommandContext): (code: string) => string {
  const titles = new Map<string, string>();
  for (const { key } of report.cases.byChecklist) {
    const checklist = loadChecklist(key);
    for (const [code, finding] of Object.entries(checklist?.findings ?? {})) if (!titles.has(code)) titles.set(code, finding.title[ctx.lang]);
  }
  return (code) => titles.get(code) ?? code;
}

export async function runStats(options: StatsOptions, ctx: CommandContext): Promise<number> {
  parseStatsOptions(options, ctx.now);
  const store = await openStoreToRead(ctx);
  const report = await collectStats(store, options, ctx.now);
  if (options.json) ctx.out.json(report);
  else ctx.out.print(await renderStats(report, ctx.t, ctx.out.paint, causeTitles(report, ctx)));
  return EXIT.ok;
}

export interface KasOptions {
  date?: string;
  json?: boolean;
}

export async function runKas(options: KasOptions, ctx: CommandContext): Promise<number> {
  const input = options.date ?? 'today';
  const since = parseDayBound(input, ctx.now, 'start');
  const until = parseDayBound(input, ctx.now, 'end');
  if (!since || !until) throw new PulsaError('error.badDate', { option: '--date', input }, EXIT.input);
  const store = await openStoreToRead(ctx);
  const rows = await store.ledger({ since, until });
  const money = moneyFigures(rows, { since, until });
  const report: KasReport = {
    date: isoDay(since),
    payments: rows.map((r) => ({ at: r.at, ref: r.ref, kind: (MONEY_KINDS as readonly string[]).includes(r.kind) ? r.kind : 'other', amount: r.amount, counter: r.counter ?? null, person: r.person ?? null })),
    totals: money.totals,
    drawer: money.totals.refund,
  };
  if (options.json) ctx.out.json(report);
  else ctx.out.print(await renderKas(report, ctx.t, ctx.out.paint));
  return EXIT.ok;
}

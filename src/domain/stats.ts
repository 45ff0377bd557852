/**
 * The owner's figures: what came in over a period, what caused it, how long it took and what it cost.
 *
 * Two views, kept apart on purpose:
 * - Case figures follow the cases *opened* in the period (a cohort) and what has become of them by `now`, so a
 *   week's figures can be read from that week's day files alone and equal the sums over `export --since --until`.
 * - Money follows the *payment* time, like the cash drawer: a refund paid this week for last week's case is
 *   this week's money, and a case refunded twice counts twice.
 */
import { compareCodes } from './text.js';
import { ledgerOf, type Case, type LedgerEntry, type ResolutionKind } from './cases.js';
import { isOverdue } from './deadlines.js';

export interface Period {
  since: Date;
  until: Date;
}

/** One value of a breakdown (a cause, an operator…) with its count and share of the cases it was counted over. */
export interface Share {
  key: string;
  count: number;
  /** count / base, rounded to 0.001; 0 when the base is 0. */
  share: number;
}

/** Durations in hours (one decimal) over the cases that reached the step. */
export interface Durations {
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface RepeatNumber {
  number: string;
  count: number;
  refs: string[];
}

export const MONEY_KINDS = ['refund', 'resent', 'other'] as const satisfies readonly ResolutionKind[];
export type MoneyKind = (typeof MONEY_KINDS)[number];

export interface MoneyByKind {
  refund: number;
  resent: number;
  other: number;
  total: number;
  payments: number;
}

export interface MoneyDay extends MoneyByKind {
  /** YYYY-MM-DD, local (shop) day. */
  day: string;
}

export interface CaseFigures {
  /** Cases opened in the period (drafts, interrupted diagnoses, are counted apart). */
  opened: number;
  drafts: number;
  /** Opened cases that were resolved at least once by now. */
  resolved: number;
  /** Opened cases that were closed at least once by now. */
  closed: number;
  /** Opened cases still waiting now: open, escalated or reopened. */
  stillOpen: number;
  /** Escalated cases whose follow-up deadline has passed without an answer. */
  overdueEscalations: number;
  /** Resolved cases the customer came back on (reopened at least once). */
  reopened: number;
  /** reopened / resolved, rounded to 0.001; null when nothing was resolved. */
  reopenRate: number | null;
  perDay: { day: string; opened: number }[];
  byCause: Share[];
  byOperator: Share[];
  /** Only cases whose answers name a supplier; `supplierKnown` says how many. */
  bySupplier: Share[];
  supplierKnown: number;
  byChecklist: Share[];
  byStatus: Share[];
  timeToResolve: Durations;
  /** Resolved cases per band of time to resolve: up to 1, 4, 24 and 72 hours, then longer (upToHours null). */
  resolveBands: { upToHours: number | null; count: number }[];
  timeToClose: Durations;
  timeToFirstEscalationAnswer: Durations;
  /** Numbers with more than one case, most cases first (at most 10). */
  repeatNumbers: RepeatNumber[];
  /** Refs of the cases still open now, with whether their escalation is overdue. */
  openCases: { ref: string; status: string; createdAt: string; overdue: boolean; number: string | null }[];
}

export interface MoneyFigures {
  totals: MoneyByKind;
  perDay: MoneyDay[];
}

export const UNKNOWN = 'unknown';
const REPEAT_LIMIT = 10;
const HOUR = 3_600_000;

const pad = (n: number) => String(n).padStart(2, '0');
/** YYYY-MM-DD of the local day. */
export function isoDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Every local day from since to until, inclusive. */
export function daysOf(period: Period): string[] {
  const days: string[] = [];
  const cursor = new Date(period.since.getFullYear(), period.since.getMonth(), period.since.getDate());
  while (cursor <= period.until) {
    days.push(isoDay(cursor));
    cursor.setDate(cursor.getDate() + 1);
  }
  return days;
}

/** The period of equal length just before this one (for "up/down" against last week). */
export function previousPeriod(period: Period): Period {
  const length = period.until.getTime() - period.since.getTime();
  const until = new Date(period.since.getTime() - 1);
  return { since: new Date(until.getTime() - length), until };
}

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

/** Median and nearest-rank 90th percentile of durations in milliseconds, as hours. */
export function durations(ms: number[]): Durations {
  if (ms.length === 0) return { count: 0, medianHours: null, p90Hours: null };
  const sorted = [...ms].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const p90 = sorted[Math.ceil(0.9 * sorted.length) - 1]!;
  return { count: sorted.length, medianHours: round(median / HOUR, 1), p90Hours: round(p90 / HOUR, 1) };
}

/** Counts per key, most first then by key, with shares of `base`. */
export function shares(keys: string[], base = keys.length): Share[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => ({ key, count, share: base ? round(count / base, 3) : 0 }))
    .sort((a, b) => b.count - a.count || compareCodes(a.key, b.key));
}

export const RESOLVE_BAND_HOURS = [1, 4, 24, 72] as const;

function bands(ms: number[]): { upToHours: number | null; count: number }[] {
  const counts = [...RESOLVE_BAND_HOURS, null].map((upToHours) => ({ upToHours, count: 0 }));
  for (const x of ms) {
    const band = RESOLVE_BAND_HOURS.findIndex((limit) => x <= limit * HOUR);
    counts[band === -1 ? RESOLVE_BAND_HOURS.length : band]!.count++;
  }
  return counts;
}

const STILL_OPEN = new Set(['open', 'escalated', 'reopened']);

function firstEventAt(c: Case, type: 'resolved' | 'closed' | 'reopened'): number | null {
  const event = c.events.find((e) => e.type === type);
  if (event) return Date.parse(event.at);
  // Older cases may lack the event but keep the resolution.
  if (type === 'resolved' && c.resolution) return Date.parse(c.resolution.at);
  return null;
}

/** The supplier a case went through, when its answers say so. */
export function supplierOf(c: Case): string | null {
  const value = (c.answers as Record<string, unknown>).supplier;
  return typeof value === 'string' && value.trim() ? value.trim().toLowerCase() : null;
}

/** Case figures over the cases opened in the period (pass only those), as they stand at `now`. */
export function caseFigures(cases: Case[], period: Period, now: Date): CaseFigures {
  const drafts = cases.filter((c) => c.status === 'draft').length;
  const opened = cases.filter((c) => c.status !== 'draft');
  const resolveMs: number[] = [];
  const closeMs: number[] = [];
  const answerMs: number[] = [];
  let resolved = 0;
  let closed = 0;
  let reopened = 0;
  const perDay = new Map(daysOf(period).map((day) => [day, 0]));
  const byNumber = new Map<string, string[]>();
  for (const c of opened) {
    const created = Date.parse(c.createdAt);
    const day = isoDay(new Date(created));
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
    const resolvedAt = firstEventAt(c, 'resolved');
    if (resolvedAt !== null) {
      resolved++;
      resolveMs.push(resolvedAt - created);
    }
    const closedAt = firstEventAt(c, 'closed');
    if (closedAt !== null) {
      closed++;
      closeMs.push(closedAt - created);
    }
    if (firstEventAt(c, 'reopened') !== null) reopened++;
    const first = c.escalations[0];
    if (first?.outcome) answerMs.push(Date.parse(first.outcome.at) - Date.parse(first.at));
    if (c.number) byNumber.set(c.number, [...(byNumber.get(c.number) ?? []), c.ref]);
  }
  const suppliers = opened.map(supplierOf).filter((s): s is string => s !== null);
  const open = opened.filter((c) => STILL_OPEN.has(c.status));
  return {
    opened: opened.length,
    drafts,
    resolved,
    closed,
    stillOpen: open.length,
    overdueEscalations: opened.filter((c) => isOverdue(c, now)).length,
    reopened,
    reopenRate: resolved ? round(reopened / resolved, 3) : null,
    perDay: [...perDay].map(([day, count]) => ({ day, opened: count })),
    byCause: shares(opened.map((c) => c.cause ?? UNKNOWN)),
    byOperator: shares(opened.map((c) => c.operator ?? UNKNOWN)),
    bySupplier: shares(suppliers),
    supplierKnown: suppliers.length,
    byChecklist: shares(opened.map((c) => c.checklist)),
    byStatus: shares(opened.map((c) => c.status)),
    timeToResolve: durations(resolveMs),
    resolveBands: bands(resolveMs),
    timeToClose: durations(closeMs),
    timeToFirstEscalationAnswer: durations(answerMs),
    repeatNumbers: [...byNumber]
      .filter(([, refs]) => refs.length > 1)
      .map(([number, refs]) => ({ number, count: refs.length, refs }))
      .sort((a, b) => b.count - a.count || compareCodes(a.number, b.number))
      .slice(0, REPEAT_LIMIT),
    openCases: open
      .map((c) => ({ ref: c.ref, status: c.status, createdAt: c.createdAt, overdue: isOverdue(c, now), number: c.number }))
      .sort((a, b) => Number(b.overdue) - Number(a.overdue) || compareCodes(a.createdAt, b.createdAt)),
  };
}

const emptyMoney = (): MoneyByKind => ({ refund: 0, resent: 0, other: 0, total: 0, payments: 0 });

function add(into: MoneyByKind, entry: Pick<LedgerEntry, 'kind' | 'amount'>): void {
  const kind: MoneyKind = (MONEY_KINDS as readonly string[]).includes(entry.kind) ? (entry.kind as MoneyKind) : 'other';
  into[kind] += entry.amount;
  into.total += entry.amount;
  into.payments++;
}

/** Money paid in the period, per local day and in total, from ledger entries (every payment counts). */
export function moneyFigures(entries: Pick<LedgerEntry, 'at' | 'kind' | 'amount'>[], period: Period): MoneyFigures {
  const totals = emptyMoney();
  const perDay = new Map(daysOf(period).map((day) => [day, emptyMoney()]));
  for (const entry of entries) {
    const at = new Date(entry.at);
    if (at < period.since || at > period.until) continue;
    const day = isoDay(at);
    if (!perDay.has(day)) perDay.set(day, emptyMoney());
    add(perDay.get(day)!, entry);
    add(totals, entry);
  }
  return { totals, perDay: [...perDay].map(([day, money]) => ({ day, ...money })) };
}

/** Payments from whole cases (what an export holds): every ledger entry of every case. */
export function paymentsOf(cases: Case[]): LedgerEntry[] {
  return cases.flatMap((c) => ledgerOf(c));
}

/** A change against the previous period: the difference, and which way it went. */
export interface Change {
  now: number | null;
  before: number | null;
  delta: number | null;
  direction: 'up' | 'down' | 'same' | null;
}

export function change(now: number | null, before: number | null): Change {
  if (now === null || before === null) return { now, before, delta: null, direction: null };
  const delta = round(now - before, 1);
  return { now, before, delta, direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'same' };
}

export interface Comparison {
  opened: Change;
  resolved: Change;
  closed: Change;
  stillOpen: Change;
  overdueEscalations: Change;
  medianHoursToResolve: Change;
  moneyTotal: Change;
}

/** The headline figures against those of the previous period. */
export function compare(current: { cases: CaseFigures; money: MoneyFigures }, previous: { cases: CaseFigures; money: MoneyFigures }): Comparison {
  return {
    opened: change(current.cases.opened, previous.cases.opened),
    resolved: change(current.cases.resolved, previous.cases.resolved),
    closed: change(current.cases.closed, previous.cases.closed),
    stillOpen: change(current.cases.stillOpen, previous.cases.stillOpen),
    overdueEscalations: change(current.cases.overdueEscalations, previous.cases.overdueEscalations),
    medianHoursToResolve: change(current.cases.timeToResolve.medianHours, previous.cases.timeToResolve.medianHours),
    moneyTotal: change(current.money.totals.total, previous.money.totals.total),
  };
}

/** The period of `stats` and `report`: explicit bounds, the calendar week or month of a day, or the last 7 days. */
export function statsPeriod(now: Date, options: { since?: Date; until?: Date; week?: Date; month?: Date }): Period {
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());
  const endOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate(), 23, 59, 59, 999);
  if (options.week) {
    // Weeks start on Monday, as Indonesian calendars print them.
    const monday = startOf(options.week);
    monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7));
    const sunday = new Date(monday);
    sunday.setDate(sunday.getDate() + 6);
    return { since: monday, until: endOf(sunday) };
  }
  if (options.month) {
    const m = options.month;
    return { since: new Date(m.getFullYear(), m.getMonth(), 1), until: endOf(new Date(m.getFullYear(), m.getMonth() + 1, 0)) };
  }
  const until = options.until ?? endOf(now);
  const since = options.since ?? (() => {
    const start = startOf(until);
    start.setDate(start.getDate() - 6);
    return start;
  })();
  return { since, until };
}

export interface StatsFilters {
  status: string[] | null;
  operator: string[] | null;
  checklist: string[] | null;
  by: string | null;
}

/** Everything `stats --json` prints; the shape is documented in the README and kept stable. */
export interface StatsReport {
  period: { since: string; until: string; days: number };
  filters: StatsFilters;
  cases: CaseFigures;
  money: MoneyFigures;
  previous: { period: { since: string; until: string }; cases: Pick<CaseFigures, 'opened' | 'resolved' | 'closed' | 'stillOpen' | 'overdueEscalations'>; money: MoneyByKind };
  comparison: Comparison;
}

/** What `kas --json` prints: the day's payments and the totals to check against the cash drawer. */
export interface KasReport {
  date: string;
  payments: { at: string; ref: string; kind: string; amount: number; counter: string | null; person: string | null }[];
  totals: MoneyByKind;
  /** What left the cash drawer: the refunds (resends are paid from the supplier balance). */
  drawer: number;
}

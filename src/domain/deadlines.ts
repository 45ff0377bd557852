/** Follow-up deadlines: "24h", "2d" or a date, computed from an injectable clock. */
import { addDays } from 'date-fns/addDays';
import { addHours } from 'date-fns/addHours';
import { addMinutes } from 'date-fns/addMinutes';
import { endOfDay } from 'date-fns/endOfDay';
import type { Case, Escalation } from './cases.js';
import { parseLocalDateTime } from './clock.js';
import { own } from './own.js';

const UNITS: Record<string, (date: Date, n: number) => Date> = {
  m: addMinutes, min: addMinutes, menit: addMinutes,
  h: addHours, j: addHours, jam: addHours,
  // Days are calendar days (addDays keeps the time of day across daylight-saving changes and month ends).
  d: addDays, hari: addDays,
};

/** A follow-up deadline further away than this is a typo, not a plan. */
export const MAX_DUE_DAYS = 366;

export interface Duration {
  amount: number;
  unit: string;
}

/** Reads "30m", "24h", "24 jam", "2d", "2 hari"; null for anything else. */
export function parseDuration(input: string): Duration | null {
  const m = /^(\d+)\s*([a-z]+)$/i.exec(input.trim());
  if (!m || !own(UNITS, m[2]!.toLowerCase()) || Number(m[1]) <= 0) return null;
  return { amount: Number(m[1]), unit: m[2]!.toLowerCase() };
}

export function addDuration(now: Date, duration: Duration): Date {
  return own(UNITS, duration.unit)!(now, duration.amount);
}

/**
 * A deadline from a duration ("24h") or a date ("27/11/2026 17:00"); a date without a time means the end
 * of that day. Null when the text is neither.
 */
export function parseDue(input: string, now: Date): Date | null {
  const duration = parseDuration(input);
  const date = duration ? addDuration(now, duration) : parseLocalDateTime(input, now);
  if (!date) return null;
  const due = duration || /\d[:.]\d{2}/.test(input) ? date : endOfDay(date);
  return Number.isFinite(due.getTime()) ? due : null;
}

/** A deadline no more than MAX_DUE_DAYS after `now` (deadlines in the past are judged by the caller). */
export function isWithinDueRange(due: Date, now: Date): boolean {
  return due.getTime() <= now.getTime() + MAX_DUE_DAYS * 86_400_000;
}

/** The escalation the case is waiting on: the latest one, if it has no outcome yet. */
export function pendingEscalation(c: Case): Escalation | undefined {
  const last = c.escalations.at(-1);
  return last && !last.outcome ? last : undefined;
}

/** An escalated case whose follow-up deadline has passed. */
export function isOverdue(c: Case, now: Date): boolean {
  const pending = pendingEscalation(c);
  return c.status === 'escalated' && pending !== undefined && new Date(pending.due) < now;
}

/** An escalated case to follow up today: its deadline has passed or falls before the end of today. */
export function isDueToday(c: Case, now: Date): boolean {
  const pending = pendingEscalation(c);
  return c.status === 'escalated' && pending !== undefined && new Date(pending.due) <= endOfDay(now);
}

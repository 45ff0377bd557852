/** Which case to look at first. */
import { compareCodes } from './text.js';
import { subDays } from 'date-fns/subDays';
import { PRIORITIES, type Case, type CaseSummary, type Priority } from './cases.js';
import { isOverdue } from './deadlines.js';
import type { Policy } from './policy.js';

/** The owner's choice when set; otherwise high for large nominals, repeat complaints and overdue escalations. */
export function effectivePriority(c: Case, now: Date, policy: Policy): Priority {
  if (c.priority) return c.priority;
  if ((c.nominal ?? 0) >= policy.highNominal || c.related.length > 0 || isOverdue(c, now)) return 'high';
  return 'normal';
}

/** Most urgent first, then the one waiting longest. */
export function byPriorityThenAge(now: Date, policy: Policy): (a: Case, b: Case) => number {
  const rank = (c: Case) => PRIORITIES.indexOf(effectivePriority(c, now, policy));
  return (a, b) => rank(b) - rank(a) || compareCodes(a.createdAt, b.createdAt);
}

/**
 * Earlier cases of this customer (by their contact number) that are unfinished or recent: a new complaint
 * about them is a repeat. Matching the destination instead would tie a stranger who received a mistyped
 * top-up to another customer's complaint.
 */
export function findRelated(cases: CaseSummary[], contact: string, now: Date, policy: Policy): CaseSummary[] {
  const recent = subDays(now, policy.repeatDays).toISOString();
  const lookback = subDays(now, policy.openLookbackDays).toISOString();
  return cases.filter(
    (c) =>
      c.contact === contact &&
      c.createdAt >= lookback &&
      (c.createdAt >= recent || (c.status !== 'closed' && c.status !== 'draft')),
  );
}

/** The pending clock: transactions still pending and escalations waiting on a supplier, each with when to act. */
import { compareCodes } from './text.js';
import type { Case } from './cases.js';
import { addDuration, parseDuration } from './deadlines.js';
import type { PendingRule } from './shop-config.js';

export type PendingAction = 'recheck' | 'complain' | 'follow-up';

export interface PendingItem {
  ref: string;
  kind: 'transaction' | 'escalation';
  number: string | null;
  productCode: string | null;
  supplierTrxId: string | null;
  /** When the transaction was sent (its time, else when the case was recorded), or when it was escalated. */
  since: string;
  /** What to do next, and from when. */
  action: PendingAction;
  actAt: string;
  /** No identical second attempt before this (the supplier refuses or doubles it). */
  noRetryBefore: string | null;
  overdue: boolean;
}

const FINISHED = ['resolved', 'closed', 'draft'];

const after = (from: Date, duration: string) => addDuration(from, parseDuration(duration)!);

/** Whether a case can be waiting on a transaction or the supplier at all: unfinished, and not discarded. */
export const mayBePending = (c: Case): boolean => !c.discardedAt && !FINISHED.includes(c.status);

/** Pending transactions and supplier escalations without an answer, the most urgent (earliest action) first. */
export function pendingItems(cases: Case[], rule: PendingRule, now: Date): PendingItem[] {
  const items: PendingItem[] = [];
  for (const c of cases) {
    if (!mayBePending(c)) continue;
    const base = { ref: c.ref, number: c.number, productCode: c.productCode ?? null, supplierTrxId: c.supplierTrxId ?? null };
    const waiting = c.escalations.filter((e) => e.to === 'supplier' && !e.outcome);
    if (waiting.length) {
      const e = waiting.at(-1)!;
      items.push({ ...base, kind: 'escalation', since: e.at, action: 'follow-up', actAt: e.due, noRetryBefore: null, overdue: new Date(e.due) <= now });
      continue;
    }
    if (c.answers.status !== 'pending' || c.status === 'escalated') continue;
    const sent = new Date(c.answers.time || c.createdAt);
    const recheck = after(sent, rule.recheckAfter);
    const complain = after(sent, rule.complainAfter);
    // Past the recheck point the next thing to do is the complaint; before it, the recheck.
    const [action, at] = now >= recheck ? (['complain', complain] as const) : (['recheck', recheck] as const);
    items.push({ ...base, kind: 'transaction', since: sent.toISOString(), action, actAt: at.toISOString(), noRetryBefore: after(sent, rule.noRetryWithin).toISOString(), overdue: at <= now });
  }
  return items.sort((a, b) => compareCodes(a.actAt, b.actAt) || compareCodes(a.ref, b.ref));
}

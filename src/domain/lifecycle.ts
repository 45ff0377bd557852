/**
 * The complaint loop, as trusted complaint desks run it: escalate with a deadline, follow up, resolve with a
 * solution, close only when the customer has that solution, reopen when they say it is not solved.
 */
import { ledgerOf, MONEY_RESOLUTIONS, type Case, type CaseStatus, type EscalationTarget, type Escalation, type EventType, type Evidence, type Priority, type ResolutionKind } from './cases.js';
import { formatLocalDateTime } from './clock.js';

export type Action = 'escalate' | 'resolve' | 'close' | 'reopen';

/** Which moves each status allows; `reopened` behaves like `open`, and a draft must be finished first. */
export const ALLOWED_MOVES: Record<CaseStatus, Action[]> = {
  draft: [],
  open: ['escalate', 'resolve'],
  reopened: ['escalate', 'resolve'],
  escalated: ['escalate', 'resolve'],
  resolved: ['close', 'reopen'],
  closed: ['reopen'],
};

const TARGET_STATUS: Record<Action, CaseStatus> = { escalate: 'escalated', resolve: 'resolved', close: 'closed', reopen: 'reopened' };

/** A move the case's rules refuse; `key` is a message-catalogue key. */
export class CaseRuleError extends Error {
  constructor(
    readonly key: string,
    readonly vars: Record<string, string>,
  ) {
    super(`${key} ${JSON.stringify(vars)}`);
  }
}

/** Throws unless the case's status allows the action. */
export function assertMove(c: Case, action: Action): void {
  const allowed = ALLOWED_MOVES[c.status];
  if (!allowed.includes(action)) {
    const commands = allowed.map((a) => `pulsa ${a}`).join(', ');
    throw new CaseRuleError(allowed.length ? 'rule.illegalMove' : 'rule.noMoves', { ref: c.ref, action: `pulsa ${action}`, status: c.status, allowed: commands });
  }
}

function move(c: Case, action: Action, now: Date, note?: string): Case {
  assertMove(c, action);
  const at = now.toISOString();
  const to = TARGET_STATUS[action];
  // The event is named after the status it leads to: escalated, resolved, closed, reopened.
  return { ...c, status: to, updatedAt: at, events: [...c.events, { at, type: to as EventType, from: c.status, to, ...(note ? { note } : {}) }] };
}

function appendEvent(c: Case, now: Date, event: Omit<Case['events'][number], 'at'>): Case {
  const at = now.toISOString();
  return { ...c, updatedAt: at, events: [...c.events, { at, ...event }] };
}

/**
 * Forwards the case with a follow-up deadline. While an earlier escalation still waits for its answer, escalating
 * again changes that one (its target, deadline and note) rather than stacking a second one nobody follows up;
 * the change and what it replaced stay in the history. Once answered, a new escalation is the next step.
 */
export function escalateCase(c: Case, to: EscalationTarget, due: Date, now: Date, note?: string): Case {
  const waiting = c.escalations.findLastIndex((e) => !e.outcome);
  if (waiting >= 0) return changeEscalation(c, waiting, to, due, now, note);
  const moved = move(c, 'escalate', now, note ?? to);
  return { ...moved, escalations: [...c.escalations, { at: now.toISOString(), to, due: due.toISOString(), ...(note ? { note } : {}) }] };
}

/** The escalation still waiting for an answer, if any: the one `escalateCase` would change. */
export function waitingEscalation(c: Case): Escalation | undefined {
  return c.escalations.findLast((e) => !e.outcome);
}

/** "supplier, 21/11/2026 10:00": the target (its code unless `name` gives words) and the deadline. */
export const describeEscalation = (e: Pick<Escalation, 'to' | 'due'>, name: (to: EscalationTarget) => string = (to) => to) =>
  `${name(e.to)}, ${formatLocalDateTime(new Date(e.due))}`;

function changeEscalation(c: Case, index: number, to: EscalationTarget, due: Date, now: Date, note?: string): Case {
  const at = now.toISOString();
  const { note: oldNote, ...old } = c.escalations[index]!;
  // A note belongs to its target: sent elsewhere, the old one stays only in the history of changes.
  const keptNote = note ?? (to === old.to ? oldNote : undefined);
  const changed: Escalation = {
    ...old,
    to,
    due: due.toISOString(),
    ...(keptNote ? { note: keptNote } : {}),
    changes: [...(old.changes ?? []), { at, to: old.to, due: old.due, ...(oldNote ? { note: oldNote } : {}) }],
  };
  // A case reopened with an escalation still unanswered goes back to escalated with it.
  const base = c.status === 'escalated' ? c : move(c, 'escalate', now, note ?? to);
  const event = { type: 'escalation-changed' as const, from: describeEscalation(old), to: describeEscalation(changed), ...(note ? { note } : {}) };
  return { ...appendEvent(base, now, event), escalations: c.escalations.map((e, i) => (i === index ? changed : e)) };
}

/** Puts back what an escalation change replaced (for undo). */
export function revertEscalationChange(c: Case, changedAt: string): Case {
  return {
    ...c,
    escalations: c.escalations.map((e) => {
      const last = e.changes?.at(-1);
      if (!last || last.at !== changedAt) return e;
      const { changes: _all, note: _note, ...rest } = e;
      const earlier = e.changes!.slice(0, -1);
      return { ...rest, to: last.to, due: last.due, ...(last.note ? { note: last.note } : {}), ...(earlier.length ? { changes: earlier } : {}) };
    }),
  };
}

/** Adds a note; with `outcome` it is the answer to the latest escalation still waiting for one. */
export function addNote(c: Case, text: string, now: Date, outcome = false): Case {
  if (!outcome) return { ...appendEvent(c, now, { type: 'note', note: text }), notes: [...c.notes, { at: now.toISOString(), text }] };
  const index = c.escalations.findLastIndex((e) => !e.outcome);
  if (index < 0) throw new CaseRuleError('rule.noOpenEscalation', { ref: c.ref });
  const escalations = c.escalations.map((e, i) => (i === index ? { ...e, outcome: { at: now.toISOString(), text } } : e));
  return { ...appendEvent(c, now, { type: 'outcome', to: c.escalations[index]!.to, note: text }), escalations };
}

export interface ResolveInput {
  kind: ResolutionKind;
  note: string;
  /** What to tell the customer; the shop's note is never sent to them. */
  customerNote?: string;
  cause?: string;
  amount?: number;
}

/**
 * Records the solution given to the customer. Money that changed hands is appended to the case's ledger,
 * so resolving again after a reopen adds a payment and never overwrites the earlier one.
 */
export function resolveCase(c: Case, input: ResolveInput, knownCauses: string[], now: Date): Case {
  if (input.cause !== undefined && !knownCauses.includes(input.cause)) {
    throw new CaseRuleError('rule.unknownCause', { cause: input.cause, known: knownCauses.join(', ') });
  }
  const note = input.note.trim();
  if (note === '') throw new CaseRuleError('rule.noteRequired', {});
  if (input.amount !== undefined && !MONEY_RESOLUTIONS.includes(input.kind)) throw new CaseRuleError('rule.noMoney', { kind: input.kind });
  const needsAmount = input.kind === 'refund' || input.kind === 'resent';
  const amount = input.amount ?? (needsAmount ? c.nominal : null);
  if (needsAmount && amount === null) throw new CaseRuleError('rule.amountRequired', { kind: input.kind });
  let next = move(c, 'resolve', now, note);
  if (amount !== null) next.events.at(-1)!.amount = amount;
  if (input.cause !== undefined && input.cause !== c.cause) {
    next = { ...appendEvent(next, now, { type: 'cause', from: c.cause ?? '-', to: input.cause }), cause: input.cause };
  }
  const at = now.toISOString();
  const customerNote = input.customerNote?.trim();
  const ledger = amount === null ? ledgerOf(c) : [...ledgerOf(c), { at, kind: input.kind, amount, note }];
  return { ...next, resolution: { at, kind: input.kind, note, ...(customerNote ? { customerNote } : {}), amount }, ledger };
}

/** What still stands in the way of closing, as catalogue keys; empty when the case may close. */
export function closingBlockers(c: Case): string[] {
  const blockers: string[] = [];
  if (c.status !== 'resolved') blockers.push('rule.close.notResolved');
  if (!c.resolution) blockers.push('rule.close.noResolution');
  if (!c.cause) blockers.push('rule.close.noCause');
  if (c.escalations.some((e) => !e.outcome)) blockers.push('rule.close.escalationOpen');
  return blockers;
}

/** The escalations a close waits for, as the refusal names them: "supplier (21/11/2026 10:00)", the target in words. */
function unanswered(c: Case): { count: string; escalationsKeys: string } {
  const open = c.escalations.filter((e) => !e.outcome);
  return { count: String(open.length), escalationsKeys: open.map((e) => `target.${e.to} (${formatLocalDateTime(new Date(e.at))})`).join('|') };
}

/** Closes a case whose customer has a solution and whose cause is known; forwarding alone never closes it. */
export function closeCase(c: Case, now: Date, note?: string): Case {
  // An unfinished case is told what it still lacks, not merely that closing is not allowed.
  if (['open', 'reopened', 'escalated', 'resolved'].includes(c.status)) {
    const blockers = closingBlockers(c);
    if (blockers.length) throw new CaseRuleError('rule.cannotClose', { ref: c.ref, ...unanswered(c), missingKeys: blockers.join('|') });
  }
  return move(c, 'close', now, note);
}

/** The customer says it is still not solved: the case comes back, history and payments kept, with the reason. */
export function reopenCase(c: Case, reason: string, now: Date): Case {
  return { ...move(c, 'reopen', now, reason), resolution: null, ledger: ledgerOf(c) };
}

export function setPriority(c: Case, priority: Priority, now: Date): Case {
  return { ...appendEvent(c, now, { type: 'priority', from: c.priority ?? '-', to: priority }), priority };
}

/** Adds evidence; content the case already holds (same SHA-256, any name) is listed once. */
export function attachEvidence(c: Case, items: Evidence[], now: Date): Case {
  const held = new Set(c.evidence.map((item) => item.sha256));
  const fresh = items.filter((item) => !held.has(item.sha256) && held.add(item.sha256));
  let next = c;
  for (const item of fresh) next = appendEvent(next, now, { type: 'evidence', note: `${item.name} (${item.size} B, sha256 ${item.sha256.slice(0, 12)}…)` });
  return { ...next, evidence: [...c.evidence, ...fresh] };
}

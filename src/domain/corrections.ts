/**
 * Fixing mistakes without losing anything: discarding a draft, correcting answers, and undoing a counter's
 * last change. Every correction is itself an event; nothing leaves the history.
 */
import { ledgerOf, summarize, type Case, type CaseEvent, type CaseStatus, type DiagnosisResult, type Priority } from './cases.js';
import { CaseRuleError, revertEscalationChange } from './lifecycle.js';

export function discardCase(c: Case, now: Date, note?: string): Case {
  if (c.status !== 'draft') throw new CaseRuleError('rule.discardNotDraft', { ref: c.ref, status: c.status });
  if (c.discardedAt) throw new CaseRuleError('rule.alreadyDiscarded', { ref: c.ref });
  const at = now.toISOString();
  return { ...c, discardedAt: at, updatedAt: at, events: [...c.events, { at, type: 'discarded', ...(note ? { note } : {}) }] };
}

export interface AnswerChange {
  key: string;
  from: string | null;
  to: string;
}

/** A case diagnosed again with corrected answers; one `edited` event per changed answer, and the cause change if any. */
export function editCase(c: Case, result: DiagnosisResult, changes: AnswerChange[], now: Date): Case {
  if (c.status === 'draft') throw new CaseRuleError('rule.editDraft', { ref: c.ref });
  const real = changes.filter((ch) => ch.from !== ch.to);
  if (real.length === 0) throw new CaseRuleError('rule.editNothing', { ref: c.ref });
  const at = now.toISOString();
  const events: CaseEvent[] = real.map((ch) => ({ at, type: 'edited', note: ch.key, from: ch.from ?? '', to: ch.to }));
  if (result.cause !== c.cause) events.push({ at, type: 'cause', from: c.cause ?? '-', to: result.cause ?? '-' });
  return { ...c, ...summarize(result), updatedAt: at, events: [...c.events, ...events] };
}

/** Events a change made together (one command stamps one time), newest change first, that may still be undone. */
export interface UndoableChange {
  ref: string;
  at: string;
  events: CaseEvent[];
}

const UNDOABLE: CaseEvent['type'][] = ['escalated', 'escalation-changed', 'outcome', 'note', 'resolved', 'closed', 'reopened', 'priority', 'cause', 'discarded', 'edited'];

const NOT_CHANGES: CaseEvent['type'][] = ['undone', 'created', 'completed'];

const undoneKey = (e: Pick<CaseEvent, 'type' | 'at'>) => `${e.type}@${e.at}`;

/** The latest change this counter made on any of the cases that is not undone yet. */
export function lastChangeBy(cases: Case[], counter: string): UndoableChange | null {
  let best: UndoableChange | null = null;
  for (const c of cases) {
    const undone = new Set(c.events.filter((e) => e.type === 'undone').map((e) => `${e.from}@${e.to}`));
    // Creating a case is not undone but discarded (a draft) or resolved; undo looks past it.
    const mine = c.events.filter((e) => e.counter === counter && !NOT_CHANGES.includes(e.type) && !undone.has(undoneKey(e)));
    const last = mine.at(-1);
    if (!last) continue;
    if (!best || last.at > best.at) best = { ref: c.ref, at: last.at, events: mine.filter((e) => e.at === last.at) };
  }
  return best;
}

/**
 * Reverses one change: statuses go back to where they came from, notes and answers to what they were. The
 * reversed events stay in the history, each followed by an `undone` event naming it. A payment is never
 * taken back by undo: the ledger is append-only, so undoing a resolve that paid money is refused.
 * Edited answers are put back by the caller (they need a new diagnosis); this reverses everything else.
 */
export function undoChange(c: Case, change: UndoableChange, now: Date): Case {
  const at = now.toISOString();
  let next: Case = { ...c, updatedAt: at };
  const events = [...c.events];
  // The newest first, so a resolve-with-cause restores the cause before the status.
  for (const event of [...change.events].reverse()) {
    if (!UNDOABLE.includes(event.type)) throw new CaseRuleError('rule.undoNotPossible', { ref: c.ref, change: event.type });
    next = reverse(next, event);
    events.push({ at, type: 'undone', from: event.type, to: event.at, note: describeEvent(event) });
  }
  return { ...next, events };
}

function reverse(c: Case, e: CaseEvent): Case {
  const back = (expected: CaseStatus) => {
    if (c.status !== e.to) throw new CaseRuleError('rule.undoChanged', { ref: c.ref, change: e.type, status: c.status });
    return (e.from ?? expected) as CaseStatus;
  };
  switch (e.type) {
    case 'closed':
      return { ...c, status: back('resolved') };
    case 'reopened':
      return { ...c, status: back('closed') };
    case 'escalated':
      return { ...c, status: back('open'), escalations: dropLast(c.escalations, (x) => x.at === e.at) };
    case 'resolved': {
      if (ledgerOf(c).some((p) => p.at === e.at)) throw new CaseRuleError('rule.undoPayment', { ref: c.ref });
      return { ...c, status: back('open'), resolution: null };
    }
    case 'escalation-changed':
      return revertEscalationChange(c, e.at);
    case 'outcome':
      return { ...c, escalations: c.escalations.map((x) => (x.outcome?.at === e.at ? { at: x.at, to: x.to, due: x.due, ...(x.note ? { note: x.note } : {}) } : x)) };
    case 'note':
      return { ...c, notes: dropLast(c.notes, (n) => n.at === e.at && n.text === e.note) };
    case 'priority':
      return { ...c, priority: e.from && e.from !== '-' ? (e.from as Priority) : null };
    case 'cause':
      return { ...c, cause: e.from && e.from !== '-' ? e.from : null };
    case 'discarded': {
      const { discardedAt: _gone, ...rest } = c;
      return rest;
    }
    default:
      return c;
  }
}

function dropLast<T>(items: T[], match: (item: T) => boolean): T[] {
  const index = items.findLastIndex(match);
  return index < 0 ? items : [...items.slice(0, index), ...items.slice(index + 1)];
}

/** A short description of a change for the undo message and its event: "closed (resolved → closed)". */
export function describeEvent(e: CaseEvent): string {
  if (e.type === 'edited') return `${e.note}: ${e.from || '-'} → ${e.to}`;
  if (e.type === 'note' || e.type === 'outcome') return `${e.type} "${e.note ?? ''}"`;
  return e.from || e.to ? `${e.type} (${e.from ?? '-'} → ${e.to ?? '-'})` : e.type;
}

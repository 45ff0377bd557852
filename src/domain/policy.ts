/** Shop policy (checklists/policy.json): follow-up deadlines and priority rules, as data. */
import { ESCALATION_TARGETS, type EscalationTarget } from './cases.js';
import { parseDuration } from './deadlines.js';
import { Reader, type Json } from './reader.js';
import { dictionary } from './own.js';

export interface Policy {
  /** Default follow-up deadline per escalation target, as a duration text ("24h"). */
  escalationDue: Record<EscalationTarget, string>;
  /** A case for at least this many rupiah is high priority. */
  highNominal: number;
  /** Another case for the same number within this many days makes a complaint a repeat. */
  repeatDays: number;
  /** How far back unfinished cases for the same number are looked for. */
  openLookbackDays: number;
  /** Who a case with this cause is escalated to from the menu after a diagnosis; other causes ask. */
  escalateTo: Record<string, EscalationTarget>;
}

/** Validates parsed policy.json; `file` names it in error messages. */
export function validatePolicy(json: Json, file: string): Policy {
  const r = new Reader(file, '');
  const root = r.object(json, '(top level)');
  const escalation = r.object(root.escalation, 'escalation');
  const escalationDue = {} as Record<EscalationTarget, string>;
  for (const target of ESCALATION_TARGETS) {
    const entry = r.object(escalation[target], `escalation.${target}`);
    const due = r.string(entry.due, `escalation.${target}.due`);
    if (parseDuration(due) === null) r.fail(`escalation.${target}.due`, `"${due}" is not a duration like 30m, 2h or 1d`);
    escalationDue[target] = due;
  }
  const priority = r.object(root.priority, 'priority');
  const count = (field: string): number => {
    const value = priority[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) r.fail(`priority.${field}`, 'must be a whole number');
    return value as number;
  };
  // Optional, so a shop's own copy written before it existed keeps working.
  // Keyed by cause, and looked up by a case's stored cause: no inherited names.
  const escalateTo = dictionary<EscalationTarget>();
  for (const [cause, target] of Object.entries(root.escalateTo === undefined ? {} : r.object(root.escalateTo, 'escalateTo'))) {
    if (cause.startsWith('$')) continue;
    const value = r.string(target, `escalateTo.${cause}`);
    if (!ESCALATION_TARGETS.includes(value as EscalationTarget)) r.fail(`escalateTo.${cause}`, `"${value}" is not one of ${ESCALATION_TARGETS.join(', ')}`);
    escalateTo[cause] = value as EscalationTarget;
  }
  return { escalationDue, highNominal: count('highNominal'), repeatDays: count('repeatDays'), openLookbackDays: count('openLookbackDays'), escalateTo };
}

import { newCase, type Case, type CaseStatus } from '../../src/domain/cases.js';

export const T0 = new Date(2026, 10, 25, 10, 0);

/** A case as diagnosis saves it, with overrides. */
export function aCase(over: Partial<Case> = {}): Case {
  const base = newCase('KP-20261125-0001', T0, 'open', {
    checklist: 'pulsa-tidak-masuk', lang: 'id', operator: 'telkomsel', cause: 'escalate-operator', advice: [], guidance: null,
    answers: { number: '081234567890', nominal: '50000', sn: 'SN1', claimedNumber: '081234567890' },
    findings: [{ code: 'escalate-operator', step: 'escalation', details: {} }],
  });
  return { ...base, ...over };
}

export const withStatus = (status: CaseStatus, over: Partial<Case> = {}) => aCase({ status, ...over });

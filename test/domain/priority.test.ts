import { describe, expect, it } from 'vitest';
import { summaryOf } from '../../src/domain/cases.js';
import { escalateCase } from '../../src/domain/lifecycle.js';
import type { Policy } from '../../src/domain/policy.js';
import { byPriorityThenAge, effectivePriority, findRelated } from '../../src/domain/priority.js';
import { aCase, T0 } from '../helpers/cases.js';

const policy: Policy = { escalationDue: { operator: '24h', supplier: '2h', supervisor: '1d' }, highNominal: 100_000, repeatDays: 7, openLookbackDays: 30, escalateTo: {} };
const now = T0;

describe('effectivePriority', () => {
  it('is normal for an ordinary case', () => expect(effectivePriority(aCase(), now, policy)).toBe('normal'));
  it('is high for a large nominal', () => expect(effectivePriority(aCase({ nominal: 100_000 }), now, policy)).toBe('high'));
  it('is high for a repeat complaint', () => expect(effectivePriority(aCase({ related: ['KP-20261120-0001'] }), now, policy)).toBe('high'));
  it('is high once an escalation is overdue', () => {
    const escalated = escalateCase(aCase(), 'supplier', new Date(T0.getTime() + 3_600_000), T0);
    expect(effectivePriority(escalated, now, policy)).toBe('normal');
    expect(effectivePriority(escalated, new Date(T0.getTime() + 7_200_000), policy)).toBe('high');
  });
  it("is the owner's choice when set", () => expect(effectivePriority(aCase({ nominal: 500_000, priority: 'low' }), now, policy)).toBe('low'));
});

describe('byPriorityThenAge', () => {
  it('puts the most urgent first, then the one waiting longest', () => {
    const old = aCase({ ref: 'A', createdAt: '2026-11-20T01:00:00.000Z' });
    const recent = aCase({ ref: 'B', createdAt: '2026-11-24T01:00:00.000Z' });
    const urgent = aCase({ ref: 'C', createdAt: '2026-11-25T01:00:00.000Z', priority: 'urgent' });
    const low = aCase({ ref: 'D', createdAt: '2026-11-01T01:00:00.000Z', priority: 'low' });
    expect([recent, low, old, urgent].sort(byPriorityThenAge(now, policy)).map((c) => c.ref)).toEqual(['C', 'A', 'B', 'D']);
  });
});

describe('findRelated', () => {
  const at = (daysAgo: number, over = {}) => summaryOf(aCase({ createdAt: new Date(now.getTime() - daysAgo * 86_400_000).toISOString(), ...over }));

  it('links a recent case for the same number whatever its status', () => {
    expect(findRelated([at(3, { status: 'closed' })], '081234567890', now, policy)).toHaveLength(1);
  });
  it('links an unfinished older case within the look-back', () => {
    expect(findRelated([at(20, { status: 'escalated' })], '081234567890', now, policy)).toHaveLength(1);
  });
  it('ignores an older closed case, and any case beyond the look-back', () => {
    expect(findRelated([at(20, { status: 'closed' }), at(40, { status: 'open' })], '081234567890', now, policy)).toHaveLength(0);
  });
  it('ignores other customers', () => {
    expect(findRelated([at(1, { number: '085712345678', customerNumber: '085712345678', answers: {} })], '081234567890', now, policy)).toHaveLength(0);
  });
  it("links by the customer's contact number, not by the stranger a mistyped top-up reached", () => {
    const wrongNumber = at(1, { number: '081234567809', customerNumber: '081234567890' });
    expect(findRelated([wrongNumber], '081234567890', now, policy)).toHaveLength(1);
    expect(findRelated([wrongNumber], '081234567809', now, policy)).toHaveLength(0);
  });
});

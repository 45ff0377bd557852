import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/cases.js';
import { caseFigures, compare, daysOf, durations, moneyFigures, paymentsOf, previousPeriod, shares, statsPeriod } from '../../src/domain/stats.js';
import { aCase } from '../helpers/cases.js';

// Tests run in Asia/Jakarta (UTC+7): 2026-11-23 is a Monday.
const week = { since: new Date(2026, 10, 23), until: new Date(2026, 10, 29, 23, 59, 59, 999) };
const NOW = new Date(2026, 10, 30, 12, 0);
const h = (date: Date, hours: number) => new Date(date.getTime() + hours * 3_600_000).toISOString();

function opened(ref: string, at: Date, over: Partial<Case> = {}): Case {
  const base = aCase({ ref, createdAt: at.toISOString(), updatedAt: at.toISOString() });
  return { ...base, events: [{ at: at.toISOString(), type: 'created', to: 'open' }], ...over };
}

describe('stats figures', () => {
  it('an empty period has zero cases, no durations, no rate and a zero row for each day', () => {
    const figures = caseFigures([], week, NOW);
    expect(figures).toMatchObject({ opened: 0, resolved: 0, closed: 0, stillOpen: 0, overdueEscalations: 0, reopenRate: null, byCause: [], repeatNumbers: [] });
    expect(figures.timeToResolve).toEqual({ count: 0, medianHours: null, p90Hours: null });
    expect(figures.perDay).toHaveLength(7);
    expect(figures.perDay.every((d) => d.opened === 0)).toBe(true);
    const money = moneyFigures([], week);
    expect(money.totals).toEqual({ refund: 0, resent: 0, other: 0, total: 0, payments: 0 });
    expect(money.perDay.map((d) => d.day)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
  });

  it('a case reopened and refunded twice counts both payments, is resolved once and reopened once', () => {
    const t = new Date(2026, 10, 24, 9, 0);
    const c = opened('KP-20261124-0001', t, {
      status: 'closed',
      ledger: [
        { at: h(t, 2), kind: 'refund', amount: 50000, note: 'a' },
        { at: h(t, 30), kind: 'refund', amount: 25000, note: 'b' },
      ],
      events: [
        { at: t.toISOString(), type: 'created', to: 'open' },
        { at: h(t, 2), type: 'resolved', from: 'open', to: 'resolved' },
        { at: h(t, 5), type: 'reopened', from: 'resolved', to: 'reopened' },
        { at: h(t, 30), type: 'resolved', from: 'reopened', to: 'resolved' },
        { at: h(t, 31), type: 'closed', from: 'resolved', to: 'closed' },
      ],
    });
    const figures = caseFigures([c], week, NOW);
    expect(figures).toMatchObject({ opened: 1, resolved: 1, closed: 1, stillOpen: 0, reopened: 1, reopenRate: 1 });
    expect(figures.timeToResolve).toEqual({ count: 1, medianHours: 2, p90Hours: 2 });
    expect(figures.resolveBands.map((b) => b.count)).toEqual([0, 1, 0, 0, 0]);
    expect(figures.timeToClose).toEqual({ count: 1, medianHours: 31, p90Hours: 31 });
    const money = moneyFigures(paymentsOf([c]), week);
    expect(money.totals).toEqual({ refund: 75000, resent: 0, other: 0, total: 75000, payments: 2 });
    expect(money.perDay.find((d) => d.day === '2026-11-24')!.refund).toBe(50000);
    expect(money.perDay.find((d) => d.day === '2026-11-25')!.refund).toBe(25000);
  });

  it('files a case opened at 23:59 and one at 00:01 WIB on their own local days, not the UTC ones', () => {
    const late = opened('KP-20261124-0001', new Date('2026-11-24T16:59:00Z')); // 24 Nov 23:59 WIB
    const early = opened('KP-20261125-0001', new Date('2026-11-24T17:01:00Z')); // 25 Nov 00:01 WIB
    const figures = caseFigures([late, early], week, NOW);
    expect(figures.perDay.find((d) => d.day === '2026-11-24')!.opened).toBe(1);
    expect(figures.perDay.find((d) => d.day === '2026-11-25')!.opened).toBe(1);
    const money = moneyFigures([{ at: '2026-11-29T16:30:00Z', kind: 'resent', amount: 10000 }], week); // 29 Nov 23:30 WIB
    expect(money.totals.resent).toBe(10000);
    expect(money.perDay.at(-1)).toMatchObject({ day: '2026-11-29', resent: 10000 });
    const nextDay = moneyFigures([{ at: '2026-11-29T17:00:00Z', kind: 'resent', amount: 10000 }], week); // 30 Nov 00:00 WIB
    expect(nextDay.totals.total).toBe(0);
  });

  it('counts open, escalated and reopened cases as still open and an unanswered past-due escalation as overdue', () => {
    const t = new Date(2026, 10, 26, 10, 0);
    const overdue = opened('KP-20261126-0001', t, { status: 'escalated', escalations: [{ at: h(t, 1), to: 'operator', due: h(t, 25) }] });
    const waiting = opened('KP-20261126-0002', t, { status: 'escalated', escalations: [{ at: h(t, 1), to: 'supplier', due: h(t, 200) }] });
    const plain = opened('KP-20261126-0003', t);
    const draft = opened('KP-20261126-0004', t, { status: 'draft' });
    const figures = caseFigures([overdue, waiting, plain, draft], week, NOW);
    expect(figures).toMatchObject({ opened: 3, drafts: 1, stillOpen: 3, overdueEscalations: 1, resolved: 0, reopenRate: null });
    expect(figures.openCases.map((c) => [c.ref, c.overdue])).toEqual([['KP-20261126-0001', true], ['KP-20261126-0002', false], ['KP-20261126-0003', false]]);
  });

  it('gives shares per cause, operator, checklist and known supplier, and the numbers that keep coming back', () => {
    const t = new Date(2026, 10, 23, 8, 0);
    const cases = [
      opened('KP-1', t, { cause: 'operator-debt', operator: 'telkomsel', number: '0811', answers: { supplier: 'Digiflazz' } }),
      opened('KP-2', t, { cause: 'operator-debt', operator: 'xl', number: '0811' }),
      opened('KP-3', t, { cause: null, operator: 'telkomsel', number: '0822', checklist: 'kuota-tidak-masuk' }),
      opened('KP-4', t, { cause: 'data-drain', operator: null, number: '0811' }),
    ];
    const figures = caseFigures(cases, week, NOW);
    expect(figures.byCause).toEqual([
      { key: 'operator-debt', count: 2, share: 0.5 },
      { key: 'data-drain', count: 1, share: 0.25 },
      { key: 'unknown', count: 1, share: 0.25 },
    ]);
    expect(figures.byOperator[0]).toEqual({ key: 'telkomsel', count: 2, share: 0.5 });
    expect(figures.byChecklist).toEqual([{ key: 'pulsa-tidak-masuk', count: 3, share: 0.75 }, { key: 'kuota-tidak-masuk', count: 1, share: 0.25 }]);
    expect(figures.bySupplier).toEqual([{ key: 'digiflazz', count: 1, share: 1 }]);
    expect(figures.supplierKnown).toBe(1);
    expect(figures.repeatNumbers).toEqual([{ number: '0811', count: 3, refs: ['KP-1', 'KP-2', 'KP-4'] }]);
  });

  it('measures time to the first escalation answer', () => {
    const t = new Date(2026, 10, 27, 10, 0);
    const c = opened('KP-1', t, { status: 'open', escalations: [{ at: h(t, 1), to: 'operator', due: h(t, 25), outcome: { at: h(t, 7), text: 'ok' } }] });
    expect(caseFigures([c], week, NOW).timeToFirstEscalationAnswer).toEqual({ count: 1, medianHours: 6, p90Hours: 6 });
  });

  it('takes the median between the middle two and the 90th percentile by nearest rank', () => {
    const hours = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((x) => x * 3_600_000);
    expect(durations(hours)).toEqual({ count: 10, medianHours: 5.5, p90Hours: 9 });
    expect(durations([3_600_000, 7_200_000, 36_000_000])).toEqual({ count: 3, medianHours: 2, p90Hours: 10 });
    expect(shares(['a', 'b', 'a'], 4)).toEqual([{ key: 'a', count: 2, share: 0.5 }, { key: 'b', count: 1, share: 0.25 }]);
  });

  it('compares with the previous period of equal length', () => {
    expect(previousPeriod(week)).toEqual({ since: new Date(2026, 10, 16), until: new Date(2026, 10, 22, 23, 59, 59, 999) });
    const t = new Date(2026, 10, 24, 9, 0);
    const now = { cases: caseFigures([opened('KP-1', t), opened('KP-2', t)], week, NOW), money: moneyFigures([], week) };
    const before = { cases: caseFigures([opened('KP-0', new Date(2026, 10, 17))], previousPeriod(week), NOW), money: moneyFigures([{ at: new Date(2026, 10, 17).toISOString(), kind: 'refund', amount: 5000 }], previousPeriod(week)) };
    const c = compare(now, before);
    expect(c.opened).toEqual({ now: 2, before: 1, delta: 1, direction: 'up' });
    expect(c.moneyTotal).toEqual({ now: 0, before: 5000, delta: -5000, direction: 'down' });
    expect(c.medianHoursToResolve.direction).toBeNull();
  });

  it('defaults to the last 7 days, and --week/--month to the calendar week (from Monday) and month', () => {
    const now = new Date(2026, 10, 26, 15, 0); // Thursday
    expect(statsPeriod(now, {})).toEqual({ since: new Date(2026, 10, 20), until: new Date(2026, 10, 26, 23, 59, 59, 999) });
    expect(statsPeriod(now, { week: now })).toEqual(week);
    expect(statsPeriod(now, { month: now })).toEqual({ since: new Date(2026, 10, 1), until: new Date(2026, 10, 30, 23, 59, 59, 999) });
    expect(daysOf(statsPeriod(now, { month: now }))).toHaveLength(30);
  });
});

import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/domain/engine.js';
import { pulsa, table } from '../helpers/data.js';

const clean = {
  number: '081234567890', productOperator: 'telkomsel', nominal: '50000', status: 'sukses', sn: '123', time: '',
  claimedNumber: '081234567890', claimedNominal: '50000', debt: 'no', mobileData: 'no', subscription: 'no',
  statusRechecked: 'same', validity: 'active', wantedPackage: 'no',
};
const run = (over: Record<string, string>) => evaluate(pulsa, { ...clean, ...over }, table);
const codes = (over: Record<string, string>) => run(over).findings.map((f) => f.code);

describe('pulsa-tidak-masuk', () => {
  it('escalates to the operator when a success with SN has no explanation', () => {
    expect(run({}).cause).toBe('escalate-operator');
  });

  it('escalates to the supplier when a success has no SN', () => {
    expect(run({ sn: '' }).cause).toBe('escalate-supplier');
  });

  it('stops at an invalid destination number without asking further', () => {
    const result = evaluate(pulsa, { number: '081012345678', productOperator: 'telkomsel', nominal: '50000', status: 'pending' }, table);
    expect(result.cause).toBe('invalid-number');
    expect(result.stoppedAt).toBe('transaction');
    expect(result.next).toBeNull();
  });

  it('calls a landline invalid when the supplier has not confirmed the sale', () => expect(run({ number: '0215795981', status: 'pending', sn: '' }).cause).toBe('invalid-number'));

  it('does not call a number invalid when the supplier says sukses: the prefix table may be stale', () => {
    const result = run({ number: '081012345678' });
    expect(result.cause).toBe('number-unrecognised');
    expect(result.findings.map((f) => f.code)).toEqual(['number-unrecognised']);
    // The interview asks the SN only on the way to an escalation, so a sukses without one is judged the same.
    expect(run({ number: '081012345678', sn: '' }).cause).toBe('number-unrecognised');
  });

  it('finds a wrong number and says what kind of typo', () => {
    const result = run({ number: '081234567809' });
    expect(result.cause).toBe('wrong-number');
    expect(result.findings[0]!.details.typo).toBe('transposition');
  });

  it('finds a wrong nominal', () => expect(run({ nominal: '25000' }).cause).toBe('wrong-nominal'));

  it('finds a product of another operator', () => expect(run({ productOperator: 'indosat' }).cause).toBe('operator-mismatch'));

  it('short-cuts a pending transaction before the debt questions', () => {
    const result = evaluate(pulsa, { ...clean, status: 'pending', debt: undefined as never }, table);
    expect(result.cause).toBe('transaction-pending');
    expect(result.stoppedAt).toBe('nominal');
    expect(result.next).toBeNull();
  });

  it('treats a failed transaction as failed even when the number differs', () => {
    expect(codes({ status: 'gagal', failureReason: 'timeout', number: '081234567809' })).toEqual(['transaction-failed']);
  });

  it.each([
    ['blocked', 'destination-blocked'],
    ['out-of-region', 'out-of-region'],
    ['needs-unreg', 'needs-unreg'],
  ])('gives no resend advice when the supplier says %s: only %s, not transaction-failed', (failureReason, code) => {
    expect(codes({ status: 'gagal', failureReason })).toEqual([code]);
  });

  it('asks for the supplier\'s failure reason only when the transaction failed', () => {
    const keys = (status: string) => evaluate(pulsa, { number: '081234567890', status }, table, { collectMissing: true }).missing.map((q) => q.key);
    expect(keys('gagal')).toContain('failureReason');
    expect(keys('sukses')).not.toContain('failureReason');
  });

  it('stops to re-check the status with the supplier before anything else is judged', () => {
    const result = run({ statusRechecked: 'not-yet', number: '081234567809' });
    expect(result.findings.map((f) => f.code)).toEqual(['recheck-status']);
    expect(result.stoppedAt).toBe('transaction');
  });

  it('adds advice when the status changed since the sale', () => expect(run({ statusRechecked: 'changed' }).advice).toContain('status-changed'));

  it('never goes on to escalation for an expired number', () => {
    const result = run({ validity: 'expired' });
    expect(result.cause).toBe('number-expired');
    expect(result.stoppedAt).toBe('validity');
  });

  it('asks transfer or regular only for a number in its grace period', () => {
    expect(run({ validity: 'grace' }).next?.question.key).toBe('topupKind');
    expect(run({ validity: 'grace', topupKind: 'transfer' }).cause).toBe('transfer-held');
    expect(run({ validity: 'active', topupKind: undefined as unknown as string }).next).toBeNull();
  });

  it('records debt and a subscription together, with debt as the cause', () => {
    const result = run({ debt: 'yes', subscription: 'yes' });
    expect(result.findings.map((f) => f.code)).toEqual(['operator-debt', 'subscription-deduction']);
    expect(result.cause).toBe('operator-debt');
  });

  it('does not escalate when something already explains it', () => {
    expect(codes({ mobileData: 'yes' })).toEqual(['data-drain']);
  });

  it('gives advice for answers still unknown', () => {
    const result = run({ debt: 'unknown', subscription: 'unknown' });
    expect(result.advice).toEqual(['check-debt', 'check-subscription']);
    expect(result.cause).toBe('escalate-operator');
  });

  it('asks the first unanswered question, in checklist order', () => {
    const result = evaluate(pulsa, { number: '081234567890' }, table);
    expect(result.next?.question.key).toBe('nominal');
    expect(result.next?.stepIndex).toBe(0);
  });

  it("asks the product's operator only for a top-up that did not go through", () => {
    const base = { number: '081234567890', nominal: '50000' };
    expect(evaluate(pulsa, { ...base, status: 'pending' }, table).next?.question.key).toBe('productOperator');
    expect(evaluate(pulsa, { ...base, status: 'sukses' }, table).next?.question.key).toBe('claimedNumber');
    // A sukses answers file naming another operator's product is still judged.
    expect(run({ productOperator: 'indosat' }).cause).toBe('operator-mismatch');
  });

  it('asks the SN and time only on the way to an escalation', () => {
    const { sn: _sn, time: _time, ...beforeEscalation } = clean;
    const next = (over: Record<string, string>) => evaluate(pulsa, { ...beforeEscalation, ...over }, table, { askOptional: true }).next?.question.key;
    expect(next({})).toBe('sn');
    expect(next({ sn: '0412345678' })).toBe('time');
    expect(next({ debt: 'yes' })).toBeUndefined();
    expect(next({ claimedNumber: '081234567809', customerNumber: '' })).toBeUndefined();
  });

  it('stops a wrong number before asking the nominal meant', () => {
    const result = evaluate(pulsa, { number: '081234567809', nominal: '50000', status: 'sukses', claimedNumber: '081234567890', customerNumber: '' }, table, { askOptional: true });
    expect(result.cause).toBe('wrong-number');
    expect(result.next).toBeNull();
  });

  it('names every missing required answer for scripts', () => {
    const result = evaluate(pulsa, { number: '081234567890', status: 'sukses' }, table, { collectMissing: true });
    expect(result.missing.map((q) => q.key)).toEqual(['nominal', 'claimedNumber', 'claimedNominal', 'debt', 'mobileData', 'subscription']);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateChecklist } from '../../src/domain/checklist.js';
import { DataFileError } from '../../src/domain/reader.js';
import { kuota, pulsa } from '../helpers/data.js';

const shipped = () => JSON.parse(readFileSync('checklists/pulsa-tidak-masuk.json', 'utf8'));

function expectRefused(mutate: (json: any) => void, message: string) {
  const json = shipped();
  mutate(json);
  expect(() => validateChecklist(json, 'checklists/pulsa-tidak-masuk.json')).toThrow(DataFileError);
  expect(() => validateChecklist(json, 'checklists/pulsa-tidak-masuk.json')).toThrow(message);
}

describe('shipped checklists', () => {
  it('pulsa-tidak-masuk has the six steps of the guide, in order', () => {
    expect(pulsa.steps.map((s) => s.id)).toEqual(['transaction', 'number-nominal', 'debt', 'mobile-data', 'subscription', 'escalation']);
  });

  it('asks the answer keys scripts rely on', () => {
    const keys = pulsa.steps.flatMap((s) => s.questions.map((q) => q.key));
    expect(keys).toEqual(['number', 'productOperator', 'nominal', 'status', 'sn', 'failureReason', 'time', 'claimedNumber', 'claimedNominal', 'customerNumber', 'debt', 'mobileData', 'subscription']);
  });

  it('can reach every cause code the scripts know', () => {
    const reachable = new Set(pulsa.steps.flatMap((s) => s.rules.map((r) => r.finding)).filter(Boolean));
    expect([...reachable].sort()).toEqual(
      ['number-unrecognised', 'invalid-number', 'wrong-number', 'wrong-nominal', 'operator-mismatch', 'transaction-pending', 'transaction-failed-reason', 'transaction-failed', 'operator-debt', 'data-drain', 'subscription-deduction', 'escalate-operator', 'escalate-supplier'].sort(),
    );
  });

  it('kuota-tidak-masuk loads too', () => {
    expect(kuota.id).toBe('kuota-tidak-masuk');
  });
});

describe('validateChecklist refuses a broken file, naming file, step and field', () => {
  it('an unknown question type', () =>
    expectRefused((j) => (j.steps[2].questions[0].type = 'yesnomaybe'), 'checklists/pulsa-tidak-masuk.json: step "debt" field "questions[0].type": must be one of'));

  it('a missing English text', () =>
    expectRefused((j) => delete j.steps[3].questions[0].prompt.en, 'step "mobile-data" field "questions[0].prompt.en": must be a non-empty text'));

  it('a rule pointing at an undefined finding', () =>
    expectRefused((j) => (j.steps[2].rules[0].finding = 'hutang'), 'step "debt" field "rules[0].finding": "hutang" is not defined under "findings"'));

  it('a condition on a key no question asks', () =>
    expectRefused((j) => (j.steps[2].rules[0].when = { answers: { hutang: 'yes' } }), 'step "debt" field "rules[0].when.answers.hutang": "hutang" is not a question key'));

  it('an unknown check', () =>
    expectRefused((j) => (j.steps[0].rules[0].when = { check: 'number-wrong' }), 'step "transaction" field "rules[0].when.check": unknown check "number-wrong"'));

  it('a placeholder nobody fills', () =>
    expectRefused((j) => (j.findings['operator-debt'].customer.id = 'Hutang {hutang}'), 'finding "operator-debt" field "customer.id": unknown placeholder {hutang}'));

  it('the same key asked twice', () =>
    expectRefused((j) => (j.steps[3].questions[0].key = 'debt'), 'step "mobile-data" field "questions[0].key": "debt" is asked twice'));

  it('two steps with one id', () => expectRefused((j) => (j.steps[3].id = 'debt'), 'step "debt" field "id": is used by two steps'));
});

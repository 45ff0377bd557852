import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateChecklist } from '../../src/domain/checklist.js';
import { DataFileError, Problems } from '../../src/domain/reader.js';
import { kuota, pulsa } from '../helpers/data.js';

const shipped = () => JSON.parse(readFileSync('checklists/pulsa-tidak-masuk.json', 'utf8'));

function expectRefused(mutate: (json: any) => void, message: string) {
  const json = shipped();
  mutate(json);
  expect(() => validateChecklist(json, 'checklists/pulsa-tidak-masuk.json')).toThrow(DataFileError);
  expect(() => validateChecklist(json, 'checklists/pulsa-tidak-masuk.json')).toThrow(message);
}

describe('shipped checklists', () => {
  it('pulsa-tidak-masuk has the steps of the guide, in order, validity and product before the debt', () => {
    expect(pulsa.steps.map((s) => s.id)).toEqual(['transaction', 'number', 'nominal', 'validity', 'product-wanted', 'debt', 'mobile-data', 'subscription', 'recheck', 'escalation']);
  });

  it('asks the answer keys scripts rely on', () => {
    const keys = pulsa.steps.flatMap((s) => s.questions.map((q) => q.key));
    expect(keys).toEqual([
      'number', 'nominal', 'status', 'productOperator', 'failureReason', 'claimedNumber', 'customerNumber', 'claimedNominal',
      'validity', 'topupKind', 'wantedPackage', 'debt', 'mobileData', 'subscription', 'statusRechecked', 'sn', 'time',
    ]);
  });

  it('asks the checks of the customer\'s phone and the status re-check as one list', () => {
    const grouped = pulsa.steps.flatMap((s) => s.questions).filter((q) => q.group === 'phone').map((q) => q.key);
    expect(grouped).toEqual(['validity', 'wantedPackage', 'debt', 'mobileData', 'subscription', 'statusRechecked']);
  });

  it('can reach every cause code the scripts know', () => {
    const reachable = new Set(pulsa.steps.flatMap((s) => s.rules.map((r) => r.finding)).filter(Boolean));
    expect([...reachable].sort()).toEqual(
      [
        'number-unrecognised', 'invalid-number', 'recheck-status', 'wrong-number', 'wrong-nominal', 'operator-mismatch', 'transaction-pending', 'transaction-failed',
        'destination-blocked', 'out-of-region', 'needs-unreg', 'number-expired', 'transfer-held', 'grace-period', 'wanted-package',
        'operator-debt', 'data-drain', 'subscription-deduction', 'escalate-operator', 'escalate-supplier',
      ].sort(),
    );
  });

  it('kuota-tidak-masuk loads too', () => {
    expect(kuota.id).toBe('kuota-tidak-masuk');
  });
});

describe('validateChecklist refuses a broken file, naming file, step and field', () => {
  it('an unknown question type', () =>
    expectRefused((j) => (j.steps[5].questions[0].type = 'yesnomaybe'), 'checklists/pulsa-tidak-masuk.json: step "debt" field "questions[0].type": must be one of'));

  it('a missing English text', () =>
    expectRefused((j) => delete j.steps[6].questions[0].prompt.en, 'step "mobile-data" field "questions[0].prompt.en": must be a non-empty text'));

  it('a rule pointing at an undefined finding', () =>
    expectRefused((j) => (j.steps[5].rules[0].finding = 'hutang'), 'step "debt" field "rules[0].finding": "hutang" is not defined under "findings"'));

  it('a condition on a key no question asks', () =>
    expectRefused((j) => (j.steps[5].rules[0].when = { answers: { hutang: 'yes' } }), 'step "debt" field "rules[0].when.answers.hutang": "hutang" is not a question key'));

  it.each(['constructor', 'toString'])('names every object has, as a finding, a check, a group or a question key (%s)', (name) => {
    expectRefused((j) => (j.steps[5].rules[0].finding = name), `step "debt" field "rules[0].finding": "${name}" is not defined under "findings"`);
    expectRefused((j) => (j.steps[0].rules[0].when = { check: name }), `step "transaction" field "rules[0].when.check": unknown check "${name}"`);
    expectRefused((j) => {
      const question = j.steps.flatMap((s: any) => s.questions).find((q: any) => q.group);
      question.group = name;
    }, `"${name}" is not defined under "groups"`);
    expectRefused((j) => (j.steps[6].questions[0].key = name), `step "mobile-data" field "questions[0].key": "${name}" is a name every object has`);
  });

  it('an unknown check', () =>
    expectRefused((j) => (j.steps[0].rules[0].when = { check: 'number-wrong' }), 'step "transaction" field "rules[0].when.check": unknown check "number-wrong"'));

  it('a placeholder nobody fills', () =>
    expectRefused((j) => (j.findings['operator-debt'].customer.id = 'Hutang {hutang}'), 'finding "operator-debt" field "customer.id": unknown placeholder {hutang}'));

  it('the same key asked twice', () =>
    expectRefused((j) => (j.steps[6].questions[0].key = 'debt'), 'step "mobile-data" field "questions[0].key": "debt" is asked twice'));

  it('two steps with one id', () => expectRefused((j) => (j.steps[6].id = 'debt'), 'step "debt" field "id": is used by two steps'));
});

describe('validateChecklist refuses rules that could never fire', () => {
  it('a yes/no answer compared with a word it never stores ("iya" is stored as "yes")', () =>
    expectRefused((j) => (j.steps[5].rules[0].when = { answers: { debt: 'iya' } }), 'step "debt" field "rules[0].when.answers.debt": "iya" is not an answer "debt" can have; allowed: yes, no, unknown'));

  it('a choice compared with a misspelt value', () =>
    expectRefused((j) => (j.steps[1].rules[1].when = { answers: { status: 'sukes' } }), 'field "rules[1].when.answers.status": "sukes" is not an answer "status" can have; allowed: sukses, pending, gagal'));

  it('a misspelt value inside a list, naming its position', () =>
    expectRefused((j) => (j.steps[1].rules[2].when.answers = { status: ['sukses', 'pendig'] }), 'field "rules[2].when.answers.status[1]": "pendig" is not an answer'));

  it('a question condition with a value its question never gives', () =>
    expectRefused((j) => (j.steps[0].questions[4].when = { answers: { status: 'ok' } }), 'step "transaction" field "questions[4].when.answers.status": "ok" is not an answer'));
});

describe('validateChecklist checks the list of checks', () => {
  it('a group nobody defined', () =>
    expectRefused((j) => (j.steps[5].questions[0].group = 'hp'), 'step "debt" field "questions[0].group": "hp" is not defined under "groups"'));

  it('a grouped question that depends on a condition', () =>
    expectRefused((j) => (j.steps[5].questions[0].when = { answers: { status: 'sukses' } }), 'step "debt" field "questions[0].when": a grouped question is asked with its group'));

  it('a grouped yes/no question without its item', () =>
    expectRefused((j) => delete j.steps[5].questions[0].found, 'step "debt" field "questions[0].found": must be an object'));

  it('a grouped choice whose unticked answer is not one of its choices', () =>
    expectRefused((j) => (j.steps[3].questions[0].none = 'aktif'), 'step "validity" field "questions[0].none": "aktif" is not one of its choices'));

  it('an item on a question outside any group', () =>
    expectRefused((j) => delete j.steps[5].questions[0].group, 'step "debt" field "questions[0].found": "found" and "none" belong to a question with a "group"'));
});

describe('validateChecklist keeps phone-number judgements out of meter and wallet checklists', () => {
  it('an operator question in a PLN checklist', () =>
    expectRefused((j) => (j.family = 'pln'), 'step "transaction" field "questions[3].type": "operator" is only for family "mobile", not "pln"'));

  it('an unknown family', () => expectRefused((j) => (j.family = 'listrik'), 'field "family": must be one of mobile, pln, ewallet'));

  it('a prefix check in an e-wallet checklist', () => {
    const json = shipped();
    json.family = 'ewallet';
    json.steps[0].questions[3].type = 'text';
    expect(() => validateChecklist(json, 'x.json')).toThrow('field "rules[0].when.check": "operator-mismatch" judges phone numbers and operators; it cannot be used in family "ewallet"');
  });
});

describe('validateChecklist with a Problems list reports every mistake, not only the first', () => {
  it('collects mistakes in different steps, findings and fields', () => {
    const json = shipped();
    json.steps[5].rules[0].when = { answers: { debt: 'iya' } };
    json.steps[6].questions[0].prompt.en = '';
    json.steps[7].rules[0].finding = 'langganan';
    json.findings['data-drain'].customer.id = 'Tersedot {kuota}';
    json.steps[0].questions[0].type = 'hp';
    const problems = new Problems();
    validateChecklist(json, 'mine.json', problems);
    expect(problems.list.every((p) => p.file === 'mine.json')).toBe(true);
    const messages = problems.list.map((p) => `${p.where}`);
    expect(messages).toEqual(expect.arrayContaining([
      'finding "data-drain" field "customer.id"',
      'step "transaction" field "questions[0].type"',
      'step "debt" field "rules[0].when.answers.debt"',
      'step "mobile-data" field "questions[0].prompt.en"',
      'step "subscription" field "rules[0].finding"',
    ]));
    expect(problems.list).toHaveLength(5);
  });

  it('a shipped checklist has no mistakes at all', () => {
    for (const id of ['pulsa-tidak-masuk', 'kuota-tidak-masuk', 'token-pln', 'ewallet']) {
      const problems = new Problems();
      validateChecklist(JSON.parse(readFileSync(`checklists/${id}.json`, 'utf8')), id, problems);
      expect(problems.list.map((p) => p.message), id).toEqual([]);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { detectOperator, resolveOperator, validateOperatorTable } from '../../src/domain/operators.js';
import { DataFileError } from '../../src/domain/reader.js';
import { table } from '../helpers/data.js';

describe('detectOperator', () => {
  it.each([
    ['081234567890', 'telkomsel'],
    ['085112345678', 'telkomsel'],
    ['085712345678', 'indosat'],
    ['089912345678', 'tri'],
    ['081712345678', 'xl'],
    ['083112345678', 'axis'],
    ['088112345678', 'smartfren'],
  ])('finds the operator of %s', (number, id) => {
    expect(detectOperator(table, number)?.id).toBe(id);
  });

  it('knows no operator for an unallocated prefix', () => {
    expect(detectOperator(table, '081012345678')).toBeUndefined();
  });
});

describe('resolveOperator', () => {
  it.each([
    ['Telkomsel', 'telkomsel'],
    ['tsel', 'telkomsel'],
    ['IM3', 'indosat'],
    ['3', 'tri'],
    ['S10', 'telkomsel'],
    ['s25', 'telkomsel'],
    ['I10', 'indosat'],
    ['SM20', 'smartfren'],
    ['AX5', 'axis'],
    ['XL10', 'xl'],
    ['T5', 'tri'],
  ])('reads %s as %s', (input, id) => {
    expect(resolveOperator(table, input)?.id).toBe(id);
  });

  it('knows nothing of an unknown code', () => {
    expect(resolveOperator(table, 'PLN20')).toBeUndefined();
  });
});

describe('operator table data', () => {
  const everyFact = (op: (typeof table.operators)[number]) => [
    ...op.prefixes,
    ...Object.values(op.codes).flat(),
    ...op.customerService,
    op.app,
    ...(op.loanName ? [op.loanName] : []),
    ...op.misidentified,
  ];

  it('gives every operator fact a source, the date it was checked and a confidence', () => {
    for (const op of table.operators) {
      for (const fact of everyFact(op)) {
        expect(['confirmed', 'likely', 'unconfirmed'], `${op.id} ${JSON.stringify(fact)}`).toContain(fact.confidence);
        expect(fact.source.trim().length, `${op.id} source`).toBeGreaterThan(0);
        expect(fact.checked, `${op.id} checked`).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      }
    }
  });

  it('gives no prefix to two operators', () => {
    const seen = new Map<string, string>();
    for (const op of table.operators) {
      for (const prefix of op.prefixes.flatMap((g) => g.values)) {
        expect(seen.get(prefix), prefix).toBeUndefined();
        seen.set(prefix, op.id);
      }
    }
  });

  it('offers only read-only ways as checks: no borrow or transfer menu in a check slot', () => {
    for (const op of table.operators) {
      for (const slot of ['balance', 'history', 'debtCheck'] as const) {
        for (const fact of op.codes[slot] ?? []) expect(fact.effect, `${op.id} ${slot} ${fact.value}`).toBe('read');
      }
    }
  });

  it("sends Smartfren customers to 888 from a Smartfren number and 08811223344 from others, never to the registration number 4444", () => {
    const smartfren = table.operators.find((op) => op.id === 'smartfren')!;
    expect(smartfren.customerService.map((f) => [f.value, f.from, f.confidence])).toEqual([
      ['888', 'own', 'confirmed'],
      ['08811223344', 'other', 'confirmed'],
    ]);
    expect(JSON.stringify(smartfren.customerService)).not.toContain('4444');
  });

  it('never offers Telkomsel *858# (the Transfer Pulsa menu) and sends loan checks to MyTelkomsel or 188', () => {
    const telkomsel = table.operators.find((op) => op.id === 'telkomsel')!;
    expect(JSON.stringify(telkomsel.codes)).not.toContain('*858#');
    expect(telkomsel.codes.debtCheck!.map((f) => f.value)).toEqual(['MyTelkomsel', '188']);
  });

  it('records Indosat *505# as the menu where the loan is taken, not as a check', () => {
    const indosat = table.operators.find((op) => op.id === 'indosat')!;
    expect(indosat.codes.debtCheck!.map((f) => f.value)).not.toContain('*505#');
    expect(indosat.codes.loanMenu).toEqual([expect.objectContaining({ value: '*505#', effect: 'borrow', confidence: 'confirmed' })]);
  });

  it('raises the facts that sources confirm: Indosat 185, XL 817, AXIS *123#', () => {
    const op = (id: string) => table.operators.find((o) => o.id === id)!;
    expect(op('indosat').customerService[0]).toMatchObject({ value: '185', confidence: 'likely' });
    expect(op('xl').customerService[0]).toMatchObject({ value: '817', confidence: 'likely' });
    expect(op('axis').codes.balance![0]).toMatchObject({ value: '*123#', confidence: 'likely' });
    expect(op('axis').customerService[0]).toMatchObject({ value: '838', confidence: 'unconfirmed' });
  });
});

describe('validateOperatorTable', () => {
  const fact = { kind: 'ussd', value: '*1#', effect: 'read', confidence: 'confirmed', source: 's', checked: '2026-11' };
  const operator = (over: Record<string, unknown>) => ({
    operators: [{
      id: 'x', name: 'X', group: 'X', prefixes: [],
      app: { kind: 'app', value: 'myX', confidence: 'likely', source: 's', checked: '2026-11' },
      codes: { balance: [fact] },
      customerService: [{ kind: 'phone', value: '123', from: 'own', confidence: 'likely', source: 's', checked: '2026-11' }],
      ...over,
    }],
  });

  it('accepts a well-formed operator', () => {
    expect(validateOperatorTable(operator({}), 'operators.json').operators[0]!.codes.balance![0]!.value).toBe('*1#');
  });

  it.each([
    ['confidence', { codes: { balance: [{ ...fact, confidence: undefined }] } }, 'field "codes.balance[0].confidence": must be a non-empty text'],
    ['an old confidence word', { codes: { balance: [{ ...fact, confidence: 'sure' }] } }, 'field "codes.balance[0].confidence": must be one of confirmed, likely, unconfirmed'],
    ['source', { codes: { balance: [{ ...fact, source: '' }] } }, 'field "codes.balance[0].source": must be a non-empty text'],
    ['date checked', { codes: { balance: [{ ...fact, checked: undefined }] } }, 'field "codes.balance[0].checked": must be a non-empty text'],
    ['a real date checked', { codes: { balance: [{ ...fact, checked: 'last week' }] } }, 'field "codes.balance[0].checked": "last week" is not a date'],
    ['what a code does', { codes: { balance: [{ ...fact, effect: undefined }] } }, 'field "codes.balance[0].effect": must be a non-empty text'],
  ])('refuses a fact without %s, naming the operator and field', (_what, over, message) => {
    expect(() => validateOperatorTable(operator(over), 'operators.json')).toThrow(DataFileError);
    expect(() => validateOperatorTable(operator(over), 'operators.json')).toThrow(`operators.json: operator "x" ${message}`);
  });

  it('refuses a code slot it does not know, even one named like a property every object has', () => {
    for (const slot of ['balanse', 'constructor', 'toString']) {
      expect(() => validateOperatorTable(operator({ codes: { [slot]: [fact] } }), 'operators.json'), slot).toThrow(`operators.json: operator "x" field "codes.${slot}": unknown slot`);
    }
  });

  it('refuses a borrow menu offered as a loan check', () => {
    const over = { codes: { debtCheck: [{ ...fact, value: '*505#', effect: 'borrow' }] } };
    expect(() => validateOperatorTable(operator(over), 'operators.json')).toThrow('field "codes.debtCheck[0].effect": a "borrow" code cannot be offered here');
  });

  it('refuses a code listed as misidentified wherever it is offered as help', () => {
    const over = {
      codes: { debtCheck: [{ ...fact, value: '*858#' }] },
      misidentified: [{ value: '*858#', is: 'the Transfer Pulsa menu', confidence: 'confirmed', source: 's', checked: '2026-11' }],
    };
    expect(() => validateOperatorTable(operator(over), 'operators.json')).toThrow('field "codes.debtCheck[0].value": *858# is the Transfer Pulsa menu');
  });

  it('refuses a customer-service "number" that is a USSD code', () => {
    const over = { customerService: [{ kind: 'ussd', value: '*123#', effect: 'read', confidence: 'likely', source: 's', checked: '2026-11' }] };
    expect(() => validateOperatorTable(operator(over), 'operators.json')).toThrow('field "customerService[0].kind": must be one of phone');
  });
});

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
  it('marks every code with a confidence and a source', () => {
    for (const op of table.operators) {
      for (const fact of [...Object.values(op.codes), op.customerService]) {
        expect(['sure', 'likely', 'unverified']).toContain(fact.confidence);
        expect(fact.source.length).toBeGreaterThan(0);
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

  it('refuses a code without a confidence, naming the operator and field', () => {
    const broken = {
      operators: [{ id: 'x', name: 'X', group: 'X', prefixes: [], codes: { balance: { value: '*1#', source: 's' } }, customerService: { value: '1', confidence: 'sure', source: 's' } }],
    };
    expect(() => validateOperatorTable(broken, 'operators.json')).toThrow(DataFileError);
    expect(() => validateOperatorTable(broken, 'operators.json')).toThrow('operators.json: operator "x" field "codes.balance.confidence": must be a non-empty text');
  });
});

import { describe, expect, it } from 'vitest';
import { loadSupplierGrammar } from '../../src/data/load.js';
import { complaintWords, supplierComplaint } from '../../src/domain/complaint.js';
import { parseDuration } from '../../src/domain/deadlines.js';
import { validateCatalogue } from '../../src/domain/messages.js';
import { dictionary, own } from '../../src/domain/own.js';
import { Problems } from '../../src/domain/reader.js';
import { validateShopConfig } from '../../src/domain/shop-config.js';
import { fill } from '../../src/domain/template.js';
import { aCase } from '../helpers/cases.js';

// Names every object has: a lookup table must not answer them with what it inherits.
const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describe('own and dictionary', () => {
  it('answer only a table\'s own keys', () => {
    for (const key of INHERITED) expect(own({ a: 1 }, key), key).toBeUndefined();
    expect(own({ constructor: 2 }, 'constructor')).toBe(2);
    const table = dictionary<number>();
    for (const [i, key] of INHERITED.entries()) table[key] = i;
    expect(INHERITED.map((key) => table[key])).toEqual([0, 1, 2, 3, 4]);
    expect(JSON.parse(JSON.stringify(table))).toEqual(Object.fromEntries(INHERITED.map((key, i) => [key, i])));
  });
});

describe('tables looked up by what a person or a file gives', () => {
  it('durations: a unit is one of the known ones', () => {
    for (const key of INHERITED) expect(parseDuration(`1${key}`), key).toBeNull();
  });

  it('message placeholders: a name no value fills stays visible, and a complaint sentence drops it', () => {
    expect(fill('{toString} dan {constructor}', {})).toBe('{toString} dan {constructor}');
    const grammar = loadSupplierGrammar();
    expect(complaintWords(aCase({ cause: 'constructor' }), grammar)).toBe(grammar.complaintWords.default);
    const config = validateShopConfig({}, 'shop.json', grammar.complaints.map((c) => c.id));
    expect(supplierComplaint(aCase({ cause: 'toString' }), grammar, config).text).not.toMatch(/native code|function/);
  });

  it('shop settings and reworded messages: a name every object has is unknown', () => {
    const ids = loadSupplierGrammar().complaints.map((c) => c.id);
    for (const key of INHERITED) {
      expect(() => validateShopConfig({ pending: { [key]: '30m' } }, 'shop.json', ids), key).toThrow(`pending.${key}`);
      const problems = new Problems();
      validateCatalogue({ [key]: { id: 'x', en: 'x' } }, 'catalogue.json', problems, { 'batch.summary': { id: 'a', en: 'b' } });
      expect(problems.list.map((e) => e.message).join('\n'), key).toContain('is not a message pulsa-doctor has');
    }
  });
});

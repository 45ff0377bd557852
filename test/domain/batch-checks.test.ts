import { describe, expect, it } from 'vitest';
import { BatchChecker } from '../../src/domain/batch-checks.js';
import { detectOperator, type OperatorTable } from '../../src/domain/operators.js';
import { SnIndex } from '../../src/domain/duplicate-index.js';
import type { Transaction } from '../../src/domain/transactions.js';
import { loadChecklist } from '../../src/data/load.js';
import { table } from '../helpers/data.js';
import { random } from '../../bench/transactions.mjs';

const now = new Date(2026, 10, 25, 12, 0);
let line = 1;
const tx = (over: Partial<Transaction> = {}): Transaction => ({
  line: ++line, time: +new Date(2026, 10, 25, 11, 50), number: '081234567890', product: 'S10', operator: '', nominal: 10_000,
  status: 'sukses', sn: `SN${line}`, ref: `T${line}`, claimedNumber: '', claimedNominal: null, ...over,
});
const checker = () => new BatchChecker(table, { now, pendingAfterMinutes: 30, duplicateWindowMinutes: 10 });
const codes = (c: BatchChecker, t: Transaction) => c.check(t).map((f) => f.code);

const productFamilies = ['token-pln', 'ewallet'].flatMap((id) => {
  const c = loadChecklist(id)!;
  return c.productCodes.map((pattern) => ({ family: c.family as 'pln' | 'ewallet', pattern }));
});
const familyChecker = () => new BatchChecker(table, { now, pendingAfterMinutes: 30, duplicateWindowMinutes: 10, productFamilies });

describe('BatchChecker with product families', () => {
  it('checks a PLN row by meter number or customer ID length, not against phone prefixes', () => {
    const c = familyChecker();
    expect(codes(c, tx({ product: 'PLN20', number: '14234567890' }))).toEqual([]);
    expect(codes(c, tx({ product: 'PLN100', number: '512345678901' }))).toEqual([]);
    const bad = c.check(tx({ product: 'PLN20', number: '1423456789' }));
    expect(bad.map((f) => f.code)).toEqual(['invalid-number']);
    expect(bad[0]!.messageKey).toBe('batch.invalid-number.pln');
  });

  it('checks an e-wallet row as a mobile-number account with no operator', () => {
    const c = familyChecker();
    expect(codes(c, tx({ product: 'DANA50', number: '085712345678' }))).toEqual([]);
    const bad = c.check(tx({ product: 'OVO20', number: '0810 1234 5678' }));
    expect(bad.map((f) => f.code)).toEqual(['invalid-number']);
    expect(bad[0]!.messageKey).toBe('batch.invalid-number.ewallet');
  });

  it('still finds a PLN meter typed with a swapped digit, and a repeated token sale', () => {
    const c = familyChecker();
    const f = c.check(tx({ product: 'PLN20', number: '14234567809', claimedNumber: '14234567890' }));
    expect(f.map((x) => x.code)).toEqual(['number-mismatch']);
    expect(f[0]!.vars.typoKey).toBe('typo.transposition');
    expect(codes(c, tx({ product: 'PLN20', number: '14234567809' }))).toEqual(['duplicate-topup']);
  });

  it('without the families, a PLN row is flagged as an invalid phone number (what the families prevent)', () => {
    expect(codes(checker(), tx({ product: 'PLN20', number: '14234567890' }))).toEqual(['invalid-number']);
  });
});

describe('BatchChecker', () => {
  it('flags nothing in a clean row', () => expect(codes(checker(), tx())).toEqual([]));

  it('flags an invalid number, but not a formatted valid one', () => {
    expect(codes(checker(), tx({ number: '0810 1234 5678' }))).toEqual(['invalid-number']);
    expect(codes(checker(), tx({ number: '+62 812-3456-7890' }))).toEqual([]);
  });

  it('flags a product of another operator, read from the product code or the operator column', () => {
    expect(codes(checker(), tx({ number: '085712345678' }))).toEqual(['operator-mismatch']);
    expect(codes(checker(), tx({ product: '', operator: 'XL' }))).toEqual(['operator-mismatch']);
    expect(codes(checker(), tx({ number: '085712345678', product: 'I10' }))).toEqual([]);
  });

  it('flags a nominal that differs from the one asked for', () => {
    expect(codes(checker(), tx({ claimedNominal: 20_000 }))).toEqual(['nominal-mismatch']);
    expect(codes(checker(), tx({ claimedNominal: 10_000 }))).toEqual([]);
  });

  it('flags a number that differs from the one asked for, saying when it looks like a typo', () => {
    const [finding] = checker().check(tx({ claimedNumber: '081234567809' }));
    expect(finding).toMatchObject({ code: 'number-mismatch', vars: { typoKey: 'typo.transposition' } });
    expect(checker().check(tx({ claimedNumber: '089912345678' }))[0]!.vars.typoKey).toBe('typo.none');
    expect(codes(checker(), tx({ claimedNumber: '+62 812 3456 7890' }))).toEqual([]);
  });

  it('flags a success without an SN, not a failure without one', () => {
    expect(codes(checker(), tx({ sn: '' }))).toEqual(['success-without-sn']);
    expect(codes(checker(), tx({ sn: '', status: 'gagal' }))).toEqual([]);
  });

  it('flags a pending transaction older than the limit only', () => {
    expect(codes(checker(), tx({ status: 'pending', sn: '', time: +new Date(2026, 10, 25, 11, 29) }))).toEqual(['pending-too-long']);
    expect(codes(checker(), tx({ status: 'pending', sn: '', time: +new Date(2026, 10, 25, 11, 31) }))).toEqual([]);
  });

  it('flags the same top-up within the window, not outside it or after a failure', () => {
    const c = checker();
    expect(codes(c, tx({ time: +new Date(2026, 10, 25, 10, 0) }))).toEqual([]);
    expect(codes(c, tx({ time: +new Date(2026, 10, 25, 10, 9) }))).toEqual(['duplicate-topup']);
    expect(codes(c, tx({ time: +new Date(2026, 10, 25, 10, 20) }))).toEqual([]);
    expect(codes(c, tx({ time: +new Date(2026, 10, 25, 10, 21), nominal: 20_000 }))).toEqual([]);
    const failedFirst = checker();
    codes(failedFirst, tx({ status: 'gagal', time: +new Date(2026, 10, 25, 10, 0) }));
    expect(codes(failedFirst, tx({ time: +new Date(2026, 10, 25, 10, 1) }))).toEqual([]);
  });

  it('flags one SN on two transactions, naming the first line', () => {
    const c = checker();
    const first = tx({ sn: 'SAMESN', number: '081111111111' });
    c.check(first);
    const [finding] = c.check(tx({ sn: 'SAMESN', number: '082222222222' }));
    expect(finding).toMatchObject({ code: 'duplicate-sn', vars: { firstLine: first.line } });
  });

  it('remembers SNs across 200,000 rows without mixing them up', () => {
    const c = checker();
    let duplicates = 0;
    for (let i = 0; i < 200_000; i++) {
      const t = tx({ sn: `0412${String(i).padStart(12, '0')}`, number: `0812${String(i % 9_000_000).padStart(8, '0')}`, time: +new Date(2026, 10, 25, 0, 0, i) });
      if (c.check(t).some((f) => f.code === 'duplicate-sn')) duplicates++;
    }
    expect(duplicates).toBe(0);
    expect(codes(c, tx({ sn: '0412000000123456', number: '089912345678', product: 'T10' }))).toEqual(['duplicate-sn']);
  });

  it('tells apart top-ups whose numbers differ only by a leading zero, or whose operators differ', () => {
    const c = checker();
    expect(codes(c, tx({ number: '0812345678', time: +new Date(2026, 10, 25, 10, 0) }))).toEqual([]);
    expect(codes(c, tx({ number: '00812345678', time: +new Date(2026, 10, 25, 10, 1) }))).toEqual(['invalid-number']);
    expect(codes(c, tx({ number: '0812345678', product: 'I10', time: +new Date(2026, 10, 25, 10, 2) }))).toEqual(['operator-mismatch']);
    expect(codes(c, tx({ number: '0812345678', time: +new Date(2026, 10, 25, 10, 3) }))).toEqual(['duplicate-topup']);
  });

  it('finds every repeated top-up among thousands in one window, naming the earlier line', () => {
    const c = checker();
    const at = +new Date(2026, 10, 25, 10, 0);
    const first = new Map<number, number>();
    for (let i = 0; i < 5_000; i++) {
      const t = tx({ number: `0812${String(i).padStart(8, '0')}`, time: at });
      first.set(i, t.line);
      expect(codes(c, t)).toEqual([]);
    }
    for (let i = 0; i < 5_000; i += 7) {
      const [finding] = c.check(tx({ number: `0812${String(i).padStart(8, '0')}`, time: at + 60_000 }));
      expect(finding).toMatchObject({ code: 'duplicate-topup', vars: { firstLine: first.get(i), minutes: 1 } });
    }
  });
});

describe('SnIndex', () => {
  const sn = (i: number) => `SN${i}`;

  it('always finds an SN repeated within its memory of rows, however many rows came before', () => {
    const index = new SnIndex(1_000);
    // Two rows per round: a new SN, then the SN of 999 rows back.
    for (let i = 0; i < 10_000; i++) {
      expect(index.firstLine(sn(i), 2 * i)).toBeUndefined();
      if (i >= 499) expect(index.firstLine(sn(i - 499), 2 * i + 1)).toBe(2 * (i - 499));
    }
  });

  it('forgets an SN not seen for more than twice its memory, so memory stays flat', () => {
    const index = new SnIndex(1_000);
    index.firstLine('OLD', 1);
    for (let i = 0; i < 2_001; i++) index.firstLine(sn(i), i + 2);
    expect(index.firstLine('OLD', 5_000)).toBeUndefined();
  });

  it('gives the same answers when its first table is sized for a few SNs and grows, through generations', () => {
    // SNs repeated from up to 150,000 rows back, past a generation of 100,000: both ways remember and forget alike.
    const next = random(7);
    const whole = new SnIndex(100_000);
    const grown = new SnIndex(100_000, 0.75, 1);
    let found = 0;
    for (let line = 0; line < 400_000; line++) {
      const id = next() < 0.1 && line > 0 ? line - 1 - Math.floor(next() * Math.min(line, 150_000)) : line;
      const answer = whole.firstLine(sn(id), line);
      if (answer !== undefined) found++;
      expect(grown.firstLine(sn(id), line)).toBe(answer);
    }
    // Repeats found and repeats forgotten (about a third of them are further back than a generation).
    expect(found).toBeGreaterThan(20_000);
    expect(found).toBeLessThan(38_000);
  });

  it('keeps an SN that keeps coming back, with the line it was first seen on', () => {
    const index = new SnIndex(1_000);
    index.firstLine('BACK', 1);
    for (let i = 0; i < 10_000; i++) {
      index.firstLine(sn(i), i + 2);
      if (i % 900 === 0) expect(index.firstLine('BACK', i + 2)).toBe(1);
    }
  });
});

describe('BatchChecker, the operator of a number', () => {
  // Rows sold as Telkomsel: another operator's number is an operator-mismatch naming it, one of no operator an invalid-number.
  const operatorOf = (c: BatchChecker, number: string) => {
    const findings = c.check(tx({ number, product: 'ZZ10', operator: 'tsel' }));
    return findings.find((f) => f.code === 'operator-mismatch')?.vars.operator ?? (findings.some((f) => f.code === 'invalid-number') ? null : 'telkomsel-itself');
  };
  const numbers = ['081234567890', '085155123456', '085112345678', '089612345678', '081012345678', '088112345678', '085155123457', '081234567891'];

  it('is the table’s answer, remembered by leading digits whether the prefixes are short or long', () => {
    // A table whose longest prefix has six digits: more leading digits than the array by value holds.
    const long: OperatorTable = {
      ...table,
      operators: table.operators.map((o) => (o.id === 'indosat' ? { ...o, prefixes: [...o.prefixes, { ...o.prefixes[0]!, values: ['081299'] }] } : o)),
    };
    for (const t of [table, long]) {
      const c = new BatchChecker(t, { now, pendingAfterMinutes: 30, duplicateWindowMinutes: 10 });
      for (const number of [...numbers, '081299123456', ...numbers]) {
        const operator = detectOperator(t, number);
        const expected = operator === undefined ? null : operator.id === 'telkomsel' ? 'telkomsel-itself' : operator.name;
        expect(operatorOf(c, number), number).toBe(expected);
      }
    }
  });
});

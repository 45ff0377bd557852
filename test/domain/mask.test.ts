import { describe, expect, it } from 'vitest';
import { maskDeep, maskPhoneNumbers } from '../../src/domain/mask.js';
import { normalizeMsisdn } from '../../src/domain/msisdn.js';
import { random } from '../../bench/transactions.mjs';

const PREFIXES = ['0811', '0812', '0813', '0821', '0852', '0857', '0858', '0877', '0878', '0838', '0881', '0896', '0899'];

/** A national number of 10 to 13 digits, as operators hand them out. */
function nationalNumber(next: () => number): string {
  const prefix = PREFIXES[Math.floor(next() * PREFIXES.length)]!;
  const length = 10 + Math.floor(next() * 4);
  let digits = prefix;
  while (digits.length < length) digits += Math.floor(next() * 10);
  return digits;
}

/** The same number written the way a counter might: every form normalizeMsisdn accepts. */
function written(national: string, next: () => number): string {
  const subscriber = national.slice(1);
  const sep = ['', ' ', '-', '.', ' - '][Math.floor(next() * 5)]!;
  const grouped = (digits: string) => {
    const parts: string[] = [];
    for (let i = 0; i < digits.length; ) {
      const size = 3 + Math.floor(next() * 2);
      parts.push(digits.slice(i, i + size));
      i += size;
    }
    return parts.join(sep);
  };
  switch (Math.floor(next() * 7)) {
    case 0: return grouped(national);
    case 1: return `+62 ${grouped(subscriber)}`;
    case 2: return `+62${grouped(subscriber)}`;
    case 3: return `62 ${grouped(subscriber)}`;
    case 4: return `+62 0${grouped(subscriber)}`;
    case 5: return `(${national.slice(0, 4)}) ${grouped(national.slice(4))}`;
    default: return grouped(subscriber);
  }
}

const FILLERS = ['Pelanggan minta kirim ke', 'HP:', 'nomor', 'wa.me/', 'SN 0412345678901234, Rp50.000,', 'hubungi', '(', 'KP-20261126-0007', 'jam 10.30'];

describe('maskPhoneNumbers', () => {
  it.each([
    ['0857-1234-5678', '0857-****-5678'],
    ['+62 811 2233 4455', '+62 811 **** 4455'],
    ['62 811 2233 4455', '62 811 **** 4455'],
    ['+62 0812-3456-7890', '+62 0812-****-7890'],
    ['(0812) 3456.7890', '(0812) ****.7890'],
    ['https://wa.me/6281234567890?text=Halo', 'https://wa.me/62812****7890?text=Halo'],
    ['081234567890', '0812****7890'],
  ])('masks %s', (input, expected) => {
    expect(maskPhoneNumbers(input)).toBe(expected);
  });

  it('leaves references, amounts, dates and SNs alone', () => {
    const text = 'KP-20261126-0007 Rp50.000 25/11/2026 10:30 SN 0412345678901234';
    expect(maskPhoneNumbers(text)).toBe(text);
  });

  it('masks two numbers side by side separately', () => {
    expect(maskPhoneNumbers('081234567890, 0857 1234 5678')).toBe('0812****7890, 0857 **** 5678');
  });

  it('lets no phone number in any accepted written form survive, whatever text surrounds it (property, 3000 cases)', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      const numbers = Array.from({ length: 1 + Math.floor(next() * 3) }, () => nationalNumber(next));
      const parts: string[] = [];
      for (const n of numbers) {
        parts.push(FILLERS[Math.floor(next() * FILLERS.length)]!);
        const form = written(n, next);
        expect(normalizeMsisdn(form), `seed ${seed}: the generator must write numbers the parser reads`).toBe(n);
        parts.push(form);
      }
      parts.push(FILLERS[Math.floor(next() * FILLERS.length)]!);
      const text = parts.join(next() < 0.5 ? ' ' : '\n');
      const masked = maskPhoneNumbers(text);
      // Every written form holds the subscriber digits in a row (812…, after 0, 62, +62 or +62 0), so none may be left.
      const digitsOnly = masked.replace(/\D/g, '');
      for (const n of numbers) expect(digitsOnly.includes(n.slice(1)), `seed ${seed}: ${n} left in ${JSON.stringify(masked)}`).toBe(false);
    }
  });
});

describe('maskDeep', () => {
  it('masks every string field of a case-like value and keeps its shape', () => {
    const value = { number: '081234567890', notes: [{ text: 'telp balik ke +62 857-1234-5678' }], nominal: 50000, ok: true };
    expect(maskDeep(value)).toEqual({ number: '0812****7890', notes: [{ text: 'telp balik ke +62 857-****-5678' }], nominal: 50000, ok: true });
  });
});

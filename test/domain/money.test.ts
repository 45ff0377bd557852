import { describe, expect, it } from 'vitest';
import { formatRupiah, NominalFormatError, parseRupiah } from '../../src/domain/money.js';

describe('parseRupiah', () => {
  it.each([
    ['50000', 50_000],
    ['50.000', 50_000],
    ['Rp 50.000', 50_000],
    ['Rp50.000', 50_000],
    ['rp. 50.000', 50_000],
    ['Rp 50.000,00', 50_000],
    ['50,000', 50_000],
    ['50rb', 50_000],
    ['50 rb', 50_000],
    ['50 ribu', 50_000],
    ['50k', 50_000],
    ['50K', 50_000],
    ['1,5jt', 1_500_000],
    ['1.5 juta', 1_500_000],
    ['1.500.000', 1_500_000],
    ['5000', 5_000],
  ])('reads %j as %d', (input, expected) => {
    expect(parseRupiah(input)).toBe(expected);
  });

  it.each(['lima puluh', '', '0', '-5000', '50,5', '12.34.5', 'Rp', '50rbu', '1,0005rb'])('refuses %j', (input) => {
    expect(() => parseRupiah(input)).toThrow(NominalFormatError);
  });
});

describe('formatRupiah', () => {
  it('writes thousands with dots', () => expect(formatRupiah(1_500_000)).toBe('Rp1.500.000'));

  it('writes every amount exactly as Intl does for id-ID', () => {
    const intl = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
    const amounts = [0, -0, 5, 999, 1000, 12_345, 1_234_567, -50_000, 0.5, 1.5, 2.5, -0.5, -0.4, -1.5, 999.5, 2 ** 53, 1e21, Number.NaN, Infinity];
    for (let i = 0; i < 2_000; i++) amounts.push(Math.floor((i * 7919) ** 1.7) * (i % 3 === 0 ? -1 : 1));
    for (const amount of amounts) expect(formatRupiah(amount), String(amount)).toBe('Rp' + intl.format(amount));
  });
});

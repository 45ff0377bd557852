import { describe, expect, it } from 'vitest';
import { bareMobileDigits, detectTypo, hasMobileShape, maskMsisdn, normalizeMsisdn, NumberFormatError, toInternational, tryNormalizeMsisdn } from '../../src/domain/msisdn.js';

describe('normalizeMsisdn', () => {
  it.each([
    ['+62 812-3456-7890', '081234567890'],
    ['6281234567890', '081234567890'],
    ['+62 0812-3456-7890', '081234567890'],
    ['+620812 3456 7890', '081234567890'],
    ['62 0812 3456 7890', '081234567890'],
    ['0812 3456 7890', '081234567890'],
    ['0812.3456.7890', '081234567890'],
    ['(0812) 3456-7890', '081234567890'],
    ['812 3456 7890', '081234567890'],
    ['  +6289912345678 ', '089912345678'],
  ])('reads %s as %s', (input, expected) => {
    expect(normalizeMsisdn(input)).toBe(expected);
  });

  it.each(['0812', '', 'abc', '0812-34x5-6789', '+1 555 0100', '0812345678901234567', '++62812345678'])('refuses %j', (input) => {
    expect(() => normalizeMsisdn(input)).toThrow(NumberFormatError);
  });

  it('gives the international form for WhatsApp links', () => {
    expect(toInternational('081234567890')).toBe('6281234567890');
  });
});

describe('hasMobileShape', () => {
  it('accepts 10 to 13 digit 08 numbers', () => {
    expect(hasMobileShape('0812345678')).toBe(true);
    expect(hasMobileShape('0812345678901')).toBe(true);
  });
  it('refuses landlines, 080x and numbers of the wrong length', () => {
    expect(hasMobileShape('0215795981')).toBe(false);
    expect(hasMobileShape('0801234567')).toBe(false);
    expect(hasMobileShape('081234567')).toBe(false);
    expect(hasMobileShape('08123456789012')).toBe(false);
  });
});

describe('bareMobileDigits', () => {
  it('reads a bare national mobile number as its digits', () => {
    expect(bareMobileDigits('081234567890')).toBe(81234567890);
    expect(bareMobileDigits('0812345678')).toBe(812345678);
    expect(bareMobileDigits('0812345678901')).toBe(812345678901);
  });

  it('is -1 for what normalizing would change or what has no mobile shape', () => {
    for (const text of ['+6281234567890', '6281234567890', '0812 3456 7890', '0812-3456-7890', ' 081234567890', '81234567890', '0802345678', '0712345678', '081234567', '08123456789012', '08123456789a', '']) {
      expect(bareMobileDigits(text), text).toBe(-1);
    }
  });

  it('agrees with tryNormalizeMsisdn and hasMobileShape on every shape batch meets', () => {
    // Seeded, so a failure names the same texts every run.
    let seed = 7;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const alphabet = '0123456789008888 +-.';
    for (let n = 0; n < 20_000; n++) {
      const length = Math.floor(next() * 16);
      let text = next() < 0.7 ? '08' : '';
      while (text.length < length) text += alphabet[Math.floor(next() * alphabet.length)];
      const bare = tryNormalizeMsisdn(text) === text && hasMobileShape(text);
      expect(bareMobileDigits(text), text).toBe(bare ? Number(text) : -1);
    }
  });
});

describe('detectTypo', () => {
  it('names one changed digit', () => expect(detectTypo('081234567890', '081234567899')).toBe('substitution'));
  it('names two adjacent digits swapped', () => expect(detectTypo('081234567890', '081234567809')).toBe('transposition'));
  it('names one digit missing', () => expect(detectTypo('081234567890', '08123456789')).toBe('deletion'));
  it('names one digit too many', () => expect(detectTypo('081234567890', '0812345678990')).toBe('insertion'));
  it('finds no typo in the same number', () => expect(detectTypo('081234567890', '081234567890')).toBeNull());
  it('does not call two far-apart changes a typo', () => expect(detectTypo('081234567890', '081934567891')).toBeNull());
  it('does not call swapped non-adjacent digits a typo', () => expect(detectTypo('081234567890', '081294567830')).toBeNull());
});

describe('maskMsisdn', () => {
  it('hides the middle digits', () => expect(maskMsisdn('081234567890')).toBe('0812****7890'));
});

import { describe, expect, it } from 'vitest';
import { numberText } from '../../src/ui/number-text.js';

describe('numberText', () => {
  it('writes every number as String() does, past 2^53 and for fractions too', () => {
    const values = [0, -0, 1, 7, 10, 123_456, -42, 2 ** 31, 2 ** 32 + 1, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 60, 1e20, 1e21, 1.5e300, 0.1, -2.5, 1 / 3, 5e-324, NaN, Infinity, -Infinity];
    for (let i = 0; i < 2000; i++) values.push(Math.floor(Math.random() * 2 ** 53), Math.random() * 1e6);
    for (const value of values) expect(numberText(value), String(value)).toBe(String(value));
  });
});

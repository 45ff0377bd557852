import { describe, expect, it } from 'vitest';
import { ANSWER_WIDTH, DuplicateIndex, KEY_WIDTH } from '../../src/domain/duplicate-index.js';
import { random } from '../../bench/transactions.mjs';

const MINUTE = 60_000;

/**
 * The top-up check as the index's comment states it, in Maps: two generations of one window each, the newer
 * asked first; a row repeats the last remembered top-up with its key when they are at most a window apart.
 */
function referenceTopups(rows: { digits: number; nominalTag: number; time: number; line: number }[], window: number): number[][] {
  let recent = new Map<string, { time: number; line: number }>();
  let older = new Map<string, { time: number; line: number }>();
  let start = Number.NaN;
  return rows.map(({ digits, nominalTag, time, line }) => {
    if (!(Math.abs(time - start) <= window)) {
      older = recent;
      recent = new Map();
      start = time;
    }
    const key = `${digits}|${nominalTag}`;
    const previous = recent.get(key) ?? older.get(key);
    recent.set(key, { time, line });
    return previous && Math.abs(time - previous.time) <= window ? [previous.line, Math.round(Math.abs(time - previous.time) / MINUTE)] : [-1, -1];
  });
}

describe('DuplicateIndex top-ups', () => {
  it('answers as two generations of Maps would, over many generations of thousands of keys', () => {
    const next = random(13);
    const window = 10 * MINUTE;
    const rows: { digits: number; nominalTag: number; time: number; line: number }[] = [];
    let time = Date.UTC(2026, 10, 25);
    // Enough keys per generation that the generations' filters are dense (and give false hits), and enough
    // repeats that rows are found in the newer and the older generation, within the window and just past it.
    for (let line = 2; line < 400_002; line++) {
      // Some 60,000 rows a window, and now and then a gap of about a window.
      time += next() < 0.00002 ? Math.floor((9 + next() * 2) * MINUTE) : Math.floor(next() * 20);
      const number = 812_0000_0000 + Math.floor(next() * 200_000);
      rows.push({ digits: number + 1, nominalTag: [5000, 10000, 25000][Math.floor(next() * 3)]! * 4096 + 12, time, line });
    }
    const expected = referenceTopups(rows, window);

    const index = new DuplicateIndex(10);
    const got: number[][] = [];
    for (let from = 0; from < rows.length; from += 4096) {
      const part = rows.slice(from, from + 4096);
      const keys = new Float64Array(part.length * KEY_WIDTH);
      part.forEach((row, k) => keys.set([row.digits, row.nominalTag, row.time, row.line, 0, 0], k * KEY_WIDTH));
      const answers = index.resolve(keys, part.length);
      part.forEach((_, k) => got.push([answers[k * ANSWER_WIDTH]!, answers[k * ANSWER_WIDTH + 1]!]));
    }
    const found = expected.filter(([line]) => line !== -1).length;
    // The stream must hold both kinds of row for the comparison to mean anything.
    expect(found).toBeGreaterThan(10_000);
    expect(rows.length - found).toBeGreaterThan(10_000);
    expect(got).toEqual(expected);
  });
});

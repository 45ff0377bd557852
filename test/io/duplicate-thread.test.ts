import { describe, expect, it } from 'vitest';
import { ANSWER_WIDTH, KEY_WIDTH } from '../../src/domain/duplicate-index.js';
import { duplicatesHere, duplicatesOnThread, SLOT_ROWS, SLOTS, type DuplicateResolver } from '../../src/io/duplicate-thread.js';

// The worker as built (npm test builds first): the thread runs compiled code, not the TypeScript under test.
const WORKER = new URL('../../dist/io/duplicate-worker.js', import.meta.url);

/** Chunks of keys with repeated SNs and top-ups, some rows without either, time moving on. */
function chunks(count: number): { keys: Float64Array; rows: number }[] {
  let seed = 7;
  const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
  let line = 2;
  let time = Date.UTC(2026, 10, 25);
  return Array.from({ length: count }, (_, c) => {
    const rows = c === 3 ? SLOT_ROWS : 1 + random(700);
    const keys = new Float64Array(rows * KEY_WIDTH);
    for (let r = 0; r < rows; r++, line++) {
      const at = r * KEY_WIDTH;
      time += random(3) * 1000;
      if (random(10) > 0) {
        keys[at] = 81234500000 + random(3000) + 1;
        keys[at + 1] = [10_000, 20_000, 50_000][random(3)]! * 4096 + 12;
      }
      keys[at + 2] = time;
      keys[at + 3] = line;
      if (random(5) > 0) {
        keys[at + 4] = random(20_000) + 1;
        keys[at + 5] = (random(5) * 2 + 1) >>> 0;
      }
    }
    return { keys, rows };
  });
}

/** Every chunk's answers, sent as batch sends them: up to SLOTS - 2 ahead of the answers read. */
async function answersOf(resolver: DuplicateResolver, input: { keys: Float64Array; rows: number }[]): Promise<number[][]> {
  const out: number[][] = [];
  const waiting: { ticket: number; rows: number }[] = [];
  const take = async () => {
    const { ticket, rows } = waiting.shift()!;
    const ready = resolver.answers(ticket);
    const answers = ready instanceof Promise ? await ready : ready;
    out.push([...answers.subarray(0, rows * ANSWER_WIDTH)]);
  };
  try {
    for (const { keys, rows } of input) {
      resolver.nextKeys().set(keys);
      waiting.push({ ticket: resolver.submit(rows), rows });
      while (waiting.length && (waiting.length > SLOTS - 2 || resolver.done(waiting[0]!.ticket))) await take();
    }
    while (waiting.length) await take();
  } finally {
    await resolver.close();
  }
  return out;
}

describe('duplicate checks on a second thread', () => {
  it('answer every chunk as the same checks on this thread do, across SN generations and top-up windows', async () => {
    const input = chunks(60);
    const here = await answersOf(duplicatesHere(10, 5_000), input);
    const there = await answersOf(duplicatesOnThread(10, 5_000, WORKER), input);
    expect(there).toEqual(here);
    const all = here.flat();
    // Both kinds of duplicate were found, and most rows are not one: the comparison means something.
    const topups = all.filter((v, i) => i % ANSWER_WIDTH === 0 && v !== -1).length;
    const sns = all.filter((v, i) => i % ANSWER_WIDTH === 2 && v !== -1).length;
    expect(topups).toBeGreaterThan(100);
    expect(sns).toBeGreaterThan(100);
    expect(topups + sns).toBeLessThan(all.length / ANSWER_WIDTH);
    // Minutes between the top-ups stay within the window.
    expect(Math.max(...all.filter((_, i) => i % ANSWER_WIDTH === 1))).toBeLessThanOrEqual(10);
  });

  it('fails instead of waiting for ever when the thread cannot start', async () => {
    const resolver = duplicatesOnThread(10, 1_000, new URL('./no-such-worker.js', WORKER));
    resolver.nextKeys().fill(0, 0, KEY_WIDTH);
    const ticket = resolver.submit(1);
    await expect(Promise.resolve(resolver.answers(ticket))).rejects.toThrow();
    await resolver.close();
  });
});

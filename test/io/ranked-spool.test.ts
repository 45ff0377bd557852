import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RankedSpool } from '../../src/io/ranked-spool.js';

async function readAll(spool: RankedSpool): Promise<string> {
  const chunks: Buffer[] = [];
  // Copied: the spool may fill a buffer again once the next is asked for.
  for await (const chunk of spool.read()) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

describe('RankedSpool', () => {
  it('gives texts back rank by rank, each rank in the order added, holding them in memory under the budget', async () => {
    const spool = new RankedSpool(3, 1000);
    for (const [rank, text] of [[2, 'c1 '], [0, 'a1 '], [1, 'b1 '], [0, 'a2 '], [2, 'c2 ']] as const) spool.add(rank, text);
    await spool.settle();
    expect(spool.spillFolder).toBeUndefined();
    expect(await readAll(spool)).toBe('a1 a2 b1 c1 c2 ');
  });

  it('keeps the order when ranks spill to private files, and removes them once read', async () => {
    const spool = new RankedSpool(4, 64);
    const expected: string[][] = [[], [], [], []];
    for (let i = 0; i < 2000; i++) {
      // Characters of two, three and four bytes, so a read chunk can end inside one.
      const rank = (i * 7) % 4;
      const text = `${i}:ü€😀;`;
      expected[rank]!.push(text);
      spool.add(rank, text);
      if (i % 10 === 9) await spool.settle();
      if (i === 500) {
        const folder = spool.spillFolder!;
        expect(statSync(folder).mode & 0o777).toBe(0o700);
      }
    }
    const folder = spool.spillFolder!;
    expect(existsSync(folder)).toBe(true);
    expect(await readAll(spool)).toBe(expected.map((texts) => texts.join('')).join(''));
    expect(existsSync(folder)).toBe(false);
  });

  it('reads back a spilled rank larger than one read chunk intact', async () => {
    const spool = new RankedSpool(2, 1024);
    // 1.4 MB in UTF-8, after an odd number of bytes: more than one buffer, and a read ends inside a character.
    const big = `x${'é'.repeat(700_000)}`;
    spool.add(1, big);
    spool.add(0, 'first;');
    await spool.settle();
    expect(await readAll(spool)).toBe(`first;${big}`);
  });

  it('removes its files when closed without being read', async () => {
    const spool = new RankedSpool(2, 10);
    spool.add(0, 'x'.repeat(100));
    await spool.settle();
    const folder = spool.spillFolder!;
    expect(existsSync(folder)).toBe(true);
    await spool.close();
    expect(existsSync(folder)).toBe(false);
  });
});

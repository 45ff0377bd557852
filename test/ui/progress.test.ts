import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startProgress } from '../../src/ui/progress.js';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  const s = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) }) as Writable & { isTTY?: boolean };
  s.isTTY = isTTY;
  return { s, chunks };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('progress', () => {
  it('appears on a terminal only once the work has taken a while, and is cleared at the end', async () => {
    const { s, chunks } = stream(true);
    let rows = 0;
    const progress = startProgress(s, () => `rows ${rows}`, 50, 20);
    await wait(20);
    expect(chunks).toEqual([]);
    rows = 7;
    await wait(60);
    progress.stop();
    expect(chunks.some((c) => c.includes('rows 7'))).toBe(true);
    expect(chunks.at(-1)).toBe('\r\u001b[2K');
  });

  it('never appears when the stream is not a terminal', async () => {
    const { s, chunks } = stream(false);
    const progress = startProgress(s, () => 'x', 1, 1);
    await wait(20);
    progress.stop();
    expect(chunks).toEqual([]);
  });

  it('leaves nothing behind when the work was quick', async () => {
    const { s, chunks } = stream(true);
    startProgress(s, () => 'x', 50, 20).stop();
    await wait(70);
    expect(chunks).toEqual([]);
  });
});

import { once } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeJsonArray } from '../../src/io/write-out.js';

/** A stream that takes a while to drain, so the writer meets back-pressure as it does on a pipe. */
function slowSink() {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      setImmediate(done);
    },
  });
  const text = async () => {
    stream.end();
    await once(stream, 'finish');
    return chunks.join('');
  };
  return { stream, text };
}

describe('writeJsonArray', () => {
  const shapes: unknown[][] = [
    [],
    [1],
    [{ a: 1, b: [1, 2, { c: 'x' }], d: {}, e: [] }, null, 'two\nlines "quoted"', { nested: { deeper: { deepest: [[]] } } }],
    Array.from({ length: 3_000 }, (_, i) => ({ ref: `KP-${i}`, guidance: 'x'.repeat(800), history: [{ at: i, note: 'a\nb' }] })),
  ];

  it('writes exactly what JSON.stringify with two-space indent writes, for any array', async () => {
    for (const items of shapes) {
      const sink = slowSink();
      await writeJsonArray(sink.stream, items, (item) => item, 7);
      expect(await sink.text()).toBe(JSON.stringify(items, null, 2) + '\n');
    }
  });

  it('maps each item on the way out', async () => {
    const sink = slowSink();
    await writeJsonArray(sink.stream, [1, 2], (n) => ({ n, double: n * 2 }));
    expect(JSON.parse(await sink.text())).toEqual([{ n: 1, double: 2 }, { n: 2, double: 4 }]);
  });
});

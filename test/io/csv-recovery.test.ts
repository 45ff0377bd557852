import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvInputError, MAX_RECORD_CHARS, readCsv } from '../../src/io/csv-reader.js';

async function records(text: string | Buffer, chunkSize = 1 << 16) {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const out = [];
  for await (const batch of readCsv(Readable.from(chunks))) out.push(...batch);
  return out;
}

const rows = (n: number, at: number, bad: string) =>
  ['time;ref;number', ...Array.from({ length: n }, (_, i) => (i + 1 === at ? bad : `t;T${i + 1};0812`))].join('\n') + '\n';

describe('a stray opening quote', () => {
  it('costs its own row only: reading starts again on the next line', async () => {
    for (const size of [1 << 16, 7, 1]) {
      const out = await records(rows(1000, 3, 't;"T3;0812'), size);
      expect(out).toHaveLength(1001);
      expect(out[3]).toMatchObject({ line: 4, malformed: true });
      expect(out.filter((r) => r.malformed)).toHaveLength(1);
      expect(out[1000]).toEqual({ line: 1001, fields: ['t', 'T1000', '0812'], malformed: false });
    }
  });

  it('is undone when its field ends on a later row and leaves the wrong number of fields', async () => {
    const text = 'time;ref;sn\nt;"T1;x\nt;T2;"SN, 2"\nt;T3;y\n';
    const out = await records(text);
    expect(out.map((r) => [r.line, r.malformed])).toEqual([[1, false], [2, true], [3, false], [4, false]]);
    expect(out[2]!.fields).toEqual(['t', 'T2', 'SN, 2']);
  });

  it('keeps a real quoted field that spans lines', async () => {
    const out = await records('a;b\n"two\nlines";x\n1;2\n');
    expect(out[1]).toEqual({ line: 2, fields: ['two\nlines', 'x'], malformed: false });
    expect(out[2]!.line).toBe(4);
  });

  it('is undone at the end of the file too', async () => {
    const out = await records('a;b\n"open;1\n2;3\n');
    expect(out.map((r) => [r.line, r.malformed, r.fields])).toEqual([[1, false, ['a', 'b']], [2, true, ['open;1']], [3, false, ['2', '3']]]);
  });
});

describe('quotes and lengths', () => {
  it('flags a quote in the middle of an unquoted field', async () => {
    expect((await records('a,b\n12"3,x\n'))[1]!.malformed).toBe(true);
  });

  it('reports a record over the limit as too long without keeping it whole', async () => {
    const out = await records(`a,b\n${'x'.repeat(MAX_RECORD_CHARS * 3)},1\n2,3\n`);
    expect(out[1]).toMatchObject({ line: 2, malformed: true, problem: 'too-long' });
    expect(out[1]!.fields[0]!.length).toBeLessThan(MAX_RECORD_CHARS);
    expect(out[2]).toEqual({ line: 3, fields: ['2', '3'], malformed: false });
  });

  it('refuses a header line with no line break past the limit', async () => {
    await expect(records('a,'.repeat(MAX_RECORD_CHARS))).rejects.toEqual(new CsvInputError('header-too-long'));
  });
});

describe('encodings', () => {
  it('reads UTF-16 little-endian, with or without a byte-order mark', async () => {
    const text = 'a;b\n1;é\n';
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), Buffer.from(text, 'utf16le')]) {
      expect((await records(bytes)).map((r) => r.fields)).toEqual([['a', 'b'], ['1', 'é']]);
    }
  });

  it('names UTF-16 big-endian', async () => {
    await expect(records(Buffer.from([0xfe, 0xff, 0, 0x61, 0, 0x0a]))).rejects.toEqual(new CsvInputError('utf16be'));
  });

  it('reports rows with Latin-1 bytes instead of silently replacing them', async () => {
    const out = await records(Buffer.concat([Buffer.from('a;b\n1;'), Buffer.from([0x4a, 0xe9, 0x72]), Buffer.from('\n2;ok\n')]));
    expect(out[1]).toMatchObject({ line: 2, malformed: true, problem: 'encoding' });
    expect(out[2]).toEqual({ line: 3, fields: ['2', 'ok'], malformed: false });
  });
});

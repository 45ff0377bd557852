import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ColumnError } from '../../src/domain/transactions.js';
import { JsonInputError, quoteLongIntegers, readJsonRows } from '../../src/io/json-rows.js';
import { sniffFormat } from '../../src/io/transaction-input.js';

/** The text in chunks of `size` characters, so every boundary (inside a string, an escape, a number) is crossed. */
function chunked(text: string, size: number): Readable {
  const chunks: Buffer[] = [];
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks, { objectMode: false });
}

async function records(text: string, shape: 'array' | 'lines', size = 3) {
  const out: { line: number; fields: string[] }[] = [];
  for await (const batch of readJsonRows(chunked(text, size), shape)) out.push(...batch.map(({ line, fields }) => ({ line, fields })));
  return out;
}

const row = (time: string, number: string, extra: Record<string, unknown> = {}) => ({ waktu: time, tujuan: number, produk: 'S10', nominal: 10000, status: 'sukses', ...extra });

describe('readJsonRows', () => {
  it.each([1, 2, 7, 64 * 1024])('splits an array into one record per object with the line it starts on (chunks of %i)', async (size) => {
    const text = `[\n  ${JSON.stringify(row('2026-11-25 09:00', '0812', { sn: 'a\\"]}{,' }))},\n  ${JSON.stringify(row('2026-11-25 09:01', '0813', { nested: { list: [1, { x: ']' }] } }))}\n]\n`;
    const [header, first, second] = await records(text, 'array', size);
    expect(header!.fields).toEqual(['time', 'number', 'product', 'operator', 'nominal', 'status', 'sn', 'ref', 'claimed_number', 'claimed_nominal']);
    expect(first).toEqual({ line: 2, fields: ['2026-11-25 09:00', '0812', 'S10', '', '10000', 'sukses', 'a\\"]}{,', '', '', ''] });
    expect(second).toEqual({ line: 3, fields: ['2026-11-25 09:01', '0813', 'S10', '', '10000', 'sukses', '', '', '', ''] });
  });

  it('reads NDJSON line by line, skipping blank lines, CRLF or LF', async () => {
    const text = `${JSON.stringify(row('09:00', '0812'))}\r\n\r\n${JSON.stringify(row('09:01', '0813', { sn: null, trxid: 77 }))}`;
    expect((await records(text, 'lines')).slice(1)).toEqual([
      { line: 1, fields: ['09:00', '0812', 'S10', '', '10000', 'sukses', '', '', '', ''] },
      { line: 3, fields: ['09:01', '0813', 'S10', '', '10000', 'sukses', '', '77', '', ''] },
    ]);
  });

  it('keeps every digit of a long bare number', async () => {
    const [, first] = await records(`[${JSON.stringify(row('09:00', '0812')).replace('}', ',"sn":4123456789012345678,"x":1.5e300}')}]`, 'array');
    expect(first!.fields[6]).toBe('4123456789012345678');
    expect(quoteLongIntegers('{"a":"12345678901234567","b":-12345678901234567,"c":1234567890123456.5}')).toBe('{"a":"12345678901234567","b":"-12345678901234567","c":1234567890123456.5}');
  });

  it('names the required keys the first object lacks, as a CSV header', async () => {
    await expect(records('[{"waktu":"09:00","tujuan":"0812"}]', 'array')).rejects.toEqual(new ColumnError(['nominal', 'status', 'product/operator']));
  });

  const ok = JSON.stringify(row('09:00', '0812'));
  it.each([
    [`[${ok} ${ok}]`, 'syntax', 1],
    [`[\n${ok},\n]`, 'syntax', 3],
    ['[\n{"waktu": 09:00}\n]', 'syntax', 2],
    ['[\n1\n]', 'not-object', 2],
    ['[\n{"waktu":"09:00"', 'unclosed', 2],
    ['[] x', 'syntax', 1],
  ])('refuses %j naming the line', async (text, reason, line) => {
    await expect(records(text, 'array')).rejects.toEqual(new JsonInputError(reason as 'syntax', line));
  });

  it('refuses a broken NDJSON line, naming it', async () => {
    const text = `${JSON.stringify(row('09:00', '0812'))}\n{"waktu": "09:01",\n`;
    await expect(records(text, 'lines')).rejects.toEqual(new JsonInputError('syntax', 2));
  });

  it('reads an empty array as zero rows', async () => {
    expect(await records('[ ]', 'array')).toEqual([{ line: 1, fields: expect.any(Array) }]);
  });
});

describe('sniffFormat', () => {
  it.each([
    ['[{"a":1}]', 'json'],
    ['\uFEFF\n  [\n  {', 'json'],
    ['[]', 'json'],
    ['{"a":1}\n{"a":2}', 'ndjson'],
    ['tanggal;tujuan', 'csv'],
    ['[Tanggal],[Tujuan]', 'csv'],
    ['', 'csv'],
  ])('%j is %s', (text, format) => expect(sniffFormat(Buffer.from(text))).toBe(format));

  it('knows a zip (xlsx) and refuses an old .xls by name', () => {
    expect(sniffFormat(Buffer.from('PK\x03\x04rest', 'latin1'))).toBe('xlsx');
    expect(() => sniffFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).toThrow('old-xls');
  });
});

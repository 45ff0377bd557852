import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvInputError, CsvParser, readCsv, sniffDelimiter } from '../../src/io/csv-reader.js';

async function records(text: string | Buffer, chunkSize = 1 << 20) {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const out = [];
  for await (const batch of readCsv(Readable.from(chunks))) out.push(...batch);
  return out;
}

describe('readCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks, keeping the line each record starts on', async () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\r\nlines",z\r\n3,plain,end\r\n';
    expect(await records(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'], malformed: false },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'], malformed: false },
      { line: 3, fields: ['2', 'two\r\nlines', 'z'], malformed: false },
      { line: 5, fields: ['3', 'plain', 'end'], malformed: false },
    ]);
  });

  it('gives the same records whatever the chunk size', async () => {
    const text = '\uFEFFa;b\n"1;x";"q""\n"\n\n2;y\r\n3;"z"';
    const whole = await records(text);
    for (const size of [1, 2, 3, 5, 8]) expect(await records(text, size)).toEqual(whole);
    expect(whole.map((r) => r.line)).toEqual([1, 2, 5, 6]);
  });

  it('strips the BOM Excel writes', async () => {
    expect((await records('\uFEFFtanggal,nomor\n'))[0]!.fields).toEqual(['tanggal', 'nomor']);
  });

  it('detects semicolons from the header', async () => {
    expect((await records('a;b;c\n1,5;2;3\n'))[1]!.fields).toEqual(['1,5', '2', '3']);
  });

  it('skips empty lines but counts them', async () => {
    expect((await records('a\n\n\nb\n')).map((r) => r.line)).toEqual([1, 4]);
  });

  it('flags a stray quote and goes on with the next row', async () => {
    const out = await records('a,b\n"S"10,x\n2,y\n');
    expect(out[1]).toEqual({ line: 2, fields: ['S10', 'x'], malformed: true });
    expect(out[2]).toEqual({ line: 3, fields: ['2', 'y'], malformed: false });
  });

  it('flags a quote never closed', async () => {
    const out = await records('a,b\n1,"open\n');
    expect(out[1]!.malformed).toBe(true);
  });

  it('refuses binary data and an empty file', async () => {
    await expect(records(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).rejects.toEqual(new CsvInputError('binary'));
    await expect(records('')).rejects.toEqual(new CsvInputError('empty'));
    await expect(records('\uFEFF\n\n')).rejects.toEqual(new CsvInputError('empty'));
  });
});

describe('sniffDelimiter', () => {
  it('picks the separator that occurs most outside quotes', () => {
    expect(sniffDelimiter('a;b;"c,d,e"')).toBe(';');
    expect(sniffDelimiter('a,b,c')).toBe(',');
    expect(sniffDelimiter('a\tb')).toBe('\t');
    expect(sniffDelimiter('single')).toBe(',');
  });
});

describe('CsvParser', () => {
  it('ends a last record without a newline', () => {
    const parser = new CsvParser(',');
    expect(parser.push('a,b\n1,2')).toHaveLength(1);
    expect(parser.end()).toEqual([{ line: 2, fields: ['1', '2'], malformed: false }]);
  });
});

describe('CsvParser fast and careful paths', () => {
  // A line without quotes is split whole; anything else is read character by character. Pushed one character
  // at a time, no chunk ever holds a whole line, so only the careful path runs: both must agree.
  it('gives the same records split whole as read character by character, for any mix of quotes and line ends', () => {
    let seed = 7;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    // Quoting that is whole (a stray opening quote is recovered from differently by chunk, on purpose).
    const pieces = ['a', 'bc', '12', ';', ';', '""', '\n', '\r\n', '\r', ' ', 'x"y', '"q;r"', '"l\nm"', '"x""y"'];
    for (let round = 0; round < 200; round++) {
      let text = '';
      const length = Math.floor(next() * 80);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      const whole = new CsvParser(';');
      const expected = [...whole.push(text), ...whole.end()];
      const careful = new CsvParser(';');
      const byChar = [...text].flatMap((c) => careful.push(c));
      byChar.push(...careful.end());
      expect(expected, JSON.stringify(text)).toEqual(byChar);
      const chunked = new CsvParser(';');
      const parts: unknown[] = [];
      for (let i = 0; i < text.length; ) {
        const size = 1 + Math.floor(next() * 12);
        parts.push(...chunked.push(text.slice(i, i + size)));
        i += size;
      }
      parts.push(...chunked.end());
      expect(parts, JSON.stringify(text)).toEqual(expected);
    }
  });
});

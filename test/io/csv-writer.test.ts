import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../src/io/csv-writer.js';

describe('csvCell', () => {
  it.each(['=HYPERLINK("http://x","klik")', '+6281234567890', '-1+1', '@SUM(A1)', '\tcmd', '\rcmd'])('neutralises the formula-like %j', (value) => {
    expect(csvCell(value).replace(/^"/, '').startsWith("'")).toBe(true);
  });

  it('quotes text holding a delimiter, a quote or a line break, doubling quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvCell('a;b', ',')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('writes numbers and plain text as they are', () => {
    expect(csvCell(50000)).toBe('50000');
    expect(csvCell('KP-20261125-0001')).toBe('KP-20261125-0001');
    expect(csvCell(null)).toBe('');
  });

  it('ends rows with CRLF', () => expect(csvRow(['a', 1], ';')).toBe('a;1\r\n'));

  it('keeps digits-only cells of the columns named text for Excel with a leading tab, and only those', () => {
    const asText = [true, true, true, true, false];
    expect(csvRow(['081234567890', '0412345678901234', '0812****7890', '=1+1', '081234567890'], ',', asText)).toBe(
      `"\t081234567890","\t0412345678901234",0812****7890,'=1+1,081234567890\r\n`,
    );
    expect(csvRow([null, 5, ''], ';', [true, true, true])).toBe(';5;\r\n');
  });
});

import { describe, expect, it } from 'vitest';
import { fill, wrap } from '../../src/domain/template.js';

describe('fill', () => {
  it('replaces known placeholders and leaves unknown ones visible', () => {
    expect(fill('Halo {name}, {missing}', { name: 'Kak' })).toBe('Halo Kak, {missing}');
  });

  it('leaves no double space or trailing space where a value is empty or spaced, on any line', () => {
    expect(fill('Cek {warning} lalu isi ulang.', { warning: '' })).toBe('Cek lalu isi ulang.');
    expect(fill('Isi ulang {warning}', { warning: '' })).toBe('Isi ulang');
    expect(fill('A {x}\nB {y}\r\nC', { x: '', y: ' ' })).toBe('A\nB\r\nC');
    expect(fill('A {x}\u2028B', { x: '' })).toBe('A\u2028B');
    expect(fill('{x}  spasi', { x: 'dua' })).toBe('dua spasi');
    // Nothing to tidy: the text as filled, leading space and all.
    expect(fill(' {x}-{y} ok', { x: 'a', y: 'b' })).toBe(' a-b ok');
  });
});

describe('wrap', () => {
  const text = 'Menurut sistem, pulsa Rp50.000 ke 081234567890 sudah sukses dengan SN 0412345678901234567890123.';

  it('keeps every line within a 58 mm receipt of 32 columns', () => {
    const lines = wrap(text, 32).split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(32);
  });

  it('loses no word', () => {
    expect(wrap(text, 32).replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
  });

  it('keeps paragraphs apart', () => {
    expect(wrap('a b\n\nc d', 32)).toBe('a b\n\nc d');
  });

  it('indents the continuation of a list item', () => {
    expect(wrap('- satu dua tiga empat lima enam', 12)).toBe('- satu dua\n  tiga empat\n  lima enam');
  });
});

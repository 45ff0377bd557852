import { describe, expect, it } from 'vitest';
import { fill, wrap } from '../../src/domain/template.js';

describe('fill', () => {
  it('replaces known placeholders and leaves unknown ones visible', () => {
    expect(fill('Halo {name}, {missing}', { name: 'Kak' })).toBe('Halo Kak, {missing}');
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

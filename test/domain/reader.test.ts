import { describe, expect, it } from 'vitest';
import { placeholdersIn } from '../../src/domain/reader.js';

describe('placeholdersIn', () => {
  it('finds what /\\{([^}]*)\\}/g finds, in texts with stray and nested braces', () => {
    const texts = [
      '', 'tanpa isian', '{ref}', 'Kasus {ref} untuk {number}.', '{a}{b}', '{}', '{{ref}}', '{a {b}', 'a } b {c',
      '{unclosed', 'closed} only', '{x}}{y', '{ {ref} }', '{code.telkomsel} lalu {code.xl}', '}{', '{a\n}',
    ];
    for (const text of texts) expect(placeholdersIn(text), text).toEqual([...text.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]));
  });
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasOwnCatalogue, loadCatalogue, loadMessages, messagesIn } from '../src/data/load.js';
import { lazyTranslator, translator, type Catalogue } from '../src/domain/messages.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('message catalogue', () => {
  const catalogue = loadCatalogue();

  it('has every message in Indonesian and English', () => {
    for (const [key, text] of Object.entries(catalogue)) {
      if (key.startsWith('$')) continue;
      expect(text.id, key).toBeTruthy();
      expect(text.en, key).toBeTruthy();
    }
  });

  it('lists each key once (JSON would silently keep only the last of two)', () => {
    const keys = [...readFileSync('messages/catalogue.json', 'utf8').matchAll(/^\s*"([^"]+)":/gm)].map((m) => m[1]!);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('has every key the code asks for', () => {
    const used = new Set<string>();
    for (const file of sourceFiles('src')) {
      const code = readFileSync(file, 'utf8');
      for (const [, key] of code.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z.]+)'/g)) used.add(key!);
      for (const [, key] of code.matchAll(/PulsaError\('([a-zA-Z]+\.[a-zA-Z]+)'/g)) used.add(key!);
      for (const [, key] of code.matchAll(/reasonKey: '([a-zA-Z]+\.[a-zA-Z]+)'/g)) used.add(key!);
    }
    expect(used.size).toBeGreaterThan(20);
    for (const key of used) expect(catalogue[key], key).toBeDefined();
  });
});

describe('help catalogue (messages/help.json)', () => {
  const raw = readFileSync('messages/help.json', 'utf8');
  const help = JSON.parse(raw) as Record<string, { id: string; en: string }>;
  const keys = Object.keys(help).filter((k) => !k.startsWith('$'));
  const placeholders = (text: string) => [...text.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();

  it('has every text in Indonesian and English, with the same placeholders, each key once', () => {
    for (const key of keys) {
      expect(help[key]!.id, key).toBeTruthy();
      expect(help[key]!.en, key).toBeTruthy();
      expect(placeholders(help[key]!.id), key).toEqual(placeholders(help[key]!.en));
    }
    const listed = [...raw.matchAll(/^\s*"([^"]+)":/gm)].map((m) => m[1]!);
    expect(listed.filter((k, i) => listed.indexOf(k) !== i)).toEqual([]);
  });

  it('shares no key with the message catalogue, so each text has one home', () => {
    const catalogue = loadCatalogue();
    expect(keys.filter((k) => k in catalogue)).toEqual([]);
  });

  it('has every help and usage key the code names, and no key the code never names', () => {
    const code = sourceFiles('src').map((file) => readFileSync(file, 'utf8')).join('\n');
    const used = new Set([...code.matchAll(/'((?:help|usage)\.[a-zA-Z.]+)'/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(100);
    for (const key of used) expect(help[key], key).toBeDefined();
    // Titles are looked up from Commander's own headings.
    expect(keys.filter((k) => !used.has(k) && !k.startsWith('help.title.'))).toEqual([]);
  });
});

describe('lazyTranslator', () => {
  it("reads one language's messages at the first message only, once, and says what translator() says", () => {
    for (const lang of ['id', 'en'] as const) {
      let reads = 0;
      const t = lazyTranslator(() => (reads++, loadMessages(lang)));
      expect(reads).toBe(0);
      const eager = translator(loadCatalogue(), lang);
      for (const key of Object.keys(loadCatalogue()).filter((k) => !k.startsWith('$'))) {
        expect(t(key, { ref: 'KP-20261206-0001', count: 2 }), key).toBe(eager(key, { ref: 'KP-20261206-0001', count: 2 }));
      }
      // A name every object has is no message either.
      for (const key of ['no.such.key', 'constructor', 'toString', '__proto__', '$comment']) expect(t(key)).toBe(eager(key));
      expect(t('constructor')).toBe('constructor');
      expect(reads).toBe(1);
    }
  });
});

describe('messagesIn', () => {
  it("takes one language's texts, leaving out comments and entries without that language (their key shows instead)", () => {
    const catalogue = { $comment: 'x', a: { id: 'A', en: 'a' }, b: null, c: { en: 'only English' } } as unknown as Catalogue;
    expect(messagesIn(catalogue, 'id')).toEqual({ a: 'A' });
    expect(messagesIn(catalogue, 'en')).toEqual({ a: 'a', c: 'only English' });
    expect(lazyTranslator(() => messagesIn(catalogue, 'id'))('b')).toBe('b');
  });
});

describe('hasOwnCatalogue', () => {
  it('is decided once per folder, so a command keeps one catalogue even if the shop adds one while it runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulsa-doctor-'));
    try {
      expect(hasOwnCatalogue(dir)).toBe(false);
      writeFileSync(join(dir, 'catalogue.json'), '{}');
      expect(hasOwnCatalogue(dir)).toBe(false);
      const other = join(dir, 'other');
      mkdirSync(other);
      writeFileSync(join(other, 'catalogue.json'), '{}');
      expect(hasOwnCatalogue(other)).toBe(true);
      expect(hasOwnCatalogue('')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

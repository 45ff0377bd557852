import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../src/data/load.js';

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

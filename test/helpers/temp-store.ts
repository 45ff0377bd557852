import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh folder per test for a real store file; removed afterwards. */
export function useTempDir(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulsa-doctor-'));
    dirs.push(dir);
    return dir;
  };
}

/** Every case on disk for the store at `storePath`, read straight from the day files. */
export function storedCases(storePath: string): any[] {
  const dir = storePath.replace(/\.json$/, '.cases');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => /^\d{8}\.json$/.test(file))
    .sort()
    .flatMap((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')).cases);
}

/** The bytes of every file of the store, to prove a failed command left it untouched. */
export function storeSnapshot(storePath: string): Record<string, string> {
  const dir = storePath.replace(/\.json$/, '.cases');
  const files = [storePath, ...(existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : [])].filter((f) => existsSync(f));
  return Object.fromEntries(files.map((f) => [f, readFileSync(f, 'utf8')]));
}

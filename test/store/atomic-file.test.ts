import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceFile, writeFileAtomic } from '../../src/store/atomic-file.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const posix = process.platform !== 'win32';

describe.each([
  ['writeFileAtomic', writeFileAtomic],
  ['replaceFile', replaceFile],
] as const)('%s', (_, replace) => {
  it('replaces the file whole, with the mode asked for whatever the umask, and leaves no temp file', async () => {
    const dir = tempDir();
    const path = join(dir, 'store.json');
    writeFileSync(path, 'old', { mode: 0o644 });
    const previous = process.umask(0o077);
    try {
      await replace(path, '{"new": "isi baru \u2713"}', 0o640);
    } finally {
      process.umask(previous);
    }
    expect(readFileSync(path, 'utf8')).toBe('{"new": "isi baru \u2713"}');
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['store.json']);
  });

  it('fails with the system error and removes its temp file when the file cannot be replaced', async () => {
    const dir = tempDir();
    // A folder where the file should be: the rename over it fails.
    const path = join(dir, 'store.json');
    mkdirSync(join(path, 'inside'), { recursive: true });
    await expect(replace(path, 'new')).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST|EPERM)$/) });
    expect(readdirSync(dir)).toEqual(['store.json']);
    expect(readdirSync(path)).toEqual(['inside']);
  });

  it('fails with the system error when the folder is missing, and writes nothing', async () => {
    const dir = tempDir();
    await expect(replace(join(dir, 'gone', 'store.json'), 'new')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('writeFileAtomic', () => {
  it('writes bytes as they are', async () => {
    const path = join(tempDir(), 'photo.jpg');
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256);
    await writeFileAtomic(path, bytes);
    expect(Buffer.compare(readFileSync(path), Buffer.from(bytes))).toBe(0);
  });
});

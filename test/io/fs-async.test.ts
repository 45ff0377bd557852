import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as promises from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { open, readFile, realpath, rename, rm, stat } from '../../src/io/fs-async.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();

/** What a promise rejected with, as node:fs/promises reports it: code and message. */
async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as NodeJS.ErrnoException).code, message: (error as Error).message };
  }
  throw new Error('expected a failure');
}

describe('fs-async (node:fs/promises over callbacks)', () => {
  it('fails as node:fs/promises does: same code and message', async () => {
    const missing = join(tempDir(), 'nope', 'store.json');
    expect(await failure(readFile(missing, 'utf8'))).toEqual(await failure(promises.readFile(missing, 'utf8')));
    expect(await failure(open(missing, 'r'))).toEqual(await failure(promises.open(missing, 'r')));
    expect(await failure(stat(missing))).toEqual(await failure(promises.stat(missing)));
    expect(await failure(realpath(missing))).toEqual(await failure(promises.realpath(missing)));
    const dir = tempDir();
    writeFileSync(join(dir, 'taken'), '');
    expect(await failure(open(join(dir, 'taken'), 'wx'))).toMatchObject({ code: 'EEXIST' });
  });

  it('resolves a path through links as the system does', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    expect(await realpath(join(dir, 'link'))).toBe(await promises.realpath(join(dir, 'link')));
    symlinkSync(join(dir, 'loop'), join(dir, 'loop'));
    expect(await failure(realpath(join(dir, 'loop', 'x')))).toEqual(await failure(promises.realpath(join(dir, 'loop', 'x'))));
  });

  it('refuses every call on a closed handle, whose descriptor may already be another file’s', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a'), 'AAAA');
    writeFileSync(join(dir, 'b'), 'BBBB');
    const a = await open(join(dir, 'a'), 'r+');
    // Closing waits for a read under way.
    const reading = a.read(Buffer.alloc(4), 0, 4, 0);
    await a.close();
    expect((await reading).buffer.toString()).toBe('AAAA');
    const b = await open(join(dir, 'b'), 'r+');
    expect(await failure(a.read(Buffer.alloc(4), 0, 4, 0))).toEqual({ code: 'EBADF', message: 'file closed' });
    expect(await failure(a.write('XX'))).toEqual({ code: 'EBADF', message: 'file closed' });
    expect(await failure(a.sync())).toMatchObject({ code: 'EBADF' });
    await b.close();
    expect(readFileSync(join(dir, 'b'), 'utf8')).toBe('BBBB');
  });

  it('writes exactly the bytes asked for, from an offset, and a string whole', async () => {
    const path = join(tempDir(), 'out');
    const file = await open(path, 'w+', 0o600);
    const bytes = Buffer.from('0123456789');
    expect(await file.write(bytes, 2, 5)).toEqual({ bytesWritten: 5 });
    expect(await file.write(bytes, 8)).toEqual({ bytesWritten: 2 });
    expect(await file.write('é!')).toEqual({ bytesWritten: 3 });
    const back = Buffer.alloc(20);
    const { bytesRead } = await file.read(back, 0, 20, 0);
    expect(back.subarray(0, bytesRead).toString()).toBe('2345689é!');
    await file.sync();
    await file.close();
    await file.close(); // a second close is a no-op, as in finally blocks after an error
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('reads a whole file, larger than one read', async () => {
    const path = join(tempDir(), 'big.json');
    const text = JSON.stringify({ rows: Array.from({ length: 20_000 }, (_, i) => `baris ${i} ✓`) });
    writeFileSync(path, text);
    expect(await readFile(path, 'utf8')).toBe(text);
    expect((await readFile(path)).equals(readFileSync(path))).toBe(true);
    expect((await stat(path)).size).toBe(Buffer.byteLength(text));
  });

  it('renames and removes', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', 'one'), 'satu');
    await rename(join(dir, 'a', 'b', 'one'), join(dir, 'a', 'b', 'two'));
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['two']);
    await rm(join(dir, 'a'), { recursive: true, force: true });
    await rm(join(dir, 'a'), { force: true });
    expect(existsSync(join(dir, 'a'))).toBe(false);
  });
});

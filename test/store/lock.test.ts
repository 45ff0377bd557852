import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { describe, expect, it, vi } from 'vitest';
import { LOCK_STALE_MS, lockStore } from '../../src/store/json/lock.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the store lock', () => {
  it('is a folder beside the store while held, gone once released', async () => {
    const path = join(tempDir(), 'store.json');
    const lock = await lockStore(path);
    expect(statSync(`${path}.lock`).isDirectory()).toBe(true);
    lock.assertHeld();
    await lock.release();
    expect(existsSync(`${path}.lock`)).toBe(false);
    // Released twice is still released, and takes nothing of anyone else's.
    mkdirSync(`${path}.lock`);
    await lock.release();
    expect(existsSync(`${path}.lock`)).toBe(true);
  });

  it("is not taken while another counter's is fresh, by this build or one using proper-lockfile", async () => {
    const path = join(tempDir(), 'store.json');
    const theirs = await lockfile.lock(path, { realpath: false, lockfilePath: `${path}.lock` });
    await expect(lockStore(path, { waitMs: 200 })).rejects.toMatchObject({ key: 'error.storeBusy', exitCode: 3 });
    await theirs();
    const ours = await lockStore(path);
    await expect(lockfile.lock(path, { realpath: false, lockfilePath: `${path}.lock`, stale: LOCK_STALE_MS })).rejects.toMatchObject({ code: 'ELOCKED' });
    await ours.release();
  });

  it('takes over a lock left by a process that stopped refreshing it', async () => {
    const path = join(tempDir(), 'store.json');
    mkdirSync(`${path}.lock`);
    const past = (Date.now() - LOCK_STALE_MS - 1000) / 1000;
    utimesSync(`${path}.lock`, past, past);
    const lock = await lockStore(path, { waitMs: 0 });
    expect(statSync(`${path}.lock`).mtimeMs).toBeGreaterThan(Date.now() - 1000);
    await lock.release();
  });

  it('knows when another process took it over, and leaves that process its lock', async () => {
    const path = join(tempDir(), 'store.json');
    const lock = await lockStore(path);
    // What a counter that judged it stale does: removes it and takes its own.
    rmdirSync(`${path}.lock`);
    mkdirSync(`${path}.lock`);
    const past = (Date.now() - 60_000) / 1000;
    utimesSync(`${path}.lock`, past, past);
    expect(() => lock.assertHeld()).toThrow(expect.objectContaining({ key: 'error.storeLockLost', exitCode: 3 }));
    await expect(lock.release()).rejects.toMatchObject({ key: 'error.storeLockLost' });
    expect(existsSync(`${path}.lock`)).toBe(true);
    // Released without asking first: still not removed from under the other process.
    rmdirSync(`${path}.lock`);
    const second = await lockStore(path);
    rmdirSync(`${path}.lock`);
    mkdirSync(`${path}.lock`);
    utimesSync(`${path}.lock`, past, past);
    await expect(second.release()).rejects.toMatchObject({ key: 'error.storeLockLost' });
    expect(existsSync(`${path}.lock`)).toBe(true);
  });

  it('is refreshed by a write that asks for it once a second has passed', async () => {
    const path = join(tempDir(), 'store.json');
    const lock = await lockStore(path);
    const taken = statSync(`${path}.lock`).mtimeMs;
    lock.assertHeld();
    expect(statSync(`${path}.lock`).mtimeMs).toBe(taken);
    // Held without the event loop turning (a long synchronous save): only assertHeld can refresh it.
    const until = Date.now() + 1100;
    while (Date.now() < until);
    lock.assertHeld();
    expect(statSync(`${path}.lock`).mtimeMs).toBeGreaterThan(taken);
    await lock.release();
  });

  it('is kept fresh by a timer while its holder waits on the event loop', async () => {
    const path = join(tempDir(), 'store.json');
    const lock = await lockStore(path);
    const taken = statSync(`${path}.lock`).mtimeMs;
    await sleep(2300);
    expect(statSync(`${path}.lock`).mtimeMs).toBeGreaterThan(taken + 1000);
    lock.assertHeld();
    await lock.release();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('is removed when its holder is stopped by a signal, which still ends the process', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const path = join(tempDir(), 'store.json');
      // The built module (npm test builds first), in a process of its own that holds the lock and waits.
      const holder = spawn(process.execPath, ['--input-type=module', '-e', `
        const { lockStore } = await import(${JSON.stringify(join(process.cwd(), 'dist/store/json/lock.js'))});
        await lockStore(${JSON.stringify(path)});
        process.stdout.write('held');
        setInterval(() => {}, 1000);
      `], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      expect(existsSync(`${path}.lock`)).toBe(true);
      holder.kill(signal);
      const [code, by] = await new Promise<[number | null, string | null]>((resolve) => holder.on('exit', (c, s) => resolve([c, s])));
      expect([code, by]).toEqual([null, signal]);
      expect(existsSync(`${path}.lock`)).toBe(false);
    }
  });

  it('takes over a stale lock one counter at a time: not while another holds the takeover guard, unless that guard is stale too', async () => {
    const path = join(tempDir(), 'store.json');
    const stale = (Date.now() - LOCK_STALE_MS - 1000) / 1000;
    mkdirSync(`${path}.lock`);
    utimesSync(`${path}.lock`, stale, stale);
    // Another counter is taking it over right now.
    mkdirSync(`${path}.lock.takeover`);
    await expect(lockStore(path, { waitMs: 200 })).rejects.toMatchObject({ key: 'error.storeBusy' });
    expect(statSync(`${path}.lock`).mtimeMs).toBeLessThan(Date.now() - LOCK_STALE_MS);
    // That counter was killed mid-takeover: its guard goes stale as a lock does.
    utimesSync(`${path}.lock.takeover`, stale, stale);
    const lock = await lockStore(path, { waitMs: 1000 });
    expect(existsSync(`${path}.lock.takeover`)).toBe(false);
    lock.assertHeld();
    await lock.release();
  });

  it('counts as lost before a write once it has gone unrefreshed for the stale time', async () => {
    const path = join(tempDir(), 'store.json');
    const lock = await lockStore(path);
    // This process was stopped (SIGSTOP, a laptop lid) and wakes with its lock looking stale to every other counter.
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + LOCK_STALE_MS + 500);
    try {
      expect(() => lock.assertHeld()).toThrow(expect.objectContaining({ key: 'error.storeLockLost' }));
    } finally {
      clock.mockRestore();
    }
    // Released, it says so; the stale folder is left for the next counter to take over.
    await expect(lock.release()).rejects.toMatchObject({ key: 'error.storeLockLost' });
    expect(existsSync(`${path}.lock`)).toBe(true);
  });

  it('is not removed on exit or a signal once another process has taken it over', async () => {
    for (const end of ['exit', 'SIGTERM'] as const) {
      const path = join(tempDir(), 'store.json');
      const past = (Date.now() - 60_000) / 1000;
      const holder = spawn(process.execPath, ['--input-type=module', '-e', `
        const { mkdirSync, rmdirSync, utimesSync } = await import('node:fs');
        const { lockStore } = await import(${JSON.stringify(join(process.cwd(), 'dist/store/json/lock.js'))});
        const lock = ${JSON.stringify(path)} + '.lock';
        await lockStore(${JSON.stringify(path)});
        // Another counter judged it stale and took it over.
        rmdirSync(lock);
        mkdirSync(lock);
        utimesSync(lock, ${past}, ${past});
        if (${JSON.stringify(end)} === 'exit') process.exit(0);
        process.stdout.write('taken over');
        setInterval(() => {}, 1000);
      `], { stdio: ['ignore', 'pipe', 'inherit'] });
      if (end === 'SIGTERM') {
        await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
        holder.kill('SIGTERM');
      }
      await new Promise((resolve) => holder.on('exit', resolve));
      expect(existsSync(`${path}.lock`), end).toBe(true);
    }
  });

  it('listens once per signal however many locks are held, and not at all once none is', async () => {
    const dir = tempDir();
    const before = process.listenerCount('SIGINT');
    const warnings: Error[] = [];
    const warn = (warning: Error) => warnings.push(warning);
    process.on('warning', warn);
    const locks = await Promise.all(Array.from({ length: 12 }, (_, i) => lockStore(join(dir, `store${i}.json`))));
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    for (const lock of locks) await lock.release();
    expect(process.listenerCount('SIGINT')).toBe(before);
    await sleep(10);
    process.removeListener('warning', warn);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('is held by one process at a time while counters save and some die holding it, their locks taken over', async () => {
    const path = join(tempDir(), 'store.json');
    // Each process takes the lock 25 times, marks its turn with a file no two may hold, and now and then leaves the
    // lock behind as a killed counter would (already stale), which the others must take over one at a time.
    const worker = `
      const { openSync, closeSync, unlinkSync, utimesSync } = await import('node:fs');
      const { lockStore } = await import(${JSON.stringify(join(process.cwd(), 'dist/store/json/lock.js'))});
      const path = ${JSON.stringify(path)};
      const problems = [];
      for (let i = 0; i < 25; i++) {
        const lock = await lockStore(path, { waitMs: 60000 });
        lock.assertHeld();
        closeSync(openSync(path + '.turn', 'wx'));
        await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 4));
        try { lock.assertHeld(); } catch (error) { problems.push(error.key); }
        unlinkSync(path + '.turn');
        if (Math.random() < 1 / 6) {
          // Dies holding it: the lock is left behind, already stale, and this process goes on as a new counter.
          const past = (Date.now() - 10000) / 1000;
          utimesSync(path + '.lock', past, past);
          continue;
        }
        await lock.release();
      }
      process.stdout.write(JSON.stringify(problems));
      process.exit(0);
    `;
    const runs = await Promise.all(
      Array.from({ length: 6 }, () => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', worker], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.on('exit', (code) => resolve({ code, out, err }));
      })),
    );
    for (const run of runs) {
      // A second holder would fail on the turn file (EEXIST) or find its lock lost.
      expect(run.err).toBe('');
      expect([run.code, run.out]).toEqual([0, '[]']);
    }
  });
});

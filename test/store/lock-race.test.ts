import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTempDir } from '../helpers/temp-store.js';

// statSync as the lock sees it, with hooks to play another counter just before or just after a look.
let beforeStat: ((path: string) => void) | undefined;
let afterStat: ((path: string) => void) | undefined;
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    statSync: (path: fs.PathLike, options?: fs.StatSyncOptions) => {
      beforeStat?.(String(path));
      try {
        return real.statSync(path, options);
      } finally {
        afterStat?.(String(path));
      }
    },
  };
});

const { LOCK_STALE_MS, lockStore } = await import('../../src/store/json/lock.js');
const tempDir = useTempDir();
afterEach(() => {
  beforeStat = undefined;
  afterStat = undefined;
});

describe('taking over a stale lock, at the moments another counter acts', () => {
  it('never removes a lock that was gone when looked at again: another counter may be making it', async () => {
    const path = join(tempDir(), 'store.json');
    const lockPath = `${path}.lock`;
    const stale = (Date.now() - LOCK_STALE_MS - 1000) / 1000;
    fs.mkdirSync(lockPath);
    fs.utimesSync(lockPath, stale, stale);
    let looks = 0;
    beforeStat = (p) => {
      // The second look is the one made under the takeover guard. Just before it, the stale lock's last holder
      // (an earlier build, which takes no guard) removed it; just after it, another counter makes a fresh one.
      if (p !== lockPath || ++looks !== 2) return;
      fs.rmdirSync(lockPath);
      afterStat = () => {
        afterStat = undefined;
        fs.mkdirSync(lockPath);
      };
    };
    await expect(lockStore(path, { waitMs: 0 })).rejects.toMatchObject({ key: 'error.storeBusy' });
    // The other counter's fresh lock is still there.
    expect(fs.statSync(lockPath).mtimeMs).toBeGreaterThan(Date.now() - 1000);
  });
});

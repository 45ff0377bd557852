/**
 * The cross-process store lock (proper-lockfile: an atomic mkdir of `<head>.lock`, its mtime refreshed while
 * held). Retried here against a deadline rather than by proper-lockfile's back-off, so the documented wait is
 * the real one.
 */
import { mkdirSync, realpathSync, rmdirSync, statSync, utimesSync } from 'node:fs';
import { EXIT, PulsaError } from '../../errors.js';

/** A lock not refreshed for this long belongs to a process that was killed: it is taken over. */
export const LOCK_STALE_MS = 4000;
/** How often a held lock is refreshed; well inside the stale time, so a busy but living writer keeps it. */
const LOCK_UPDATE_MS = 1000;
export const LOCK_WAIT_MS = 15_000;

export interface HeldLock {
  /** Throws a clear error when another process took the lock over because this one was stopped too long. */
  assertHeld(): void;
  release(): Promise<void>;
}

export interface LockWaitOptions {
  waitMs?: number;
  onWait?: () => void;
}

// The calls proper-lockfile's synchronous mode makes. That mode copies every property of the fs it is given,
// and node:fs's `promises` getter would load node:fs/promises with readline behind it (3-4 ms of a save).
const LOCK_FS = { mkdirSync, realpathSync, rmdirSync, statSync, utimesSync };

export async function lockStore(path: string, options: LockWaitOptions = {}): Promise<HeldLock> {
  // Loaded here, not at the top: commands that only read the store never pay for the locking library.
  const { default: lockfile } = await import('proper-lockfile');
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const deadline = Date.now() + waitMs;
  const notice = options.onWait ? setTimeout(options.onWait, 1000) : undefined;
  let compromised = false;
  try {
    for (;;) {
      try {
        // Synchronous, as the store's other file calls (see case-store.ts); retried here, so one attempt a call.
        const release = lockfile.lockSync(path, {
          fs: LOCK_FS,
          realpath: false,
          lockfilePath: `${path}.lock`,
          stale: LOCK_STALE_MS,
          update: LOCK_UPDATE_MS,
          retries: 0,
          // The default throws from a timer, which would end the process with a raw ECOMPROMISED stack trace.
          onCompromised: () => {
            compromised = true;
          },
        });
        const assertHeld = () => {
          if (compromised) throw new PulsaError('error.storeLockLost', { path }, EXIT.store);
        };
        return {
          assertHeld,
          release: async () => {
            try {
              release();
            } catch (error) {
              if (!compromised && (error as NodeJS.ErrnoException).code !== 'ERELEASED') throw error;
            }
            assertHeld();
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
          throw new PulsaError('error.storeUnreadable', { path, reason: (error as Error).message }, EXIT.store);
        }
        if (Date.now() >= deadline) throw new PulsaError('error.storeBusy', { path }, EXIT.store);
        await new Promise((resolve) => setTimeout(resolve, 40 + Math.random() * 80));
      }
    }
  } finally {
    clearTimeout(notice);
  }
}

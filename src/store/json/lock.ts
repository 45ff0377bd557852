/**
 * The cross-process store lock: an atomic mkdir of `<head>.lock`, its mtime refreshed while held, taken over by
 * the next counter once it has not been refreshed for LOCK_STALE_MS. This is proper-lockfile's protocol, which
 * earlier builds used and which a counter still running one follows: each sees the other's lock.
 *
 * Written here rather than taken from proper-lockfile because of what a save pays for it. Loading the library
 * (with signal-exit, which hooks every signal at load), its mtime probe and its refresh timer cost about 1.4 ms
 * of a diagnose that spends 15 in its own code; Node sets up its timers on the first one a process makes. Here
 * a save that is done before the event loop turns (every ordinary save: the store's file calls are synchronous)
 * makes no timer: the lock is refreshed when a write asks whether it is still held (assertHeld, before every
 * write), and the refresh timer starts only once the holder lets the event loop turn (a copy, a repair, a
 * backup reading day by day, a file copied in). Retried against a deadline, so the documented wait is the real one.
 */
import { mkdirSync, rmdirSync, statSync, utimesSync } from 'node:fs';
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

/** Signals that end a process: a lock held when one comes is removed first, as proper-lockfile did. */
const ENDING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function lockStore(path: string, options: LockWaitOptions = {}): Promise<HeldLock> {
  const lockPath = `${path}.lock`;
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const deadline = Date.now() + waitMs;
  // Made only when the lock is not free at once: most saves never wait.
  let notice: NodeJS.Timeout | undefined;
  try {
    for (;;) {
      const mtime = tryLock(lockPath, path);
      if (mtime !== undefined) return new Lock(lockPath, path, mtime);
      if (Date.now() >= deadline) throw new PulsaError('error.storeBusy', { path }, EXIT.store);
      if (options.onWait && !notice) notice = setTimeout(options.onWait, 1000);
      await new Promise((resolve) => setTimeout(resolve, 40 + Math.random() * 80));
    }
  } finally {
    clearTimeout(notice);
  }
}

/** The new lock's mtime when it was taken; undefined when another process holds it. */
function tryLock(lockPath: string, path: string): number | undefined {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(lockPath);
      return statSync(lockPath).mtimeMs;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) return failed(error, path);
    }
    // Held: taken over only when its holder stopped refreshing it (a killed process), and then once.
    let held: number;
    try {
      held = statSync(lockPath).mtimeMs;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      return failed(error, path);
    }
    if (held >= Date.now() - LOCK_STALE_MS) return undefined;
    try {
      rmdirSync(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return failed(error, path);
    }
  }
  return undefined;
}

/** EEXIST after a takeover is another counter that was quicker; anything else is a store that cannot be locked. */
function failed(error: unknown, path: string): undefined {
  if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
  throw new PulsaError('error.storeUnreadable', { path, reason: (error as Error).message }, EXIT.store);
}

class Lock implements HeldLock {
  private lastRefresh = Date.now();
  private compromised = false;
  private released = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly turned: NodeJS.Immediate;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.end();
    // Then die of the signal, as with no listener; unless someone else listens and decides.
    if (process.listenerCount(signal) > 0) return;
    try {
      process.kill(process.pid, signal);
    } catch {
      process.exit(signal === 'SIGINT' ? EXIT.interrupted : EXIT.failure);
    }
  };
  private readonly onExit = () => this.end();

  constructor(
    private readonly lockPath: string,
    private readonly path: string,
    /** The mtime this process last gave the lock: any other means another process has it now. */
    private mtime: number,
  ) {
    // The event loop turning while the lock is held means a long hold: from then on a timer keeps it fresh.
    this.turned = setImmediate(() => this.keepFresh());
    for (const signal of ENDING_SIGNALS) process.on(signal, this.onSignal);
    process.on('exit', this.onExit);
  }

  assertHeld(): void {
    if (!this.compromised && !this.released) this.check(Date.now() - this.lastRefresh >= LOCK_UPDATE_MS);
    if (this.compromised) throw new PulsaError('error.storeLockLost', { path: this.path }, EXIT.store);
  }

  async release(): Promise<void> {
    if (this.released) return;
    // Not another process's lock: one that took this over is not removed from under it.
    if (!this.compromised) this.check(false);
    this.end();
    this.assertHeld();
  }

  /** Whether the lock is still this process's (else it is compromised), refreshing it when `refresh`. */
  private check(refresh: boolean): void {
    try {
      if (statSync(this.lockPath).mtimeMs !== this.mtime) {
        this.compromised = true;
        return;
      }
      if (!refresh) return;
      const now = new Date();
      utimesSync(this.lockPath, now, now);
      this.mtime = statSync(this.lockPath).mtimeMs;
      this.lastRefresh = now.getTime();
    } catch (error) {
      // Gone (another process judged it stale and then released it), or past the stale time without a refresh.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || Date.now() - this.lastRefresh >= LOCK_STALE_MS) this.compromised = true;
    }
  }

  private keepFresh(): void {
    if (this.released || this.timer) return;
    this.timer = setInterval(() => {
      if (!this.compromised) this.check(true);
    }, LOCK_UPDATE_MS);
    this.timer.unref();
  }

  /** Stops refreshing and removes the lock when it is still this process's; called once. */
  private end(): void {
    if (this.released) return;
    this.released = true;
    clearImmediate(this.turned);
    clearInterval(this.timer);
    for (const signal of ENDING_SIGNALS) process.removeListener(signal, this.onSignal);
    process.removeListener('exit', this.onExit);
    if (this.compromised) return;
    try {
      rmdirSync(this.lockPath);
    } catch {
      // Already gone: nothing of this process's to remove.
    }
  }
}

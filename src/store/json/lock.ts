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
 *
 * A lock is this process's while its mtime is the one this process gave it; before a write, one left unrefreshed
 * for the stale time counts as lost too, since another counter may be taking it over. A takeover is made by one
 * counter at a time (see takeOverIfStale). On a file system that keeps times to the second, a lock taken over
 * within the second it was stamped looks the same to its old holder: the guard is what keeps two from holding it.
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

/** Signals that end a process: the locks held when one comes are removed first, as proper-lockfile did. */
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

/** The new lock's mtime, as this process stamped it; undefined when another process holds the lock. */
function tryLock(lockPath: string, path: string): number | undefined {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') unreadable(error, path);
      // Taken over and made again at once by another counter that was quicker: busy.
      if (attempt > 0 || !takeOverIfStale(lockPath, path)) return undefined;
      continue;
    }
    try {
      // This machine's time, not the file server's: other counters judge it by the clock that refreshes it.
      const now = new Date();
      utimesSync(lockPath, now, now);
      return statSync(lockPath).mtimeMs;
    } catch (error) {
      removeDir(lockPath, path);
      unreadable(error, path);
    }
  }
  return undefined;
}

/**
 * Removes a lock its holder stopped refreshing (a killed process); false when it is live. True too when the lock
 * is gone: the caller tries again. One counter at a time does this, holding `<lock>.takeover`, and looks again
 * once it holds it: otherwise one that saw the old lock stale could remove the fresh lock another had just taken
 * in its place, and both would write. A lock found gone is never removed: another counter may be making it at that
 * moment, through no guard. A counter on an earlier build does not take the guard; against it, a takeover is as
 * proper-lockfile made it.
 */
function takeOverIfStale(lockPath: string, path: string): boolean {
  const guard = `${lockPath}.takeover`;
  const seen = age(lockPath, path);
  if (seen !== 'stale') return seen === 'gone';
  try {
    mkdirSync(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') unreadable(error, path);
    // Another counter is taking it over; a guard left by one killed meanwhile goes stale as a lock does.
    if (age(guard, path) === 'stale') removeDir(guard, path);
    return false;
  }
  try {
    const now = age(lockPath, path);
    if (now === 'stale') removeDir(lockPath, path);
    return now !== 'fresh';
  } finally {
    removeDir(guard, path);
  }
}

/** Whether the folder was refreshed within the stale time, was not, or is not there. */
function age(dir: string, path: string): 'fresh' | 'stale' | 'gone' {
  try {
    return statSync(dir).mtimeMs >= Date.now() - LOCK_STALE_MS ? 'fresh' : 'stale';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    unreadable(error, path);
  }
}

function removeDir(dir: string, path: string): void {
  try {
    rmdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable(error, path);
  }
}

/** A store whose lock cannot be made, looked at or removed. */
function unreadable(error: unknown, path: string): never {
  throw new PulsaError('error.storeUnreadable', { path, reason: (error as Error).message }, EXIT.store);
}

/** Locks this process holds: one listener per signal and for exit serves them all, while there is any. */
const held = new Set<Lock>();

function endAll(): void {
  for (const lock of [...held]) lock.end();
}

function onSignal(signal: NodeJS.Signals): void {
  endAll();
  // Then die of the signal, as with no listener; unless someone else listens and decides.
  if (process.listenerCount(signal) > 0) return;
  try {
    process.kill(process.pid, signal);
  } catch {
    process.exit(signal === 'SIGINT' ? EXIT.interrupted : EXIT.failure);
  }
}

function track(lock: Lock): void {
  if (held.size === 0) {
    for (const signal of ENDING_SIGNALS) process.on(signal, onSignal);
    process.on('exit', endAll);
  }
  held.add(lock);
}

function untrack(lock: Lock): void {
  if (!held.delete(lock) || held.size > 0) return;
  for (const signal of ENDING_SIGNALS) process.removeListener(signal, onSignal);
  process.removeListener('exit', endAll);
}

class Lock implements HeldLock {
  private lastRefresh = Date.now();
  private compromised = false;
  private released = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly turned: NodeJS.Immediate;

  constructor(
    private readonly lockPath: string,
    private readonly path: string,
    /** The mtime this process last gave the lock: any other means another process has it now. */
    private mtime: number,
  ) {
    // The event loop turning while the lock is held means a long hold: from then on a timer keeps it fresh.
    this.turned = setImmediate(() => this.keepFresh());
    track(this);
  }

  assertHeld(): void {
    if (!this.compromised && !this.released) this.check({ refresh: Date.now() - this.lastRefresh >= LOCK_UPDATE_MS, staleIsLost: true });
    if (this.compromised) throw new PulsaError('error.storeLockLost', { path: this.path }, EXIT.store);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.end();
    this.assertHeld();
  }

  /**
   * Whether the lock is still this process's, else it is compromised: its mtime is another's, it is gone, or (with
   * `staleIsLost`, before a write) it has gone unrefreshed so long that another counter may be taking it over.
   */
  private check({ refresh, staleIsLost }: { refresh: boolean; staleIsLost: boolean }): void {
    try {
      const mtime = statSync(this.lockPath).mtimeMs;
      if (mtime !== this.mtime || (staleIsLost && mtime < Date.now() - LOCK_STALE_MS)) {
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
      if (!this.compromised) this.check({ refresh: true, staleIsLost: true });
    }, LOCK_UPDATE_MS);
    this.timer.unref();
  }

  /** Stops refreshing and removes the lock, unless another process has it now (released, on exit or a signal). */
  end(): void {
    if (this.released) return;
    this.released = true;
    untrack(this);
    clearImmediate(this.turned);
    clearInterval(this.timer);
    if (!this.compromised) this.check({ refresh: false, staleIsLost: false });
    if (this.compromised) return;
    try {
      rmdirSync(this.lockPath);
    } catch {
      // Already gone: nothing of this process's to remove.
    }
  }
}

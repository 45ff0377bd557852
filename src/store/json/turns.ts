/**
 * The store's file calls are synchronous (see case-store.ts), so a long run of them (a copy reading every day
 * under the source's lock, a repair, a first save that rebuilds the indexes) would never let the event loop run.
 * The lock is kept fresh by a timer, and a lock not refreshed for 4 s is taken over by the next counter that
 * saves; Ctrl-C reaches its handler (which removes the lock) only from the event loop too.
 */

/** A function to await between steps of a long run: it lets the event loop take a turn once `everyMs` has passed. */
export function eventLoopTurns(everyMs = 100): () => Promise<void> {
  let last = Date.now();
  return async () => {
    if (Date.now() - last < everyMs) return;
    // Two turns: the first may come before the loop's timers in the iteration it resumes in.
    for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    last = Date.now();
  };
}

/**
 * Batch's duplicate checks on a second thread. They are the one part of a row's checks that depends on earlier
 * rows, and most of their cost is cache misses in tables of tens of megabytes; on another core they run while
 * this thread reads and checks the next chunks of rows. Only numbers cross, through shared memory: a ring of
 * SLOTS chunks, keys written in place and answers read in place, with Atomics counting what was sent and what
 * is done. Messages were tried first: each answer waited for a turn of the event loop, which cost more than the
 * thread saved.
 */
import { ANSWER_WIDTH, DuplicateIndex, KEY_WIDTH, SN_MEMORY } from '../domain/duplicate-index.js';

/** Most rows in one chunk of keys. */
export const SLOT_ROWS = 4096;
/** Chunks in the ring: how far the rows read may run ahead of the answers used. */
export const SLOTS = 8;

/** The shared ring's layout; the worker reads the same. */
export const RING = {
  /** Int32 counters: chunks sent, chunks answered, whether the worker sleeps, then each slot's row count (-1: stop). */
  SENT: 0,
  DONE: 1,
  SLEEPING: 2,
  COUNTS: 4,
  controlBytes: 64,
  keysBytes: SLOT_ROWS * KEY_WIDTH * 8,
  answersBytes: SLOT_ROWS * ANSWER_WIDTH * 8,
} as const;

/** Answers chunks of keys, here or on another thread, in the order they were sent. */
export interface DuplicateResolver {
  /** Where the next chunk's keys go (room for SLOT_ROWS rows). */
  nextKeys(): Float64Array;
  /** Sends the keys of `count` rows written into nextKeys(); returns the chunk's ticket. */
  submit(count: number): number;
  /** Whether the chunk's answers are back. */
  done(ticket: number): boolean;
  /** The chunk's answers; read them before SLOTS more chunks are sent. */
  answers(ticket: number): Float64Array | Promise<Float64Array>;
  close(): Promise<void>;
}

/**
 * The index on this thread: for small files, where starting a thread costs more than it saves. `expectedSns`:
 * about how many SNs the input may hold, when known (see SnIndex).
 */
export function duplicatesHere(windowMinutes: number, snMemory = SN_MEMORY, expectedSns?: number): DuplicateResolver {
  const index = new DuplicateIndex(windowMinutes, snMemory, undefined, expectedSns);
  const keys = new Float64Array(SLOT_ROWS * KEY_WIDTH);
  const answers = new Float64Array(SLOT_ROWS * ANSWER_WIDTH);
  return {
    nextKeys: () => keys,
    submit: (count) => (index.resolve(keys, count, answers), 0),
    done: () => true,
    answers: () => answers,
    close: async () => {},
  };
}

/**
 * The SN tables on the thread fill to 90%, not 75%: 28 MB for two generations instead of 34, which keeps a
 * 10-million-row file near 150 MB with the thread's own V8 on top. The longer probes cost the thread, which
 * waits for rows most of the time anyway (10M dense rows: 9.7 s against 9.6 s).
 */
const THREAD_SN_LOAD = 0.9;

/** The compiled worker beside this module (dist/io/), which the bundle finds through tsc's layout. Made when a
 * batch starts a thread, not at load: the first URL of a process costs 0.2-0.3 ms. */
const workerFile = () => new URL('./duplicate-worker.js', import.meta.url);

export function slotKeys(shared: SharedArrayBuffer, slot: number): Float64Array {
  return new Float64Array(shared, RING.controlBytes + slot * (RING.keysBytes + RING.answersBytes), SLOT_ROWS * KEY_WIDTH);
}

export function slotAnswers(shared: SharedArrayBuffer, slot: number): Float64Array {
  return new Float64Array(shared, RING.controlBytes + slot * (RING.keysBytes + RING.answersBytes) + RING.keysBytes, SLOT_ROWS * ANSWER_WIDTH);
}

export function duplicatesOnThread(windowMinutes: number, snMemory = SN_MEMORY, file: URL = workerFile()): DuplicateResolver {
  const shared = new SharedArrayBuffer(RING.controlBytes + SLOTS * (RING.keysBytes + RING.answersBytes));
  const control = new Int32Array(shared, 0, RING.controlBytes / 4);
  const keys = Array.from({ length: SLOTS }, (_, slot) => slotKeys(shared, slot));
  const answers = Array.from({ length: SLOTS }, (_, slot) => slotAnswers(shared, slot));
  // Taken when a thread starts, not at load: node:worker_threads brings the stream modules with it, about 5 ms of
  // every batch on a slow machine, where most files never start a thread.
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const worker = new Worker(file, { workerData: { windowMinutes, snMemory, snLoad: THREAD_SN_LOAD, shared }, resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 } });
  let sent = 0;
  let failure: Error | undefined;
  let failed: (error: Error) => void = () => {};
  const failedPromise = new Promise<never>((_, reject) => (failed = reject));
  failedPromise.catch(() => {});
  const fail = (error: Error) => {
    failure ??= error;
    failed(failure);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the duplicate-check thread stopped (exit code ${code})`)));

  const send = (count: number) => {
    control[RING.COUNTS + (sent % SLOTS)] = count;
    Atomics.store(control, RING.SENT, ++sent);
    // A wake-up is a system call: only for a sleeping worker. It marks itself before it checks SENT and sleeps,
    // and SENT is stored before SLEEPING is read here, so either it sees this chunk or this sees it asleep.
    if (Atomics.load(control, RING.SLEEPING) === 1) Atomics.notify(control, RING.SENT);
  };
  return {
    nextKeys: () => keys[sent % SLOTS]!,
    submit(count) {
      if (sent - Atomics.load(control, RING.DONE) >= SLOTS) throw new Error('duplicate-check ring overrun: answers not read');
      send(count);
      return sent - 1;
    },
    done: (ticket) => Atomics.load(control, RING.DONE) > ticket,
    answers(ticket) {
      if (Atomics.load(control, RING.DONE) > ticket) return answers[ticket % SLOTS]!;
      return (async () => {
        for (;;) {
          if (failure) throw failure;
          const done = Atomics.load(control, RING.DONE);
          if (done > ticket) return answers[ticket % SLOTS]!;
          // Awaited, not blocked on: the worker's error and exit events can still arrive.
          const wait = Atomics.waitAsync(control, RING.DONE, done);
          if (wait.async) await Promise.race([wait.value, failedPromise]);
        }
      })();
    },
    async close() {
      worker.removeAllListeners('exit');
      send(-1);
      await worker.terminate();
    },
  };
}

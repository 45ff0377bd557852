/**
 * The worker thread of io/duplicate-thread: a DuplicateIndex answering the ring's chunks in order. It blocks on
 * Atomics.wait between chunks: it has nothing else to do, and needs no event loop.
 */
import { workerData } from 'node:worker_threads';
import { DuplicateIndex } from '../domain/duplicate-index.js';
import { RING, SLOTS, slotAnswers, slotKeys } from './duplicate-thread.js';

const { windowMinutes, snMemory, snLoad, shared } = workerData as { windowMinutes: number; snMemory: number; snLoad: number; shared: SharedArrayBuffer };
const control = new Int32Array(shared, 0, RING.controlBytes / 4);
const keys = Array.from({ length: SLOTS }, (_, slot) => slotKeys(shared, slot));
const answers = Array.from({ length: SLOTS }, (_, slot) => slotAnswers(shared, slot));
const index = new DuplicateIndex(windowMinutes, snMemory, snLoad);

let done = 0;
for (;;) {
  Atomics.store(control, RING.SLEEPING, 1);
  Atomics.wait(control, RING.SENT, done);
  Atomics.store(control, RING.SLEEPING, 0);
  const sent = Atomics.load(control, RING.SENT);
  for (; done < sent; ) {
    const slot = done % SLOTS;
    const count = control[RING.COUNTS + slot]!;
    if (count < 0) process.exit(0);
    index.resolve(keys[slot]!, count, answers[slot]!);
    Atomics.store(control, RING.DONE, ++done);
    Atomics.notify(control, RING.DONE);
  }
}

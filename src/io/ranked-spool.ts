/**
 * Text in a few ranks, added in any order and read back rank by rank (each rank in the order it was added),
 * with memory bounded by `budget` bytes whatever the total: when the bytes held pass the budget, the largest
 * rank's go to a temporary file. So a listing of a store's whole history can be written most urgent first
 * from a single read of the store, without holding the store (or its output) in memory.
 *
 * Text is kept as UTF-8 in large buffers, not as strings: it is encoded once, written to the file and read
 * back as bytes, and goes out as bytes, and the garbage collector never sees a string per item live for long.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { open, type FileHandle } from './fs-async.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** About two thousand cases' JSON: a shop's working set seldom touches the disk, and memory stays well under 150 MB. */
export const SPOOL_BUDGET = 4 * 1024 * 1024;

const CHUNK = 1024 * 1024;

interface Rank {
  /** Filled buffers and how much of each is used, oldest first. */
  full: { chunk: Buffer; used: number }[];
  /** The buffer being filled and how much of it is. */
  current: Buffer | undefined;
  used: number;
  held: number;
  file: FileHandle | undefined;
}

export class RankedSpool {
  private readonly ranks: Rank[];
  private held = 0;
  /**
   * Buffers written to a file, to fill again. Reused rather than dropped: dead buffers live outside the heap,
   * and V8 lets tens of megabytes of them pile up before it collects them.
   */
  private readonly free: Buffer[] = [];
  private dir: string | undefined;
  private readonly removeOnExit = () => this.removeDir();

  constructor(
    ranks: number,
    private readonly budget = SPOOL_BUDGET,
  ) {
    this.ranks = Array.from({ length: ranks }, () => ({ full: [], current: undefined, used: 0, held: 0, file: undefined }));
  }

  /** Adds text to a rank (0 is read first); call `settle` now and then so the budget is kept. */
  add(rank: number, text: string): void {
    const r = this.ranks[rank]!;
    // A UTF-16 unit takes at most 3 bytes in UTF-8, so this much room always holds the text.
    const room = text.length * 3;
    if (!r.current || r.used + room > r.current.length) {
      this.retireCurrent(r);
      r.current = room <= CHUNK ? (this.free.pop() ?? Buffer.allocUnsafe(CHUNK)) : Buffer.allocUnsafe(room);
    }
    const bytes = r.current.write(text, r.used);
    r.used += bytes;
    r.held += bytes;
    this.held += bytes;
  }

  /** Moves the largest ranks to their files until what is held fits the budget. */
  async settle(): Promise<void> {
    while (this.held > this.budget) {
      let largest = this.ranks[0]!;
      for (const r of this.ranks) if (r.held > largest.held) largest = r;
      await this.spill(largest);
    }
  }

  /**
   * Every rank's bytes in order; the temporary files are gone once this ends, however it ends. A buffer given
   * may be filled again once the next is asked for: write it out (waiting for "drain") before asking.
   */
  async *read(): AsyncGenerator<Buffer> {
    try {
      const buffer = this.free.pop() ?? Buffer.allocUnsafe(CHUNK);
      for (const r of this.ranks) {
        // What was spilled came before what is still held.
        if (r.file) {
          for (let position = 0; ; ) {
            const { bytesRead } = await r.file.read(buffer, 0, CHUNK, position);
            if (bytesRead === 0) break;
            position += bytesRead;
            yield buffer.subarray(0, bytesRead);
          }
        }
        this.retireCurrent(r);
        for (const { chunk, used } of r.full) yield chunk.subarray(0, used);
        r.full = [];
      }
    } finally {
      await this.close();
    }
  }

  /** Drops everything and removes the temporary files (also when the spool was never read). */
  async close(): Promise<void> {
    for (const r of this.ranks) {
      const file = r.file;
      r.file = undefined;
      await file?.close().catch(() => {});
    }
    this.removeDir();
  }

  /** The folder holding the spilled files, if any: for tests. */
  get spillFolder(): string | undefined {
    return this.dir;
  }

  private retireCurrent(r: Rank): void {
    if (r.current && r.used) r.full.push({ chunk: r.current, used: r.used });
    else if (r.current?.length === CHUNK) this.free.push(r.current);
    r.current = undefined;
    r.used = 0;
  }

  private async spill(r: Rank): Promise<void> {
    if (!r.file) {
      if (!this.dir) {
        // Customer numbers are in these files: a private folder (mkdtemp makes it 0700), removed at exit too.
        this.dir = mkdtempSync(join(tmpdir(), 'pulsa-spool-'));
        process.once('exit', this.removeOnExit);
      }
      r.file = await open(join(this.dir, `rank-${this.ranks.indexOf(r)}`), 'w+', 0o600);
    }
    this.retireCurrent(r);
    for (const { chunk, used } of r.full) {
      // A write may take only part of a buffer (a full disk gives an error on the next one).
      for (let done = 0; done < used; ) done += (await r.file.write(chunk, done, used - done)).bytesWritten;
      if (chunk.length === CHUNK) this.free.push(chunk);
    }
    this.held -= r.held;
    r.full = [];
    r.held = 0;
  }

  private removeDir(): void {
    if (!this.dir) return;
    rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    process.removeListener('exit', this.removeOnExit);
  }
}

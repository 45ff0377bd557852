/**
 * The state of batch's two duplicate checks (a repeated SN, a repeated top-up), kept in typed arrays and fed
 * numbers only: a chunk's keys go in as one Float64Array and its answers come out as another, so the index
 * can live on another thread (see io/duplicate-thread) while the rows are read on this one.
 */

const MINUTE = 60_000;

/** How many rows with an SN back a repeated SN is always found: memory stays the same for a file of any size. */
export const SN_MEMORY = 1 << 20;

/**
 * One row's keys: the top-up's number as digits (+1; 0 when the row is not checked for a repeated top-up),
 * the nominal and tag, the time, the line, and the SN's two hashes (the second 0 when the row has no SN).
 */
export const KEY_WIDTH = 6;
/** One row's answers: the line of the earlier top-up and the minutes between, and the SN's first line; -1: none. */
export const ANSWER_WIDTH = 3;

/**
 * One generation of SNs: an open-addressing table of typed arrays holding two 32-bit hashes and the line of
 * each SN, instead of the SN itself (a million SNs as strings in a Map take ~95 MB of garbage-collected heap,
 * here 12 bytes a slot off the heap, and a probe reads one cache line). A false match needs both hashes to
 * collide together (63 bits): about once in ten million files of a million SNs.
 */
class SnTable {
  /** Per slot: first hash, second hash (never 0 when the slot is used), line. */
  slots: Uint32Array;
  /** Slots in the table (any number, not only a power of two). */
  readonly capacity: number;
  size = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.slots = new Uint32Array(capacity * 3);
  }

  /** The slot holding this SN, or the empty slot where it would go. */
  probe(h1: number, h2: number): number {
    const slots = this.slots;
    const capacity = this.capacity;
    let slot = homeSlot(h1, capacity);
    for (;;) {
      const at = slot * 3;
      const k2 = slots[at + 1]!;
      if (k2 === 0 || (k2 === h2 && slots[at] === h1)) return at;
      if (++slot === capacity) slot = 0;
    }
  }

  insert(at: number, h1: number, h2: number, line: number): void {
    this.slots[at] = h1;
    this.slots[at + 1] = h2;
    this.slots[at + 2] = line;
    this.size++;
  }

  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  /** A table of `capacity` slots holding this one's SNs. */
  grown(capacity: number): SnTable {
    const table = new SnTable(capacity);
    const slots = this.slots;
    for (let at = 0; at < slots.length; at += 3) {
      if (slots[at + 1] !== 0) table.insert(table.probe(slots[at]!, slots[at + 1]!), slots[at]!, slots[at + 1]!, slots[at + 2]!);
    }
    return table;
  }
}

/**
 * Where the probe for an SN with first hash `h1` starts in a table of `capacity` slots: the mixed hash scaled
 * to the table (exact in a double while capacity stays under 2^21), so the table need not be a power of two.
 */
const homeSlot = (h1: number, capacity: number) => Math.floor(((Math.imul(h1 ^ (h1 >>> 15), 0x2c1b3c6d) >>> 0) * capacity) / 4294967296);

/**
 * The two 32-bit hashes of an SN into out[at] and out[at + 1]: FNV-1a, which alone decides where the SN's
 * probe starts, and a second one that is never 0 (0 marks an empty slot).
 */
export function hashSn(sn: string, out: Float64Array | Uint32Array, at: number): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < sn.length; i++) {
    const c = sn.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  out[at] = h1 >>> 0;
  out[at + 1] = (h2 | 1) >>> 0;
}

/** The first table's floor: below it, doubling would only add steps (5,462 slots, 64 KB). */
const MIN_EXPECTED_SNS = 4096;

/**
 * Slots for `memory` SNs at a load of at most `load`. At three quarters (the default) linear probing still
 * finds a slot in a cache line or two, and the table takes 17 MB for 2^20 SNs where a load of a half took 25 MB.
 * The load changes how full the table gets, never which SNs it remembers.
 */
function tableSize(memory: number, load: number): number {
  return Math.max(8, Math.ceil(memory / load));
}

/**
 * The SNs seen so far, in two generations of at most `memory` SNs each: when the current one is full, the
 * older is dropped and its table reused. So an SN is always found when it was on one of the last `memory`
 * rows with an SN (often further back, up to twice that), and memory stops growing at two tables (17 MB
 * each at 2^20). A whole generation is dropped at once, which costs nothing per row.
 */
export class SnIndex {
  private current: SnTable;
  private previous: SnTable | undefined;
  private readonly hashes = new Uint32Array(2);
  private touched = 0;

  /** Slots in a table that holds a whole generation. */
  private readonly fullSize: number;

  /**
   * `expected`: about how many SNs the input may hold (from its size), when known. The first table is sized for
   * that and doubled if more come, up to a generation's size; without it, a generation's size at once. Probes
   * land all over a table, so a few thousand SNs touch nearly every page of the full one (17 MB, 4,100 pages):
   * a 10,000-row file cost as many page faults for it as a million-row one. Doubling instead of sizing from the
   * start would rehash every SN and touch twice the pages on the way to a million. Growing changes where an SN
   * is kept, never which SNs are remembered.
   */
  constructor(
    private readonly memory = SN_MEMORY,
    private readonly load = 0.75,
    expected?: number,
  ) {
    this.fullSize = tableSize(memory, load);
    this.current = new SnTable(expected === undefined ? this.fullSize : Math.min(this.fullSize, tableSize(Math.max(expected, MIN_EXPECTED_SNS), load)));
  }

  /** The line the SN was first seen on, or undefined (and it is remembered for this line). */
  firstLine(sn: string, line: number): number | undefined {
    hashSn(sn, this.hashes, 0);
    return this.firstLineOf(this.hashes, 0, line);
  }

  /**
   * firstLine for an SN given by its two hashes (see hashSn) in hashes[at] and hashes[at + 1]: read here, not
   * passed as numbers, which a call the engine does not inline would box (a garbage object per row).
   */
  firstLineOf(hashes: Float64Array | Uint32Array, at: number, line: number): number | undefined {
    const h1 = hashes[at]!;
    const h2 = hashes[at + 1]!;
    const current = this.current;
    const slot = current.probe(h1, h2);
    if (current.slots[slot + 1] !== 0) return current.slots[slot + 2];
    let first: number | undefined;
    const previous = this.previous;
    if (previous) {
      const old = previous.probe(h1, h2);
      // Seen again: carried into the current generation, so it is remembered as long as a new SN would be.
      if (previous.slots[old + 1] !== 0) first = previous.slots[old + 2];
    }
    if (current.size >= this.memory) {
      this.retire();
      this.current.insert(this.current.probe(h1, h2), h1, h2, first ?? line);
    } else if (current.size + 1 > current.capacity * this.load && current.capacity < this.fullSize) {
      this.current = current.grown(Math.min(this.fullSize, current.capacity * 2));
      this.current.insert(this.current.probe(h1, h2), h1, h2, first ?? line);
    } else {
      current.insert(slot, h1, h2, first ?? line);
    }
    return first;
  }

  /**
   * Reads the first slot each SN of a chunk (first hashes in keys[offset + k * stride]) will probe, before they
   * are looked up one by one. A table of tens of megabytes is read at random, a cache miss per row; in this
   * short loop of independent reads the misses overlap instead of coming one after another, and the lookups
   * then find their slots in the cache. It changes nothing in the index.
   */
  warm(keys: Float64Array, count: number, offset: number, stride: number): void {
    let touched = 0;
    for (const table of this.previous ? [this.current, this.previous] : [this.current]) {
      const slots = table.slots;
      for (let k = 0; k < count; k++) {
        const at = k * stride + offset;
        if (keys[at + 1] !== 0) touched |= slots[homeSlot(keys[at]!, table.capacity) * 3 + 1]!;
      }
    }
    // Kept, so the reads are not optimised away.
    this.touched = touched;
  }

  private retire(): void {
    // A generation is only full at its full size (see firstLineOf), so the reused table is one too.
    const reused = this.previous;
    this.previous = this.current;
    if (reused) reused.clear();
    this.current = reused ?? new SnTable(this.fullSize);
  }
}

/** The hash of a top-up's key: where its probe starts, and its bit in a generation's filter. */
function topupHash(digits: number, nominalTag: number): number {
  const h = Math.imul((digits >>> 0) ^ Math.imul(Math.floor(digits / 4294967296), 0x9e3779b1), 0x85ebca6b);
  return Math.imul(h ^ (nominalTag >>> 0) ^ Math.floor(nominalTag / 4096), 0xc2b2ae35);
}

/** Bits in a generation's filter (16 KB: it stays in the cache); a generation holds some thousands of keys. */
const FILTER_BITS = 1 << 17;
const filterBit = (h: number) => Math.imul(h, 0x9e3779b1) >>> 15;

/**
 * One generation of top-ups in typed arrays: per slot the number's digits (+1, so 0 marks an empty slot),
 * the nominal and tag together (the rest of the key), the time and the line. Strings and objects per row
 * in a Map were a third of the batch's time, most of it garbage collection.
 */
class TopupTable {
  slots: Float64Array;
  size = 0;
  /**
   * A bit per key hash the table holds (a Bloom filter with one hash). Most rows are a new top-up, missing from
   * both generations; the older one is asked only when its bit is set, which saves a probe of its slots, a
   * cache miss on most rows (1M rows: the top-up checks took 42 ms instead of 55). It never changes an answer.
   */
  private readonly filter = new Int32Array(FILTER_BITS / 32);

  constructor(capacity = 1024) {
    this.slots = new Float64Array(capacity * 4);
  }

  /**
   * The slot holding this top-up's key, or the empty slot where it would go. `nominalTag` is the nominal
   * times 4096 plus the tag (operator and number length): one exact double, compared without a division.
   */
  probe(digits: number, nominalTag: number, h: number): number {
    const slots = this.slots;
    const mask = slots.length / 4 - 1;
    let slot = (h ^ (h >>> 16)) & mask;
    for (;;) {
      const at = slot * 4;
      const key = slots[at]!;
      if (key === 0 || (key === digits && slots[at + 1] === nominalTag)) return at;
      slot = (slot + 1) & mask;
    }
  }

  /** Whether a key with this hash may be here (false: it is not). */
  mayHold(h: number): boolean {
    const bit = filterBit(h);
    return (this.filter[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  set(at: number, digits: number, nominalTag: number, time: number, line: number, h: number): void {
    const slots = this.slots;
    if (slots[at] === 0) {
      if ((this.size + 1) * 2 > slots.length / 4) {
        this.grow();
        at = this.probe(digits, nominalTag, h);
      }
      this.size++;
      const bit = filterBit(h);
      this.filter[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.slots[at] = digits;
    this.slots[at + 1] = nominalTag;
    this.slots[at + 2] = time;
    this.slots[at + 3] = line;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] === 0) continue;
      const to = this.probe(old[at]!, old[at + 1]!, topupHash(old[at]!, old[at + 1]!));
      this.slots.set(old.subarray(at, at + 4), to);
    }
  }

  clear(): void {
    if (this.size) {
      this.slots.fill(0);
      this.filter.fill(0);
    }
    this.size = 0;
  }
}

/** Both duplicate checks' memory, answering a chunk of rows at a time. */
export class DuplicateIndex {
  private recentTopups = new TopupTable();
  private olderTopups = new TopupTable();
  private generationStart = Number.NaN;
  private readonly sns: SnIndex;
  private readonly window: number;

  /** `snLoad`: how full the SN tables may get (see tableSize); `expectedSns`: see SnIndex. */
  constructor(duplicateWindowMinutes: number, snMemory = SN_MEMORY, snLoad?: number, expectedSns?: number) {
    this.window = duplicateWindowMinutes * MINUTE;
    this.sns = new SnIndex(snMemory, snLoad, expectedSns);
  }

  /** The answers (ANSWER_WIDTH per row) for `count` rows of keys (KEY_WIDTH per row), each row remembered in turn. */
  resolve(keys: Float64Array, count: number, answers: Float64Array = new Float64Array(count * ANSWER_WIDTH)): Float64Array {
    answers.fill(-1, 0, count * ANSWER_WIDTH);
    this.sns.warm(keys, count, 4, KEY_WIDTH);
    for (let k = 0; k < count; k++) {
      const at = k * KEY_WIDTH;
      const line = keys[at + 3]!;
      if (keys[at] !== 0) this.previousTopup(keys, at, answers, k * ANSWER_WIDTH);
      if (keys[at + 5] !== 0) answers[k * ANSWER_WIDTH + 2] = this.sns.firstLineOf(keys, at + 4, line) ?? -1;
    }
    return answers;
  }

  // Top-ups are remembered in two generations, each spanning one window of time: a row can only duplicate
  // one from the current or the previous generation, because exports come sorted by time (either way).
  // Dropping a whole generation at once costs nothing per row, unlike deleting stale entries one by one.
  /**
   * The earlier top-up with the key of the row at keys[at] (see KEY_WIDTH) within the window into answers[to],
   * answers[to + 1]; remembers this one. The keys are read here: passed as numbers, they were boxed per row.
   */
  private previousTopup(keys: Float64Array, at: number, answers: Float64Array, to: number): void {
    const digits = keys[at]!;
    const nominalTag = keys[at + 1]!;
    const time = keys[at + 2]!;
    const line = keys[at + 3]!;
    const window = this.window;
    if (!(Math.abs(time - this.generationStart) <= window)) {
      const emptied = this.olderTopups;
      emptied.clear();
      this.olderTopups = this.recentTopups;
      this.recentTopups = emptied;
      this.generationStart = time;
    }
    const recent = this.recentTopups;
    const h = topupHash(digits, nominalTag);
    const slot = recent.probe(digits, nominalTag, h);
    let previousTime = Number.NaN;
    let previousLine = 0;
    if (recent.slots[slot] !== 0) {
      previousTime = recent.slots[slot + 2]!;
      previousLine = recent.slots[slot + 3]!;
    } else if (this.olderTopups.mayHold(h)) {
      const older = this.olderTopups;
      const old = older.probe(digits, nominalTag, h);
      if (older.slots[old] !== 0) {
        previousTime = older.slots[old + 2]!;
        previousLine = older.slots[old + 3]!;
      }
    }
    recent.set(slot, digits, nominalTag, time, line, h);
    if (Math.abs(time - previousTime) <= window) {
      answers[to] = previousLine;
      answers[to + 1] = Math.round(Math.abs(time - previousTime) / MINUTE);
    }
  }
}

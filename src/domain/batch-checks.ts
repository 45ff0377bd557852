/** Checks over a stream of transactions for the ones likely to come back as complaints. State stays bounded. */
import type { Family } from './checklist.js';
import { detectTypo, hasMobileShape, tryNormalizeMsisdn } from './msisdn.js';
import { detectOperator, longestPrefix, resolveOperator, type Operator, type OperatorTable } from './operators.js';
import { ShortStringMap } from './short-string-map.js';
import type { Transaction } from './transactions.js';

export const FINDING_CODES = [
  'invalid-row', 'invalid-number', 'operator-mismatch', 'nominal-mismatch', 'number-mismatch',
  'success-without-sn', 'pending-too-long', 'duplicate-topup', 'duplicate-sn',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export interface BatchFinding {
  line: number;
  ref: string;
  code: FindingCode;
  /** Catalogue key and values of the one-line explanation. */
  messageKey: string;
  vars: Record<string, string | number>;
}

export interface BatchOptions {
  now: Date;
  pendingAfterMinutes: number;
  duplicateWindowMinutes: number;
  /** Product codes of the installed PLN and e-wallet checklists: their rows are not phone top-ups. */
  productFamilies?: { family: Family; pattern: RegExp }[];
}

/**
 * A PLN meter number (11 digits) or customer ID (12), or an e-wallet account (a number some operator issued, though
 * the account is the wallet's, not the operator's); null when it is neither.
 */
export function accountNumber(family: Exclude<Family, 'mobile'>, input: string, table: OperatorTable): string | null {
  if (family === 'pln') {
    const digits = input.replace(/[\s\-.]/g, '');
    return /^\d{11,12}$/.test(digits) ? digits : null;
  }
  const number = tryNormalizeMsisdn(input);
  return number && hasMobileShape(number) && detectOperator(table, number) ? number : null;
}

const MINUTE = 60_000;

/** How many rows with an SN back a repeated SN is always found: memory stays the same for a file of any size. */
export const SN_MEMORY = 1 << 20;

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
function hashSn(sn: string, out: Uint32Array, at: number): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < sn.length; i++) {
    const c = sn.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  out[at] = h1;
  out[at + 1] = h2 | 1;
}

/**
 * Slots for `memory` SNs at a load of at most three quarters: linear probing still finds a slot in a cache
 * line or two, and the table takes 17 MB for 2^20 SNs where a load of a half took 25 MB.
 */
function tableSize(memory: number): number {
  return Math.max(8, Math.ceil((memory * 4) / 3));
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
  /** The SNs of the last warm() and their hashes, which the lookups that follow take instead of hashing again. */
  private warmed: readonly string[] = [];
  private hashes = new Uint32Array(2);
  private nextWarmed = 0;
  private touched = 0;

  constructor(private readonly memory = SN_MEMORY) {
    // Sized for a full generation at once, never regrown: untouched pages of a typed array take no memory, so a
    // small file costs little, and a large one saves rehashing a million SNs per doubling.
    this.current = new SnTable(tableSize(memory));
  }

  /** The line the SN was first seen on, or undefined (and it is remembered for this line). */
  firstLine(sn: string, line: number): number | undefined {
    let at = this.nextWarmed * 2;
    if (this.nextWarmed < this.warmed.length && this.warmed[this.nextWarmed] === sn) this.nextWarmed++;
    else hashSn(sn, this.hashes, (at = this.hashes.length - 2));
    const h1 = this.hashes[at]!;
    const h2 = this.hashes[at + 1]!;
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
    } else {
      current.insert(slot, h1, h2, first ?? line);
    }
    return first;
  }

  /**
   * Reads the first slot each of these SNs will probe, before they are looked up one by one. A table of tens of
   * megabytes is read at random, a cache miss per row; in this short loop of independent reads the misses of
   * a chunk's rows overlap instead of coming one after another, and the lookups then find their slots in the
   * cache. The hashes are kept for those lookups (taken while they ask for these SNs in this order). It
   * changes nothing in the index.
   */
  warm(sns: readonly string[]): void {
    // Room for the SNs' hashes, and a last pair for an SN looked up without warming.
    if (this.hashes.length < sns.length * 2 + 2) this.hashes = new Uint32Array(sns.length * 4 + 2);
    const hashes = this.hashes;
    for (let i = 0; i < sns.length; i++) hashSn(sns[i]!, hashes, i * 2);
    this.warmed = sns;
    this.nextWarmed = 0;
    let touched = 0;
    for (const table of this.previous ? [this.current, this.previous] : [this.current]) {
      const slots = table.slots;
      for (let i = 0; i < sns.length; i++) touched |= slots[homeSlot(hashes[i * 2]!, table.capacity) * 3 + 1]!;
    }
    // Kept, so the reads are not optimised away.
    this.touched = touched;
  }

  private retire(): void {
    const reused = this.previous;
    this.previous = this.current;
    if (reused) reused.clear();
    this.current = reused ?? new SnTable(tableSize(this.memory));
  }
}

/**
 * One generation of top-ups in typed arrays: per slot the number's digits (+1, so 0 marks an empty slot),
 * the nominal and tag together (the rest of the key), the time and the line. Strings and objects per row
 * in a Map were a third of the batch's time, most of it garbage collection.
 */
class TopupTable {
  slots: Float64Array;
  size = 0;

  constructor(capacity = 1024) {
    this.slots = new Float64Array(capacity * 4);
  }

  /**
   * The slot holding this top-up's key, or the empty slot where it would go. `nominalTag` is the nominal
   * times 4096 plus the tag (operator and number length): one exact double, compared without a division.
   */
  probe(digits: number, nominalTag: number): number {
    const slots = this.slots;
    const mask = slots.length / 4 - 1;
    let h = Math.imul((digits >>> 0) ^ Math.imul(Math.floor(digits / 4294967296), 0x9e3779b1), 0x85ebca6b);
    h = Math.imul(h ^ (nominalTag >>> 0) ^ Math.floor(nominalTag / 4096), 0xc2b2ae35);
    let slot = (h ^ (h >>> 16)) & mask;
    for (;;) {
      const at = slot * 4;
      const key = slots[at]!;
      if (key === 0 || (key === digits && slots[at + 1] === nominalTag)) return at;
      slot = (slot + 1) & mask;
    }
  }

  set(at: number, digits: number, nominalTag: number, time: number, line: number): void {
    const slots = this.slots;
    if (slots[at] === 0) {
      if ((this.size + 1) * 2 > slots.length / 4) {
        this.grow();
        at = this.probe(digits, nominalTag);
      }
      this.size++;
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
      const to = this.probe(old[at]!, old[at + 1]!);
      this.slots.set(old.subarray(at, at + 4), to);
    }
  }

  clear(): void {
    if (this.size) this.slots.fill(0);
    this.size = 0;
  }
}

function finding(tx: Transaction, code: FindingCode, vars: Record<string, string | number> = {}, messageKey = `batch.${code}`): BatchFinding {
  return { line: tx.line, ref: tx.ref, code, messageKey, vars: { number: tx.number, ...vars } };
}

interface ProductFacts {
  family: Family;
  operator: Operator | undefined;
}

const NO_FINDINGS: readonly BatchFinding[] = Object.freeze([]);

export class BatchChecker {
  private recentTopups = new TopupTable();
  private olderTopups = new TopupTable();
  private generationStart = Number.NaN;
  private readonly sns: SnIndex;
  private readonly warmSns: string[] = [];
  /** A small number per operator id, part of a top-up's key. */
  private readonly operatorTags = new Map<string, number>();
  private readonly families = new Map<string, Family>();
  private readonly products = new ShortStringMap<ProductFacts>();
  /** Operator by a number's leading digits (as many as the longest prefix): a Map of small integers, no slices. */
  private readonly byLeadingDigits = new Map<number, Operator | undefined>();
  private readonly leadingDigits: number;

  constructor(
    private readonly table: OperatorTable,
    private readonly options: BatchOptions,
    snMemory = SN_MEMORY,
  ) {
    this.sns = new SnIndex(snMemory);
    this.leadingDigits = longestPrefix(table);
  }

  /** Prepares the checks of a chunk's transactions (in the order they will be checked); see SnIndex.warm. */
  warm(txs: readonly (Transaction | undefined)[]): void {
    this.warmSns.length = 0;
    for (const tx of txs) if (tx !== undefined && tx.sn !== '') this.warmSns.push(tx.sn);
    this.sns.warm(this.warmSns);
  }

  /** Findings for one transaction, in a fixed order; the checker remembers what it needs for later rows. */
  check(tx: Transaction): readonly BatchFinding[] {
    let findings: BatchFinding[] | undefined;
    const add = (f: BatchFinding) => void (findings ??= []).push(f);
    // A PLN meter or an e-wallet account is checked by its own rules, never against phone prefixes.
    const product = this.productFacts(tx.product, tx.operator);
    const family = product.family;
    const number = family === 'mobile' ? tryNormalizeMsisdn(tx.number) : accountNumber(family, tx.number, this.table);
    const detected = family === 'mobile' && number && hasMobileShape(number) ? this.operatorOfNumber(number) : undefined;
    if (family === 'mobile' ? !detected : !number) add(finding(tx, 'invalid-number', {}, family === 'mobile' ? undefined : `batch.invalid-number.${family}`));
    const productOperator = product.operator;
    if (detected && productOperator && detected.id !== productOperator.id) {
      add(finding(tx, 'operator-mismatch', { operator: detected.name, productOperator: productOperator.name }));
    }
    if (tx.claimedNominal !== null && tx.claimedNominal !== tx.nominal) {
      add(finding(tx, 'nominal-mismatch', { nominal: tx.nominal, claimed: tx.claimedNominal }));
    }
    if (tx.claimedNumber !== '' && number) {
      const claimed = family === 'mobile' ? tryNormalizeMsisdn(tx.claimedNumber) : accountNumber(family, tx.claimedNumber, this.table);
      if (claimed !== number) {
        const typo = claimed ? detectTypo(claimed, number) : null;
        add(finding(tx, 'number-mismatch', { claimed: tx.claimedNumber, typoKey: typo ? `typo.${typo}` : 'typo.none' }));
      }
    }
    if (tx.status === 'sukses' && tx.sn === '') add(finding(tx, 'success-without-sn'));
    const waited = (this.options.now.getTime() - tx.time) / MINUTE;
    if (tx.status === 'pending' && waited > this.options.pendingAfterMinutes) {
      add(finding(tx, 'pending-too-long', { minutes: Math.floor(waited) }));
    }
    if (tx.status !== 'gagal' && number) {
      const previous = this.previousTopup(tx, number, productOperator?.id ?? detected?.id ?? family);
      if (previous) add(finding(tx, 'duplicate-topup', previous));
    }
    if (tx.sn !== '') {
      const first = this.sns.firstLine(tx.sn, tx.line);
      if (first !== undefined) add(finding(tx, 'duplicate-sn', { sn: tx.sn, firstLine: first }));
    }
    return findings ?? NO_FINDINGS;
  }

  /**
   * The family of a row's product and, for a phone top-up, the operator its operator column (or else its
   * product code) names: one lookup per row, as product codes repeat endlessly in a file.
   */
  private productFacts(product: string, operatorText: string): ProductFacts {
    if (operatorText !== '') return this.resolveProduct(product, operatorText);
    let facts = this.products.get(product);
    if (facts === undefined) {
      facts = this.resolveProduct(product, operatorText);
      // The cache stays as small as the shop's product list.
      if (this.products.size < 10_000) this.products.set(product, facts);
    }
    return facts;
  }

  private resolveProduct(product: string, operatorText: string): ProductFacts {
    const family = this.familyOf(product);
    return { family, operator: family === 'mobile' ? resolveOperator(this.table, operatorText || product) : undefined };
  }

  // The family by product code; only rows a PLN or e-wallet checklist claims leave the phone-number rules.
  private familyOf(product: string): Family {
    const families = this.options.productFamilies;
    if (!families?.length || product === '') return 'mobile';
    let family = this.families.get(product);
    if (family === undefined) {
      family = families.find((f) => f.pattern.test(product.trim()))?.family ?? 'mobile';
      // Product codes repeat endlessly in a file; the cache stays as small as the shop's product list.
      if (this.families.size < 10_000) this.families.set(product, family);
    }
    return family;
  }

  /**
   * detectOperator for a number of mobile shape (digits only), remembered by its leading digits: the answer
   * depends on no more of the number than the longest prefix, and every row asks it.
   */
  private operatorOfNumber(number: string): Operator | undefined {
    const length = this.leadingDigits;
    if (length === 0 || length > 9 || number.length < length) return detectOperator(this.table, number);
    let key = 0;
    for (let i = 0; i < length; i++) key = key * 10 + (number.charCodeAt(i) - 48);
    let operator = this.byLeadingDigits.get(key);
    if (operator === undefined && !this.byLeadingDigits.has(key)) {
      operator = detectOperator(this.table, number);
      // At most 10^length keys; the bound keeps an odd table with long prefixes from growing without end.
      if (this.byLeadingDigits.size < 100_000) this.byLeadingDigits.set(key, operator);
    }
    return operator;
  }

  // Top-ups are remembered in two generations, each spanning one window of time: a row can only duplicate
  // one from the current or the previous generation, because exports come sorted by time (either way).
  // Dropping a whole generation at once costs nothing per row, unlike deleting stale entries one by one.
  /** The earlier top-up of the same number, operator and nominal within the window, if any; remembers this one. */
  private previousTopup(tx: Transaction, number: string, operatorId: string): { firstLine: number; minutes: number } | undefined {
    const time = tx.time;
    const window = this.options.duplicateWindowMinutes * MINUTE;
    if (!(Math.abs(time - this.generationStart) <= window)) {
      const emptied = this.olderTopups;
      emptied.clear();
      this.olderTopups = this.recentTopups;
      this.recentTopups = emptied;
      this.generationStart = time;
    }
    // A national number (or a PLN meter number) is at most 15 digits, so they are exact as a double; the
    // length and the operator (or family) go in the tag, which tells `0812…` from `00812…`.
    let value = 0;
    for (let i = 0; i < number.length; i++) value = value * 10 + (number.charCodeAt(i) - 48);
    const digits = value + 1;
    const tag = this.operatorTag(operatorId) * 16 + number.length;
    // Nominals are at most MAX_RUPIAH (under 2^27), so nominal * 4096 + tag stays an exact double.
    const nominalTag = tx.nominal * 4096 + tag;
    const recent = this.recentTopups;
    const at = recent.probe(digits, nominalTag);
    let previousTime = Number.NaN;
    let previousLine = 0;
    if (recent.slots[at] !== 0) {
      previousTime = recent.slots[at + 2]!;
      previousLine = recent.slots[at + 3]!;
    } else {
      const older = this.olderTopups;
      const old = older.probe(digits, nominalTag);
      if (older.slots[old] !== 0) {
        previousTime = older.slots[old + 2]!;
        previousLine = older.slots[old + 3]!;
      }
    }
    recent.set(at, digits, nominalTag, time, tx.line);
    if (Math.abs(time - previousTime) <= window) {
      return { firstLine: previousLine, minutes: Math.round(Math.abs(time - previousTime) / MINUTE) };
    }
    return undefined;
  }

  private operatorTag(id: string): number {
    let tag = this.operatorTags.get(id);
    if (tag === undefined) {
      tag = this.operatorTags.size;
      // More operators than a tag holds would be a different table altogether; fail loudly rather than mix them.
      if (tag >= 256) throw new Error('too many operators for the top-up index');
      this.operatorTags.set(id, tag);
    }
    return tag;
  }
}

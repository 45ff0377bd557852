/** Checks over a stream of transactions for the ones likely to come back as complaints. State stays bounded. */
import type { Family } from './checklist.js';
import { detectTypo, hasMobileShape, tryNormalizeMsisdn } from './msisdn.js';
import { detectOperator, resolveOperator, type OperatorTable } from './operators.js';
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
  /** Roughly how many rows are coming, to size the SN index once. */
  expectedRows?: number;
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

/**
 * Remembers each SN by two independent hashes and its line in an open-addressing table of typed arrays,
 * instead of the SN itself: a million SNs as strings in a Map take ~95 MB of garbage-collected heap, here
 * 12 bytes a slot off the heap. A false match needs a 32-bit and a 21-bit hash to collide together
 * (about once in 20,000 files of a million distinct SNs).
 */
export class SnIndex {
  /** Both hashes packed into one number (h1 * 2^21 + check), 0 for an empty slot: one memory read per probe. */
  private keys: Float64Array;
  private lines: Uint32Array;
  private size = 0;

  /** `expected` SNs fit without regrowing the table (a file's size tells roughly how many rows it has). */
  constructor(expected = 0) {
    let capacity = 1 << 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.lines = new Uint32Array(capacity);
  }

  /** The line the SN was first seen on, or undefined (and it is remembered for this line). */
  firstLine(sn: string, line: number): number | undefined {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < sn.length; i++) {
      const c = sn.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 16777619);
      h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    // +1 keeps every packed key above 0, the empty slot.
    const key = (h1 >>> 0) * 0x200000 + ((h2 >>> 0) % 0x200000) + 1;
    const mask = this.keys.length - 1;
    let slot = (h1 ^ (h1 >>> 16)) & mask;
    for (let k = this.keys[slot]!; k !== 0; slot = (slot + 1) & mask, k = this.keys[slot]!) {
      if (k === key) return this.lines[slot];
    }
    if ((this.size + 1) * 2 > this.keys.length) {
      this.grow();
      return this.firstLine(sn, line);
    }
    this.keys[slot] = key;
    this.lines[slot] = line;
    this.size++;
    return undefined;
  }

  private grow(): void {
    const { keys, lines } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.lines = new Uint32Array(lines.length * 2);
    const mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key === 0) continue;
      const h1 = Math.floor((key - 1) / 0x200000) | 0;
      let slot = (h1 ^ (h1 >>> 16)) & mask;
      while (this.keys[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.lines[slot] = lines[i]!;
    }
  }
}

function finding(tx: Transaction, code: FindingCode, vars: Record<string, string | number> = {}, messageKey = `batch.${code}`): BatchFinding {
  return { line: tx.line, ref: tx.ref, code, messageKey, vars: { number: tx.number, ...vars } };
}

export class BatchChecker {
  private recentTopups = new Map<string, { time: number; line: number }>();
  private olderTopups = new Map<string, { time: number; line: number }>();
  private generationStart = Number.NaN;
  private readonly sns: SnIndex;
  private readonly families = new Map<string, Family>();

  constructor(
    private readonly table: OperatorTable,
    private readonly options: BatchOptions,
  ) {
    this.sns = new SnIndex(options.expectedRows);
  }

  /** Findings for one transaction, in a fixed order; the checker remembers what it needs for later rows. */
  check(tx: Transaction): BatchFinding[] {
    const findings: BatchFinding[] = [];
    // A PLN meter or an e-wallet account is checked by its own rules, never against phone prefixes.
    const family = this.familyOf(tx.product);
    const number = family === 'mobile' ? tryNormalizeMsisdn(tx.number) : accountNumber(family, tx.number, this.table);
    const detected = family === 'mobile' && number && hasMobileShape(number) ? detectOperator(this.table, number) : undefined;
    if (family === 'mobile' ? !detected : !number) findings.push(finding(tx, 'invalid-number', {}, family === 'mobile' ? undefined : `batch.invalid-number.${family}`));
    const productOperator = family === 'mobile' ? resolveOperator(this.table, tx.operator || tx.product) : undefined;
    if (detected && productOperator && detected.id !== productOperator.id) {
      findings.push(finding(tx, 'operator-mismatch', { operator: detected.name, productOperator: productOperator.name }));
    }
    if (tx.claimedNominal !== null && tx.claimedNominal !== tx.nominal) {
      findings.push(finding(tx, 'nominal-mismatch', { nominal: tx.nominal, claimed: tx.claimedNominal }));
    }
    if (tx.claimedNumber !== '' && number) {
      const claimed = family === 'mobile' ? tryNormalizeMsisdn(tx.claimedNumber) : accountNumber(family, tx.claimedNumber, this.table);
      if (claimed !== number) {
        const typo = claimed ? detectTypo(claimed, number) : null;
        findings.push(finding(tx, 'number-mismatch', { claimed: tx.claimedNumber, typoKey: typo ? `typo.${typo}` : 'typo.none' }));
      }
    }
    if (tx.status === 'sukses' && tx.sn === '') findings.push(finding(tx, 'success-without-sn'));
    const waited = (this.options.now.getTime() - tx.time) / MINUTE;
    if (tx.status === 'pending' && waited > this.options.pendingAfterMinutes) {
      findings.push(finding(tx, 'pending-too-long', { minutes: Math.floor(waited) }));
    }
    if (tx.status !== 'gagal' && number) {
      const previous = this.previousTopup(tx, `${number}|${productOperator?.id ?? detected?.id ?? family}|${tx.nominal}`);
      if (previous) findings.push(finding(tx, 'duplicate-topup', previous));
    }
    if (tx.sn !== '') {
      const first = this.sns.firstLine(tx.sn, tx.line);
      if (first !== undefined) findings.push(finding(tx, 'duplicate-sn', { sn: tx.sn, firstLine: first }));
    }
    return findings;
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

  // Top-ups are remembered in two generations, each spanning one window of time: a row can only duplicate
  // one from the current or the previous generation, because exports come sorted by time (either way).
  // Dropping a whole generation at once costs nothing per row, unlike deleting stale entries one by one.
  /** The earlier top-up of the same number, operator and nominal within the window, if any; remembers this one. */
  private previousTopup(tx: Transaction, key: string): { firstLine: number; minutes: number } | undefined {
    const time = tx.time;
    const window = this.options.duplicateWindowMinutes * MINUTE;
    if (!(Math.abs(time - this.generationStart) <= window)) {
      this.olderTopups = this.recentTopups;
      this.recentTopups = new Map();
      this.generationStart = time;
    }
    const previous = this.recentTopups.get(key) ?? this.olderTopups.get(key);
    this.recentTopups.set(key, { time, line: tx.line });
    if (previous && Math.abs(time - previous.time) <= window) {
      return { firstLine: previous.line, minutes: Math.round(Math.abs(time - previous.time) / MINUTE) };
    }
    return undefined;
  }
}

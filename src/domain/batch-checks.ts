/** Checks over a stream of transactions for the ones likely to come back as complaints. State stays bounded. */
import { detectTypo, hasMobileShape, normalizeMsisdn } from './msisdn.js';
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
}

const MINUTE = 60_000;
const EVICT_EVERY = 10_000;

/**
 * Remembers each SN by two independent 32-bit hashes and its line, instead of the SN itself: a million SNs
 * as strings take ~95 MB, as numbers ~30 MB. A false match needs both hashes to collide
 * (about 1 in 20,000 files of a million distinct SNs).
 */
class SnIndex {
  private readonly seen = new Map<number, number | number[]>();

  /** The line the SN was first seen on, or undefined (and it is remembered for this line). */
  firstLine(sn: string, line: number): number | undefined {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < sn.length; i++) {
      const c = sn.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 16777619);
      h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    const check = (h2 >>> 0) % 0x200000; // 21 bits, so check and line pack into one safe integer
    const key = h1 | 0;
    const entry = this.seen.get(key);
    const entries = entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
    const match = entries.find((packed) => Math.floor(packed / 2 ** 32) === check);
    if (match !== undefined) return match % 2 ** 32;
    const packed = check * 2 ** 32 + line;
    // A second SN on the same first hash is rare (~100 in a million); it gets a small list rather than being lost.
    this.seen.set(key, entries.length === 0 ? packed : [...entries, packed]);
    return undefined;
  }
}

export class BatchChecker {
  private readonly recentTopups = new Map<string, { time: number; line: number }>();
  private readonly sns = new SnIndex();
  private rowsSinceEviction = 0;

  constructor(
    private readonly table: OperatorTable,
    private readonly options: BatchOptions,
  ) {}

  /** Findings for one transaction, in a fixed order; the checker remembers what it needs for later rows. */
  check(tx: Transaction): BatchFinding[] {
    const findings: BatchFinding[] = [];
    const add = (code: FindingCode, vars: Record<string, string | number> = {}) =>
      findings.push({ line: tx.line, ref: tx.ref, code, messageKey: `batch.${code}`, vars: { number: tx.number, ...vars } });

    let number: string | null = null;
    try {
      number = normalizeMsisdn(tx.number);
    } catch {
      number = null;
    }
    const detected = number && hasMobileShape(number) ? detectOperator(this.table, number) : undefined;
    if (!detected) add('invalid-number');
    const productOperator = resolveOperator(this.table, tx.operator || tx.product);
    if (detected && productOperator && detected.id !== productOperator.id) {
      add('operator-mismatch', { operator: detected.name, productOperator: productOperator.name });
    }
    if (tx.claimedNominal !== null && tx.claimedNominal !== tx.nominal) add('nominal-mismatch', { nominal: tx.nominal, claimed: tx.claimedNominal });
    if (tx.claimedNumber !== '' && number) {
      let claimed: string | null;
      try {
        claimed = normalizeMsisdn(tx.claimedNumber);
      } catch {
        claimed = null;
      }
      if (claimed !== number) {
        const typo = claimed ? detectTypo(claimed, number) : null;
        add('number-mismatch', { claimed: tx.claimedNumber, typoKey: typo ? `typo.${typo}` : 'typo.none' });
      }
    }
    if (tx.status === 'sukses' && tx.sn === '') add('success-without-sn');
    const waited = (this.options.now.getTime() - tx.time.getTime()) / MINUTE;
    if (tx.status === 'pending' && waited > this.options.pendingAfterMinutes) add('pending-too-long', { minutes: Math.floor(waited) });
    if (tx.status !== 'gagal' && number) this.checkDuplicateTopup(tx, number, productOperator?.id ?? detected?.id ?? '', add);
    if (tx.sn !== '') {
      const first = this.sns.firstLine(tx.sn, tx.line);
      if (first !== undefined) add('duplicate-sn', { sn: tx.sn, firstLine: first });
    }
    return findings;
  }

  // Top-ups further than the window from the row being read are forgotten every EVICT_EVERY rows: exports
  // come sorted by time (either way), so they can no longer be duplicates of what follows.
  private checkDuplicateTopup(tx: Transaction, number: string, operator: string, add: (code: FindingCode, vars: Record<string, string | number>) => void) {
    const key = `${number}|${operator}|${tx.nominal}`;
    const time = tx.time.getTime();
    const window = this.options.duplicateWindowMinutes * MINUTE;
    const previous = this.recentTopups.get(key);
    if (previous && Math.abs(time - previous.time) <= window) add('duplicate-topup', { firstLine: previous.line, minutes: Math.round(Math.abs(time - previous.time) / MINUTE) });
    this.recentTopups.set(key, { time, line: tx.line });
    if (++this.rowsSinceEviction >= EVICT_EVERY) {
      this.rowsSinceEviction = 0;
      for (const [k, v] of this.recentTopups) if (Math.abs(time - v.time) > window) this.recentTopups.delete(k);
    }
  }
}

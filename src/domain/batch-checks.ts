/** Checks over a stream of transactions for the ones likely to come back as complaints. State stays bounded. */
import type { Family } from './checklist.js';
import { bareMobileDigits, detectTypo, hasMobileShape, tryNormalizeMsisdn } from './msisdn.js';
import { detectOperator, longestPrefix, resolveOperator, type Operator, type OperatorTable } from './operators.js';
import { ANSWER_WIDTH, DuplicateIndex, hashSn, KEY_WIDTH } from './duplicate-index.js';
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

function finding(tx: Transaction, code: FindingCode, vars: Record<string, string | number> = {}, messageKey = `batch.${code}`): BatchFinding {
  return { line: tx.line, ref: tx.ref, code, messageKey, vars: { number: tx.number, ...vars } };
}

interface ProductFacts {
  family: Family;
  operator: Operator | undefined;
  /** The operator tag of its top-ups (see topupKey) when the product decides it; -1 when the number does. */
  tag: number;
}

const NO_FINDINGS: readonly BatchFinding[] = Object.freeze([]);

/** The number a national number's digits write: at most 15 digits (a PLN meter number too), exact as a double. */
function digitsOf(number: string): number {
  let value = 0;
  for (let i = 0; i < number.length; i++) value = value * 10 + (number.charCodeAt(i) - 48);
  return value;
}

/**
 * The checks of a transaction file. Each row is checked on its own here; the two duplicate checks, which
 * remember earlier rows, take the keys this gives to a DuplicateIndex, and `findings` puts the two together.
 */
export class BatchChecker {
  /** For check(): the duplicate checks of rows checked one at a time. */
  private ownIndex: DuplicateIndex | undefined;
  /** A small number per operator id, part of a top-up's key. */
  private readonly operatorTags = new Map<string, number>();
  private readonly families = new Map<string, Family>();
  private readonly products = new ShortStringMap<ProductFacts>();
  /** Operator by a number's leading digits (as many as the longest prefix): a Map of small integers, no slices. */
  private readonly byLeadingDigits = new Map<number, Operator | undefined>();
  private readonly leadingDigits: number;
  /**
   * The same for up to five leading digits (four in the shipped table), as an array indexed by them: per value 0
   * when not yet asked, else 1 + the operator's place in `leadingOperators`. A Map lookup per row cost more.
   */
  private readonly leadingSlots: Uint16Array | undefined;
  private readonly leadingOperators: (Operator | undefined)[] = [];
  private readonly nowMs: number;

  constructor(
    private readonly table: OperatorTable,
    private readonly options: BatchOptions,
  ) {
    this.leadingDigits = longestPrefix(table);
    if (this.leadingDigits > 0 && this.leadingDigits <= 5) this.leadingSlots = new Uint16Array(10 ** this.leadingDigits);
    this.nowMs = options.now.getTime();
  }

  /** Findings for one transaction, in a fixed order, against the rows this checker was given before. */
  check(tx: Transaction): readonly BatchFinding[] {
    const keys = new Float64Array(KEY_WIDTH);
    const local = this.checkRows([tx], keys);
    this.ownIndex ??= new DuplicateIndex(this.options.duplicateWindowMinutes);
    return this.findings(tx, local[0], this.ownIndex.resolve(keys, 1), 0);
  }

  /**
   * Checks each of a chunk's rows on its own (undefined: a row that could not be read): their own findings,
   * and their keys for the duplicate checks into `keys` (KEY_WIDTH per row).
   */
  checkRows(txs: readonly (Transaction | undefined)[], keys: Float64Array): (BatchFinding[] | undefined)[] {
    const count = txs.length;
    keys.fill(0, 0, count * KEY_WIDTH);
    const local: (BatchFinding[] | undefined)[] = new Array(count);
    for (let k = 0; k < count; k++) {
      const tx = txs[k];
      local[k] = tx === undefined ? undefined : this.checkRow(tx, keys, k * KEY_WIDTH);
    }
    return local;
  }

  /** The row's findings: its own, then a repeated top-up and a repeated SN as row k of the index's answers say. */
  findings(tx: Transaction, local: BatchFinding[] | undefined, answers: Float64Array, k: number): readonly BatchFinding[] {
    let findings = local;
    const at = k * ANSWER_WIDTH;
    if (answers[at] !== -1) (findings ??= []).push(finding(tx, 'duplicate-topup', { firstLine: answers[at]!, minutes: answers[at + 1]! }));
    if (answers[at + 2] !== -1) (findings ??= []).push(finding(tx, 'duplicate-sn', { sn: tx.sn, firstLine: answers[at + 2]! }));
    return findings ?? NO_FINDINGS;
  }

  /** The row's own findings, in a fixed order; its keys for the duplicate checks into keys[at…]. */
  private checkRow(tx: Transaction, keys: Float64Array, at: number): BatchFinding[] | undefined {
    // No closure to add with: one made per row of a million-row file is measurable garbage.
    let findings: BatchFinding[] | undefined;
    // A PLN meter or an e-wallet account is checked by its own rules, never against phone prefixes.
    const product = this.productFacts(tx.product, tx.operator);
    const family = product.family;
    // Most rows hold a bare mobile number: its shape and its digits come from one pass over it.
    const bare = family === 'mobile' ? bareMobileDigits(tx.number) : -1;
    const number = bare >= 0 ? tx.number : family === 'mobile' ? tryNormalizeMsisdn(tx.number) : accountNumber(family, tx.number, this.table);
    const detected = family === 'mobile' && number && (bare >= 0 || hasMobileShape(number)) ? this.operatorOfNumber(number) : undefined;
    if (family === 'mobile' ? !detected : !number) (findings ??= []).push(finding(tx, 'invalid-number', {}, family === 'mobile' ? undefined : `batch.invalid-number.${family}`));
    const productOperator = product.operator;
    if (detected && productOperator && detected.id !== productOperator.id) {
      (findings ??= []).push(finding(tx, 'operator-mismatch', { operator: detected.name, productOperator: productOperator.name }));
    }
    if (tx.claimedNominal !== null && tx.claimedNominal !== tx.nominal) {
      (findings ??= []).push(finding(tx, 'nominal-mismatch', { nominal: tx.nominal, claimed: tx.claimedNominal }));
    }
    if (tx.claimedNumber !== '' && number) {
      const claimed = family === 'mobile' ? tryNormalizeMsisdn(tx.claimedNumber) : accountNumber(family, tx.claimedNumber, this.table);
      if (claimed !== number) {
        const typo = claimed ? detectTypo(claimed, number) : null;
        (findings ??= []).push(finding(tx, 'number-mismatch', { claimed: tx.claimedNumber, typoKey: typo ? `typo.${typo}` : 'typo.none' }));
      }
    }
    if (tx.status === 'sukses' && tx.sn === '') (findings ??= []).push(finding(tx, 'success-without-sn'));
    const waited = (this.nowMs - tx.time) / MINUTE;
    if (tx.status === 'pending' && waited > this.options.pendingAfterMinutes) {
      (findings ??= []).push(finding(tx, 'pending-too-long', { minutes: Math.floor(waited) }));
    }
    if (tx.status !== 'gagal' && number) {
      const digits = bare >= 0 ? bare : digitsOf(number);
      this.topupKey(digits, number.length, tx.nominal, product.tag === -1 ? this.operatorTag(detected?.id ?? family) : product.tag, keys, at);
    }
    keys[at + 2] = tx.time;
    keys[at + 3] = tx.line;
    if (tx.sn !== '') hashSn(tx.sn, keys, at + 4);
    return findings;
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
    const operator = family === 'mobile' ? resolveOperator(this.table, operatorText || product) : undefined;
    // A top-up is keyed by the product's operator, else the number's, else the family (PLN, e-wallet).
    const tag = operator ? this.operatorTag(operator.id) : family === 'mobile' ? -1 : this.operatorTag(family);
    return { family, operator, tag };
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
    const slots = this.leadingSlots;
    if (slots) {
      const slot = slots[key]!;
      if (slot !== 0) return this.leadingOperators[slot - 1];
      const found = detectOperator(this.table, number);
      let index = this.leadingOperators.indexOf(found);
      if (index === -1) index = this.leadingOperators.push(found) - 1;
      slots[key] = index + 1;
      return found;
    }
    let operator = this.byLeadingDigits.get(key);
    if (operator === undefined && !this.byLeadingDigits.has(key)) {
      operator = detectOperator(this.table, number);
      // At most 10^length keys; the bound keeps an odd table with long prefixes from growing without end.
      if (this.byLeadingDigits.size < 100_000) this.byLeadingDigits.set(key, operator);
    }
    return operator;
  }

  /**
   * A top-up's key (see KEY_WIDTH): the number's digits (digitsOf) and the nominal, with a tag for its operator
   * and the number's length, which tells `0812…` from `00812…`.
   */
  private topupKey(digits: number, length: number, nominal: number, operatorTag: number, keys: Float64Array, at: number): void {
    keys[at] = digits + 1;
    const tag = operatorTag * 16 + length;
    // Nominals are at most MAX_RUPIAH (under 2^27), so nominal * 4096 + tag stays an exact double.
    keys[at + 1] = nominal * 4096 + tag;
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

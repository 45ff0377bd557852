/** Comparing a case across stores: one canonical text and hash of its content, whatever the key order. */
import { customerContact, ledgerOf, type Case } from '../domain/cases.js';
import { sha256Hex } from '../io/sha256.js';

/** JSON with object keys sorted, so the same content gives the same text from any store. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of a case's canonical content: what `store copy` compares at the end. */
export function caseHash(c: Case): string {
  return sha256Hex(canonicalJson(c));
}

/**
 * Same content, reading fields a case saved before they existed (ledger, customer contact) as their derived
 * values, so an older case and its export (which spells them out) are the same case.
 */
export function sameCase(a: Case, b: Case): boolean {
  return canonicalJson(withDerived(a)) === canonicalJson(withDerived(b));
}

function withDerived(c: Case): Case {
  return { ...c, ledger: ledgerOf(c), customerNumber: customerContact(c) };
}

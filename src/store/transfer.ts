/**
 * Moving cases between stores (JSON ↔ PostgreSQL), from exports and from backups. Copying is by reference and
 * never overwrites: a case already there and identical is skipped (so an interrupted copy simply runs again),
 * a different one is reported as a conflict and left alone.
 */
import type { Case } from '../domain/cases.js';
import { caseHash } from './compare.js';
import type { CaseStore, EvidenceBlob, PutResult } from './types.js';

export interface TransferReport {
  inserted: number;
  same: number;
  conflicts: string[];
  evidence: number;
}

export function emptyReport(): TransferReport {
  return { inserted: 0, same: 0, conflicts: [], evidence: 0 };
}

/** Files one case (and its evidence bytes, when a source for them is given) into the target store. */
export async function putOne(target: CaseStore, c: Case, report: TransferReport, evidence?: (c: Case) => Promise<EvidenceBlob[]>): Promise<PutResult> {
  const result = await target.putCase(c);
  if (result === 'conflict') {
    report.conflicts.push(c.ref);
    return result;
  }
  report[result] += 1;
  if (evidence && c.evidence.length) {
    const blobs = await evidence(c);
    await target.putEvidence(c.ref, blobs);
    report.evidence += blobs.length;
  }
  return result;
}

/** Copies every case of the source store, with its evidence read (and SHA-256 checked) from the source. */
export async function copyStore(source: CaseStore, target: CaseStore, onDay?: (done: number) => void): Promise<TransferReport> {
  const report = emptyReport();
  const evidence = (c: Case) => Promise.all(c.evidence.map(async (e) => ({ storedAs: e.storedAs, sha256: e.sha256, bytes: await source.readEvidence(c.ref, e.storedAs, e.sha256) })));
  let done = 0;
  for await (const day of source.snapshot()) {
    for (const c of day) await putOne(target, c, report, evidence);
    done += day.length;
    onDay?.(done);
  }
  return report;
}

export interface Verification {
  checked: number;
  /** References whose content differs in the target, or that it lacks. */
  mismatched: string[];
}

/** Compares every source case with the target's by a SHA-256 of its canonical content. */
export async function verifyCopy(source: CaseStore, target: CaseStore): Promise<Verification> {
  const result: Verification = { checked: 0, mismatched: [] };
  const targetHashes = new Map<string, string>();
  for await (const day of target.casesByDay()) for (const c of day) targetHashes.set(c.ref, caseHash(c));
  for await (const day of source.casesByDay()) {
    for (const c of day) {
      result.checked += 1;
      if (targetHashes.get(c.ref) !== caseHash(c)) result.mismatched.push(c.ref);
    }
  }
  return result;
}

/**
 * Moving cases between stores (JSON ↔ PostgreSQL), from exports and from backups. Copying is by reference and
 * never overwrites: a case already there and identical is skipped (so an interrupted copy simply runs again),
 * a different one is reported as a conflict and left alone.
 */
import { dayOfRef, type Case } from '../domain/cases.js';
import { caseHash } from './compare.js';
import type { CaseStore, EvidenceBlob } from './types.js';

export interface TransferReport {
  inserted: number;
  same: number;
  conflicts: string[];
  evidence: number;
}

export function emptyReport(): TransferReport {
  return { inserted: 0, same: 0, conflicts: [], evidence: 0 };
}

/**
 * Files cases (with their evidence bytes, when a source for them is given) into the target store, counting each.
 * Evidence that cannot be read (missing, or changed since it was attached) stops the copy, but only once every
 * other case filed with it has its own: they are filed together, and a copy run again skips them as the same.
 */
export async function putMany(target: CaseStore, cases: Case[], report: TransferReport, evidence?: (c: Case) => Promise<EvidenceBlob[]>): Promise<void> {
  const results = await target.putCases(cases);
  let failure: { error: unknown } | undefined;
  for (const [i, c] of cases.entries()) {
    const result = results[i]!;
    if (result === 'conflict') {
      report.conflicts.push(c.ref);
      continue;
    }
    report[result] += 1;
    if (!evidence || !c.evidence.length) continue;
    try {
      const blobs = await evidence(c);
      await target.putEvidence(c.ref, blobs);
      report.evidence += blobs.length;
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}

const PUT_BATCH = 2000;
const PUT_BATCH_DAYS = 31;

/**
 * Files cases many at a time, as they come: every PUT_BATCH cases, or sooner once they span PUT_BATCH_DAYS days
 * (the JSON store holds each day a call touches in memory). Each call rewrites the JSON store's active-case
 * index, which holds every open case: a call a case, or even a day, made a two-year store's copy rewrite it
 * hundreds of thousands, or hundreds, of times.
 */
export function filer(file: (cases: Case[]) => Promise<void>) {
  let pending: Case[] = [];
  const days = new Set<string>();
  const flush = async () => {
    if (pending.length === 0) return;
    const cases = pending;
    pending = [];
    days.clear();
    await file(cases);
  };
  return {
    async add(c: Case): Promise<void> {
      pending.push(c);
      days.add(dayOfRef(c.ref));
      if (pending.length >= PUT_BATCH || days.size >= PUT_BATCH_DAYS) await flush();
    },
    /** Files what is gathered: before anything that needs those cases filed, and at the end. */
    flush,
  };
}

/** Copies every case of the source store, with its evidence read (and SHA-256 checked) from the source. */
export async function copyStore(source: CaseStore, target: CaseStore, onProgress?: (done: number) => void): Promise<TransferReport> {
  const report = emptyReport();
  const evidence = (c: Case) => Promise.all(c.evidence.map(async (e) => ({ storedAs: e.storedAs, sha256: e.sha256, bytes: await source.readEvidence(c.ref, e.storedAs, e.sha256) })));
  let done = 0;
  const cases = filer(async (batch) => {
    await putMany(target, batch, report, evidence);
    done += batch.length;
    onProgress?.(done);
  });
  for await (const day of source.snapshot()) for (const c of day) await cases.add(c);
  await cases.flush();
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

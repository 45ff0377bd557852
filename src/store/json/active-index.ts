/**
 * The index of active cases: every case not closed, and every case of the last weeks, kept in one small file
 * beside the day files. Listings, follow-ups and repeat detection read it instead of every day file, so their
 * cost follows the shop's open work, not its whole history. The index records each day file's identity (inode,
 * size, mtime) when it was written; if any day file changed behind its back (an older version, a repair, a
 * crash between the two writes), the index is stale and is rebuilt from the day files.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Case } from '../../domain/cases.js';
import { DAY_FILE, parseStoreFile, readStoreFile, SCHEMA_VERSION, type Parse } from './files.js';

export const ACTIVE_INDEX_FILE = 'active-index.json';
/** How far back a finished case stays in the index; a query reaching further back reads the day files. */
export const ACTIVE_WINDOW_DAYS = 62;

export interface FileStamp {
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface ActiveIndex {
  schemaVersion: number;
  /** The identity of every day file when the index was last brought up to date. */
  days: Record<string, FileStamp>;
  cases: Case[];
}

const parseIndex: Parse<ActiveIndex> = (json, corrupt) => {
  if (typeof json.days !== 'object' || json.days === null || !Array.isArray(json.cases)) throw corrupt('not an active-case index');
  return json as unknown as ActiveIndex;
};

/** The identity of every day file now. */
export async function dayStamps(casesDir: string): Promise<Record<string, FileStamp>> {
  let names: string[];
  try {
    names = await readdir(casesDir);
  } catch {
    return {};
  }
  const stamps: Record<string, FileStamp> = {};
  await Promise.all(
    names.map(async (name) => {
      const day = DAY_FILE.exec(name)?.[1];
      if (!day) return;
      try {
        const s = await stat(join(casesDir, name));
        stamps[day] = { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
      } catch {
        // Removed meanwhile: the index will be found stale for that day.
      }
    }),
  );
  return stamps;
}

const sameStamp = (a: FileStamp | undefined, b: FileStamp | undefined) => !!a && !!b && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

/** Days whose files differ from what the index saw (changed, added or removed). */
export function staleDays(index: ActiveIndex, stamps: Record<string, FileStamp>): string[] {
  const days = new Set([...Object.keys(index.days), ...Object.keys(stamps)]);
  return [...days].filter((day) => !sameStamp(index.days[day], stamps[day]));
}

/** Whether a case belongs in the index at `now`: not closed, or opened within the window. */
export function isActive(c: Case, now: Date, windowDays = ACTIVE_WINDOW_DAYS): boolean {
  return c.status !== 'closed' || Date.parse(c.createdAt) >= now.getTime() - windowDays * 86_400_000;
}

/** Reads the index; null when it is missing or damaged (it is only ever a copy, rebuilt from the day files). */
export async function readActiveIndex(casesDir: string): Promise<ActiveIndex | null> {
  try {
    return await readStoreFile(join(casesDir, ACTIVE_INDEX_FILE), parseIndex);
  } catch {
    return null;
  }
}

/** Replaces the cases of the given days in the index with `byDay`'s, keeping only active ones, sorted by ref. */
export function patchIndex(index: ActiveIndex, byDay: Map<string, Case[]>, stamps: Record<string, FileStamp>, now: Date): ActiveIndex {
  const kept = index.cases.filter((c) => !byDay.has(c.ref.slice(3, 11)) && isActive(c, now));
  for (const cases of byDay.values()) for (const c of cases) if (isActive(c, now)) kept.push(c);
  kept.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  return { schemaVersion: SCHEMA_VERSION, days: stamps, cases: kept };
}

export const emptyIndex = (): ActiveIndex => ({ schemaVersion: SCHEMA_VERSION, days: {}, cases: [] });

export { parseStoreFile };

/**
 * The index of active cases: a summary of every case not closed, and of every case of the last weeks, kept in
 * one small file beside the day files. Repeat detection reads it instead of every day file, and listings read
 * only the day files it names, so their cost follows the shop's open work, not its whole history. It holds a
 * few fields a case (see CaseSummary), never the case: a shop that leaves 100,000 cases open still saves in
 * milliseconds. The index records each day file's identity (inode, size, mtime) when it was written; if any
 * day file changed behind its back (an older version, a repair, a crash between the two writes), the index is
 * stale and those days are read again.
 */
import type { Stats } from 'node:fs';
import { fstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dayOfRef, type CaseStatus, type CaseSummary } from '../../domain/cases.js';
import { closeQuietly, DAY_FILE, parseStoreFile, SCHEMA_VERSION, type Parse } from './files.js';

export const ACTIVE_INDEX_FILE = 'working-set.json';
/**
 * Where earlier builds kept an index of whole cases. They ignore the new file and this build ignores theirs
 * (a separate name, so neither misreads the other); the next save removes it.
 */
export const LEGACY_INDEX_FILE = 'active-index.json';
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
  /** Sorted by ref. */
  cases: CaseSummary[];
}

/** On disk each summary is a row [ref, createdAt, status, contact, sn]: a third of the size of keyed objects. */
type SummaryRow = [string, string, CaseStatus, string | null, string | null];

const isText = (v: unknown) => typeof v === 'string';
const isTextOrNull = (v: unknown) => v === null || typeof v === 'string';

const parseIndex: Parse<ActiveIndex> = (json, corrupt) => {
  const { days, cases } = json;
  if (typeof days !== 'object' || days === null || !Array.isArray(cases)) throw corrupt('not an active-case index');
  const summaries: CaseSummary[] = new Array(cases.length);
  for (let i = 0; i < cases.length; i++) {
    const row = cases[i] as unknown[];
    if (!Array.isArray(row) || row.length !== 5 || !isText(row[0]) || !isText(row[1]) || !isText(row[2]) || !isTextOrNull(row[3]) || !isTextOrNull(row[4])) {
      throw corrupt(`entry ${i} is not a case summary`);
    }
    const [ref, createdAt, status, contact, sn] = row as SummaryRow;
    summaries[i] = { ref, createdAt, status, contact, sn };
  }
  return { schemaVersion: json.schemaVersion as number, days: days as Record<string, FileStamp>, cases: summaries };
};

/** The index as the text of its file. */
export function serializeIndex(index: ActiveIndex): string {
  const rows = index.cases.map((s): SummaryRow => [s.ref, s.createdAt, s.status, s.contact, s.sn]);
  return JSON.stringify({ schemaVersion: index.schemaVersion, days: index.days, cases: rows });
}

/** The identity of every day file now. */
export function dayStamps(casesDir: string): Record<string, FileStamp> {
  let names: string[];
  try {
    names = readdirSync(casesDir);
  } catch {
    return {};
  }
  return stampDays(casesDir, {}, names.flatMap((name) => DAY_FILE.exec(name)?.[1] ?? []));
}

/**
 * The identity of every day file after this instance wrote `written`, from `earlier` (its last full look)
 * and a fresh look at the days written and at days the index knows that `earlier` did not: one stat a day
 * written instead of one a day of history. A day another version changed meanwhile keeps its old stamp
 * here, which the next full look (every read makes one) finds stale and reads again.
 */
export function restampDays(casesDir: string, earlier: Record<string, FileStamp>, written: Iterable<string>, indexed: Record<string, FileStamp>): Record<string, FileStamp> {
  const days = new Set(written);
  for (const day of Object.keys(indexed)) if (!(day in earlier)) days.add(day);
  return stampDays(casesDir, { ...earlier }, days);
}

/** `stamps` with these days' files looked at now; a day whose file is gone (removed meanwhile) is left out. */
function stampDays(casesDir: string, stamps: Record<string, FileStamp>, days: Iterable<string>): Record<string, FileStamp> {
  for (const day of days) {
    try {
      stamps[day] = stampOf(statSync(join(casesDir, `${day}.json`)));
    } catch {
      delete stamps[day];
    }
  }
  return stamps;
}

const sameStamp = (a: FileStamp | undefined, b: FileStamp | undefined) => !!a && !!b && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

/** Days whose files differ from what the index saw (changed, added or removed). */
export function staleDays(index: ActiveIndex, stamps: Record<string, FileStamp>): string[] {
  const days = new Set([...Object.keys(index.days), ...Object.keys(stamps)]);
  return [...days].filter((day) => !sameStamp(index.days[day], stamps[day]));
}

/** Whether a case belongs in the index at `now`: not closed, or opened within the window. */
export function isActive(c: Pick<CaseSummary, 'status' | 'createdAt'>, now: Date, windowDays = ACTIVE_WINDOW_DAYS): boolean {
  return c.status !== 'closed' || Date.parse(c.createdAt) >= now.getTime() - windowDays * 86_400_000;
}

/** An index as read, with the identity of the file it was read from. */
export interface StampedIndex {
  index: ActiveIndex;
  stamp: FileStamp;
}

/**
 * Reads the index, unless the file is still the one `cached` was read from (a store instance saving twice
 * reads it once); null when it is missing or damaged (it is only ever a copy, rebuilt from the day files).
 * The identity comes from the open file itself, so it always belongs to the text read.
 */
export function readActiveIndex(casesDir: string, cached: StampedIndex | null = null): StampedIndex | null {
  const path = join(casesDir, ACTIVE_INDEX_FILE);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stamp = stampOf(fstatSync(fd));
    if (cached && sameStamp(cached.stamp, stamp)) return cached;
    return { index: parseStoreFile(readFileSync(fd, 'utf8'), path, parseIndex), stamp };
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

/** The identity of the index file as it is now, to go with an index just written. */
export function indexStamp(casesDir: string): FileStamp | null {
  try {
    return stampOf(statSync(join(casesDir, ACTIVE_INDEX_FILE)));
  } catch {
    return null;
  }
}

const stampOf = (s: Stats): FileStamp => ({ ino: s.ino, size: s.size, mtimeMs: s.mtimeMs });

/** Replaces the cases of the given days in the index with `byDay`'s, keeping only active ones, sorted by ref. */
export function patchIndex(index: ActiveIndex, byDay: Map<string, CaseSummary[]>, stamps: Record<string, FileStamp>, now: Date): ActiveIndex {
  const kept = index.cases.filter((c) => !byDay.has(dayOfRef(c.ref)) && isActive(c, now));
  for (const cases of byDay.values()) for (const c of cases) if (isActive(c, now)) kept.push(c);
  kept.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  return { schemaVersion: SCHEMA_VERSION, days: stamps, cases: kept };
}

export const emptyIndex = (): ActiveIndex => ({ schemaVersion: SCHEMA_VERSION, days: {}, cases: [] });

export { parseStoreFile };

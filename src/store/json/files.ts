/**
 * The files of the JSON day-file store and how each is read: strictly, so a damaged or foreign file is named
 * and never overwritten, and an entry that is not a case is caught here rather than deep inside a command.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { dayOfRef, REF_PATTERN, type Case } from '../../domain/cases.js';
import { dictionary } from '../../domain/own.js';
import { EXIT, PulsaError } from '../../errors.js';
import { writeFileAtomic } from '../atomic-file.js';

export const SCHEMA_VERSION = 1;
export const LAYOUT = 'daily';

export interface StoreHead {
  schemaVersion: number;
  layout: typeof LAYOUT;
  createdAt: string;
  /** The shop's time zone (IANA name): days, references and displayed times follow it, whatever the process's TZ. */
  timeZone?: string;
  /**
   * Last reference sequence handed out per day, written before the day file, so a number is never reused even
   * when a day file is lost or moved aside. Absent in stores written before it existed (rebuilt on first save).
   */
  sequences?: Record<string, number>;
}

export interface DayFile {
  schemaVersion: number;
  day: string;
  /** Last reference sequence handed out this day; kept apart from the cases so a number is never reused. */
  lastSequence: number;
  cases: Case[];
}

/** Which case holds each transaction ref that `batch --save-cases` opened a case for: looked up, never scanned. */
export interface TrxIndex {
  schemaVersion: number;
  refs: Record<string, string>;
}

export type Parse<T> = (json: Record<string, unknown>, corrupt: (reason: string) => PulsaError) => T;

export const DAY_FILE = /^(\d{8})\.json$/;
export const TRX_INDEX_FILE = 'trx-index.json';
/** Temp files of writeFileAtomic: `.<name>.<pid>.<12 hex>.tmp`. */
export const TEMP_FILE = /^\..+\.\d+\.[0-9a-f]{12}\.tmp$/;

export const corruptError = (path: string, reason: string) => new PulsaError('error.storeCorrupt', { path, reason }, EXIT.store);

/** Reads one store file; null when it does not exist. */
export function readStoreFile<T>(path: string, parse: Parse<T>): T | null {
  return readStoreBytes(path, (bytes) => parseStoreFile(bytes.toString('utf8'), path, parse));
}

/** The buffer `readStoreBytes` reads into, so reading the history allocates one, not one per file. */
let readBuffer: Buffer | undefined;

/**
 * What `use` makes of a store file's bytes; null when the file does not exist. Listings read hundreds of day
 * files: each is read into a reused buffer (a new buffer per file is memory outside the heap that lingers
 * until a collection notices it), so `use` must be done with the bytes when it returns.
 */
export function readStoreBytes<T>(path: string, use: (bytes: Buffer) => T): T | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (isMissing(error)) return null;
    throw unreadable(path, error);
  }
  let buffer = readBuffer ?? Buffer.allocUnsafe(1 << 20);
  readBuffer = undefined; // `use` may read another file (it does not today): that one gets a buffer of its own
  try {
    let used = 0;
    for (;;) {
      if (used === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, used);
        buffer = larger;
      }
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, buffer, used, buffer.length - used, null);
      } catch (error) {
        throw unreadable(path, error);
      }
      if (bytesRead === 0) break;
      used += bytesRead;
    }
    return use(buffer.subarray(0, used));
  } finally {
    readBuffer = buffer;
    closeQuietly(fd);
  }
}

/**
 * A day file's data, and each case's text when the file is laid out a case a line (see serializeDay; null
 * otherwise). Such a file is decoded and parsed a line at a time, so no string the size of the file is made
 * (on some machines a large string costs more in fresh memory than in parsing). Anything else, or any line
 * that does not parse, is parsed whole, which also names what is wrong with it.
 */
export function parseDayBytes(bytes: Buffer, path: string, day: string): { data: DayFile; json: string[] | null } {
  const lines = caseLinesOf(bytes);
  if (lines) {
    try {
      const record = JSON.parse(`${lines.header}]}`) as Record<string, unknown>;
      record.cases = lines.json.map((line) => JSON.parse(line) as unknown);
      return { data: checkStoreRecord(record, path, parseDay(day)), json: lines.json };
    } catch (error) {
      if (error instanceof PulsaError) throw error;
      // A line that is not JSON: the whole file's parse says where.
    }
  }
  return { data: parseStoreFile(bytes.toString('utf8'), path, parseDay(day)), json: null };
}

/** The header line and each case's line (without its comma) of a file laid out by serializeDay; null otherwise. */
function caseLinesOf(bytes: Buffer): { header: string; json: string[] } | null {
  const first = bytes.indexOf(NEWLINE);
  if (first < 0) return null;
  const header = bytes.toString('utf8', 0, first);
  if (!header.endsWith('"cases":[')) return null;
  const json: string[] = [];
  for (let start = first + 1; ; ) {
    const end = bytes.indexOf(NEWLINE, start);
    if (end < 0) {
      // The closing line, after the last case, which has no comma.
      if (bytes.length - start !== 2 || bytes[start] !== 0x5d || bytes[start + 1] !== 0x7d || json.length === 0) return null;
      return { header, json };
    }
    const last = bytes[end - 1];
    const closing = bytes.length - end === 3 && bytes[end + 1] === 0x5d && bytes[end + 2] === 0x7d;
    // Every case line but the last ends with a comma; the last ends its object.
    if (closing ? last !== 0x7d : last !== 0x2c || bytes[end - 2] !== 0x7d) return null;
    json.push(bytes.toString('utf8', start, closing ? end : end - 1));
    start = end + 1;
  }
}

const NEWLINE = 0x0a;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Closes a file that was only read: failing to close it changes nothing that was read. */
export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Nothing to undo.
  }
}

function unreadable(path: string, error: unknown): PulsaError {
  return new PulsaError('error.storeUnreadable', { path, reason: (error as NodeJS.ErrnoException).code ?? String(error) }, EXIT.store);
}

export async function writeStoreFile(path: string, data: unknown): Promise<void> {
  // Compact JSON: indentation alone makes the file a third larger and slower to rewrite.
  await writeFileAtomic(path, JSON.stringify(data));
}

/** Writes a day file, a case a line (see serializeDay). */
export async function writeDayFile(path: string, data: DayFile): Promise<void> {
  await writeFileAtomic(path, serializeDay(data));
}

/**
 * A day file's text: compact JSON with a case a line, so a listing can hand on the text of a case without
 * writing it again. JSON.stringify never writes a raw line break, so each line between the first and the
 * last is one case (and its comma). It is still one JSON document, which earlier builds read unchanged.
 */
export function serializeDay(data: DayFile): string {
  const { cases, ...rest } = data;
  const head = JSON.stringify({ ...rest, cases: [] });
  if (cases.length === 0) return head;
  return `${head.slice(0, -2)}\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n]}`;
}

/** Whether UTF-8 text holds DEL (7F) or a C1 control character (U+0080–U+009F, bytes C2 80–C2 9F). */
export function hasDelOrC1(bytes: Buffer): boolean {
  if (bytes.indexOf(0x7f) >= 0) return true;
  for (let i = bytes.indexOf(0xc2); i >= 0; i = bytes.indexOf(0xc2, i + 1)) {
    const next = bytes[i + 1];
    if (next !== undefined && next >= 0x80 && next <= 0x9f) return true;
  }
  return false;
}

/** Parses one store file, refusing anything that is not a file of a store this version can read. */
export function parseStoreFile<T>(text: string, path: string, parse: Parse<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw corruptError(path, (error as Error).message);
  }
  return checkStoreRecord(json, path, parse);
}

/** A parsed store file, refused unless it is a file of a store this version can read. */
function checkStoreRecord<T>(json: unknown, path: string, parse: Parse<T>): T {
  const corrupt = (reason: string) => corruptError(path, reason);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw corrupt('not an object');
  const record = json as Record<string, unknown>;
  const version = record.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) throw corrupt('no schemaVersion');
  if (version > SCHEMA_VERSION) {
    throw new PulsaError('error.storeNewer', { path, found: version, supported: SCHEMA_VERSION }, EXIT.store);
  }
  if (version < 1) throw corrupt(`schemaVersion ${version} is not a version pulsa-doctor ever wrote`);
  return parse(record, corrupt);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const parseHead: Parse<StoreHead> = (json, corrupt) => {
  if (json.layout !== LAYOUT) throw corrupt(`layout is not "${LAYOUT}"`);
  if (json.timeZone !== undefined && typeof json.timeZone !== 'string') throw corrupt('timeZone is not a zone name');
  if (json.sequences !== undefined) {
    if (!isRecord(json.sequences)) throw corrupt('sequences is not an object');
    for (const [day, n] of Object.entries(json.sequences)) {
      if (!/^\d{8}$/.test(day) || !Number.isInteger(n)) throw corrupt(`sequences has a bad entry "${day}"`);
    }
  }
  return json as unknown as StoreHead;
};

/** Why a day-file entry is not a case of that day, or null when it is one. */
export function caseEntryProblem(entry: unknown, day: string): string | null {
  if (!isRecord(entry)) return `is ${entry === null ? 'null' : Array.isArray(entry) ? 'a list' : typeof entry}, not a case`;
  if (typeof entry.ref !== 'string' || !REF_PATTERN.test(entry.ref)) return 'has no valid ref';
  if (dayOfRef(entry.ref) !== day) return `holds ${entry.ref}, which belongs to another day`;
  if (typeof entry.status !== 'string' || typeof entry.createdAt !== 'string') return `${entry.ref} has no status or createdAt`;
  return null;
}

export const parseDay =
  (day: string): Parse<DayFile> =>
  (json, corrupt) => {
    if (json.day !== day) throw corrupt(`holds day ${String(json.day)}, expected ${day}`);
    if (typeof json.lastSequence !== 'number' || !Number.isInteger(json.lastSequence)) throw corrupt('no lastSequence');
    if (!Array.isArray(json.cases)) throw corrupt('no cases list');
    json.cases.forEach((entry, index) => {
      const problem = caseEntryProblem(entry, day);
      if (problem) throw corrupt(`entry ${index + 1} ${problem}`);
    });
    return json as unknown as DayFile;
  };

export const parseTrxIndex: Parse<TrxIndex> = (json, corrupt) => {
  if (!isRecord(json.refs)) throw corrupt('no refs map');
  // Keyed by what a reseller's file calls its transactions: `constructor` or `__proto__` is a ref like another.
  return { ...json, refs: Object.assign(dictionary<string>(), json.refs) } as unknown as TrxIndex;
};

/** The highest sequence among the references written in a file's text, even a damaged one. */
export function highestSequenceIn(text: string, day: string): number {
  let highest = 0;
  for (const match of text.matchAll(new RegExp(`KP-${day}-(\\d{4,})`, 'g'))) highest = Math.max(highest, Number(match[1]));
  return highest;
}

/**
 * The files of the JSON day-file store and how each is read: strictly, so a damaged or foreign file is named
 * and never overwritten, and an entry that is not a case is caught here rather than deep inside a command.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { REF_PATTERN, type Case } from '../../domain/cases.js';
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
export async function readStoreFile<T>(path: string, parse: Parse<T>): Promise<T | null> {
  const read = await readStoreText(path);
  return read && parseStoreFile(read.text, path, parse);
}

/** Buffers `readStoreText` reads into and gives back, so reading the history allocates a few, not one per file. */
const textBuffers: Buffer[] = [];

/**
 * A store file's text, and whether it is plain (no DEL or C1 control character: see hasDelOrC1); null when
 * it does not exist. Listings read hundreds of day files: each is read into a reused buffer, since a new
 * buffer per file is memory outside the heap that lingers until a collection notices it.
 */
export async function readStoreText(path: string): Promise<{ text: string; plain: boolean } | null> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    if (isMissing(error)) return null;
    throw unreadable(path, error);
  }
  let buffer = textBuffers.pop() ?? Buffer.allocUnsafe(1 << 20);
  try {
    let used = 0;
    for (;;) {
      if (used === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, used);
        buffer = larger;
      }
      const { bytesRead } = await file.read(buffer, used, buffer.length - used, null);
      if (bytesRead === 0) break;
      used += bytesRead;
    }
    const bytes = buffer.subarray(0, used);
    return { text: bytes.toString('utf8'), plain: !hasDelOrC1(bytes) };
  } catch (error) {
    throw unreadable(path, error);
  } finally {
    textBuffers.push(buffer);
    await file.close().catch(() => {});
  }
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

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

/**
 * The text of each case of a day file laid out by serializeDay, in order; null when the text is laid out
 * otherwise (an earlier build's single line, a hand edit), and the caller writes the cases' JSON itself.
 */
export function caseLines(text: string, cases: readonly Case[]): string[] | null {
  if (cases.length === 0) return [];
  const lines = text.split('\n');
  if (lines.length !== cases.length + 2 || !lines[0]!.endsWith('"cases":[') || lines[lines.length - 1] !== ']}') return null;
  const json = new Array<string>(cases.length);
  for (let i = 0; i < cases.length; i++) {
    let line = lines[i + 1]!;
    if (i < cases.length - 1) {
      if (!line.endsWith(',')) return null;
      line = line.slice(0, -1);
    }
    // Each line must open with its own case's reference: a line break anywhere else fails here.
    if (!line.startsWith(`{"ref":"${cases[i]!.ref}",`) || !line.endsWith('}')) return null;
    json[i] = line;
  }
  return json;
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
  const corrupt = (reason: string) => corruptError(path, reason);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw corrupt((error as Error).message);
  }
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
  if (entry.ref.slice(3, 11) !== day) return `holds ${entry.ref}, which belongs to another day`;
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
  return json as unknown as TrxIndex;
};

/** The highest sequence among the references written in a file's text, even a damaged one. */
export function highestSequenceIn(text: string, day: string): number {
  let highest = 0;
  for (const match of text.matchAll(new RegExp(`KP-${day}-(\\d{4,})`, 'g'))) highest = Math.max(highest, Number(match[1]));
  return highest;
}

/**
 * `pulsa store check` and `pulsa store repair` for the JSON day-file store: find every problem, then move
 * damaged files to a dated quarantine folder and rebuild what can be rebuilt. Nothing is ever deleted.
 */
import { machineTimeZone } from '../../io/machine-zone.js';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, type Stats } from 'node:fs';
import { eventLoopTurns } from './turns.js';
import { dictionary } from '../../domain/own.js';
import { basename, dirname, join } from 'node:path';
import type { JsonCaseStore as CaseStore } from '../case-store.js';
import {
  caseEntryProblem,
  DAY_FILE,
  highestSequenceIn,
  LAYOUT,
  parseDay,
  parseHead,
  parseStoreFile,
  parseTrxIndex,
  readStoreBytes,
  SCHEMA_VERSION,
  TEMP_FILE,
  TRX_INDEX_FILE,
  writeDayFile,
  writeStoreFile,
  type DayFile,
  type StoreHead,
} from './files.js';
import { LOCK_STALE_MS } from './lock.js';
import { EXIT, PulsaError } from '../../errors.js';
import { sequenceOfRef } from '../../domain/cases.js';
import { defaultTimeZone } from '../../domain/time-zone.js';

export type ProblemCode =
  | 'head-damaged'
  | 'day-damaged'
  | 'entry-damaged'
  | 'index-damaged'
  | 'index-behind'
  | 'sequence-behind'
  | 'sequence-gap'
  | 'orphan-temp'
  | 'stale-lock'
  | 'stray-file';

export interface StoreProblem {
  code: ProblemCode;
  /** `error`: data cannot be read; `warning`: repair rebuilds it; `notice`: worth knowing, nothing lost. */
  severity: 'error' | 'warning' | 'notice';
  path: string;
  detail: string;
}

export interface RepairReport {
  quarantine: string | null;
  moved: string[];
  rebuilt: string[];
}

const SEVERITY: Record<ProblemCode, StoreProblem['severity']> = {
  'head-damaged': 'error',
  'day-damaged': 'error',
  'entry-damaged': 'error',
  'index-damaged': 'error',
  'index-behind': 'warning',
  'sequence-behind': 'warning',
  'sequence-gap': 'notice',
  'orphan-temp': 'notice',
  'stale-lock': 'notice',
  'stray-file': 'notice',
};

const reasonOf = (error: unknown) => (error instanceof PulsaError ? String(error.vars.reason ?? error.key) : (error as Error).message);

/** A store file's text, null when it does not exist; one that cannot be read (a folder, no permission) is named. */
function readText(path: string): string | null {
  return readStoreBytes(path, (bytes) => bytes.toString('utf8'));
}

/**
 * Refuses a store path that names some other file: one that is not a store head and has no cases folder beside
 * it. Check would call it damaged, and repair would move it aside and write a store in its place (`--store
 * notes.txt`, or a system file for someone working as root).
 */
function refuseForeignFile(store: CaseStore, headText: string | null): void {
  if (headText === null || existsSync(store.casesDir)) return;
  // A head cut short (a crash, a full disk) still starts as one.
  if (/^\s*\{\s*"schemaVersion"/.test(headText)) return;
  try {
    parseStoreFile(headText, store.path, parseHead);
  } catch {
    throw new PulsaError('error.notAStore', { path: store.path, cases: basename(store.casesDir) }, EXIT.store);
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Every problem in the store, without changing anything. */
export async function checkStore(store: CaseStore, now = new Date()): Promise<StoreProblem[]> {
  const problems: StoreProblem[] = [];
  const add = (code: ProblemCode, path: string, detail: string) => problems.push({ code, severity: SEVERITY[code], path, detail });

  let head: StoreHead | null = null;
  const headText = readText(store.path);
  if (headText !== null) {
    try {
      head = parseStoreFile(headText, store.path, parseHead);
    } catch (error) {
      refuseForeignFile(store, headText);
      add('head-damaged', store.path, reasonOf(error));
    }
  }

  const referenced = new Map<string, string>();
  const turn = eventLoopTurns();
  for (const name of listDir(store.casesDir)) {
    await turn();
    const path = join(store.casesDir, name);
    const day = DAY_FILE.exec(name)?.[1];
    if (name === TRX_INDEX_FILE) continue;
    if (TEMP_FILE.test(name)) {
      add('orphan-temp', path, `${Math.round((now.getTime() - statSync(path).mtimeMs) / 1000)} s old`);
      continue;
    }
    if (!day) {
      add('stray-file', path, 'not a day file');
      continue;
    }
    const text = readText(path) ?? '';
    const { data, problem, entryProblem } = readDayLeniently(text, path, day);
    if (problem) add('day-damaged', path, problem);
    if (entryProblem) add('entry-damaged', path, entryProblem);
    const lastSequence = Math.max(data?.lastSequence ?? 0, highestSequenceIn(text, day));
    if (head?.sequences && (head.sequences[day] ?? 0) < lastSequence) {
      add('sequence-behind', store.path, `${day}: head ${head.sequences[day] ?? 0}, day file ${lastSequence}`);
    }
    if (data) {
      const present = new Set(data.cases.map((c) => sequenceOfRef(c.ref)));
      const missing = [];
      for (let n = 1; n <= data.lastSequence; n++) if (!present.has(n)) missing.push(n);
      if (missing.length) add('sequence-gap', path, `${missing.length} number(s) without a case, first ${day}-${String(missing[0]).padStart(4, '0')}`);
      for (const c of data.cases) if (c.source?.ref) referenced.set(c.source.ref, c.ref);
    }
  }

  const indexText = readText(store.trxIndexPath);
  let indexed = dictionary<string>();
  if (indexText !== null) {
    try {
      indexed = parseStoreFile(indexText, store.trxIndexPath, parseTrxIndex).refs;
    } catch (error) {
      add('index-damaged', store.trxIndexPath, reasonOf(error));
    }
  }
  const unindexed = [...referenced.keys()].filter((trxRef) => indexed[trxRef] === undefined);
  if (head?.sequences && unindexed.length) add('index-behind', store.trxIndexPath, `${unindexed.length} transaction ref(s) missing, first ${unindexed[0]}`);

  const headDir = dirname(store.path);
  const headPrefix = `.${basename(store.path)}.`;
  for (const name of listDir(headDir)) {
    const path = join(headDir, name);
    if (name.startsWith(headPrefix) && TEMP_FILE.test(name)) add('orphan-temp', path, `${Math.round((now.getTime() - statSync(path).mtimeMs) / 1000)} s old`);
  }
  let lock: Stats | null = null;
  try {
    lock = statSync(`${store.path}.lock`);
  } catch {
    // No lock, or none this check can see.
  }
  if (lock && now.getTime() - lock.mtimeMs > LOCK_STALE_MS) add('stale-lock', `${store.path}.lock`, 'left by a process that stopped; the next save takes it over');
  return problems;
}

/** A day file's cases, keeping the good entries of a file whose JSON parses but holds entries that are not cases. */
function readDayLeniently(text: string, path: string, day: string): { data: DayFile | null; problem?: string; entryProblem?: string } {
  try {
    return { data: parseStoreFile(text, path, parseDay(day)) };
  } catch (error) {
    const reason = reasonOf(error);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { data: null, problem: reason };
    }
    const record = json as Partial<DayFile> | null;
    if (!record || typeof record !== 'object' || record.day !== day || !Array.isArray(record.cases) || record.schemaVersion !== SCHEMA_VERSION) {
      return { data: null, problem: reason };
    }
    const cases = record.cases.filter((entry) => caseEntryProblem(entry, day) === null);
    const lastSequence = Number.isInteger(record.lastSequence) ? record.lastSequence! : 0;
    return { data: { schemaVersion: SCHEMA_VERSION, day, lastSequence, cases }, entryProblem: reason };
  }
}

/**
 * Moves damaged files and orphan temp files to `store.quarantine/<time>/`, writes back the readable cases of
 * a day with bad entries, and rebuilds the head's sequences and the transaction-ref index, under the lock.
 */
export async function repairStore(store: CaseStore, now = new Date()): Promise<RepairReport> {
  // Before the lock, which makes the store's folder.
  refuseForeignFile(store, readText(store.path));
  return store.withLock(async (lock) => {
    const report: RepairReport = { quarantine: null, moved: [], rebuilt: [] };
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    const quarantine = (path: string) => {
      const folder = join(store.quarantineDir, stamp);
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      report.quarantine = folder;
      const target = join(folder, basename(path));
      lock.assertHeld();
      renameSync(path, target);
      report.moved.push(path);
      return target;
    };
    const lostTexts: { day: string; text: string }[] = [];

    let head: StoreHead | null = null;
    const headText = readText(store.path);
    if (headText !== null) {
      try {
        head = parseStoreFile(headText, store.path, parseHead);
      } catch {
        quarantine(store.path);
      }
    }

    const turn = eventLoopTurns();
    for (const name of listDir(store.casesDir)) {
      await turn();
      const path = join(store.casesDir, name);
      if (TEMP_FILE.test(name)) {
        quarantine(path);
        continue;
      }
      const day = DAY_FILE.exec(name)?.[1];
      if (!day) continue;
      const text = readText(path) ?? '';
      const { data, problem, entryProblem } = readDayLeniently(text, path, day);
      if (!problem && !entryProblem) continue;
      lostTexts.push({ day, text });
      quarantine(path);
      if (data) {
        await writeDayFile(path, { ...data, lastSequence: Math.max(data.lastSequence, highestSequenceIn(text, day)) });
        report.rebuilt.push(path);
      }
    }
    const indexText = readText(store.trxIndexPath);
    if (indexText !== null) {
      try {
        parseStoreFile(indexText, store.trxIndexPath, parseTrxIndex);
      } catch {
        quarantine(store.trxIndexPath);
      }
    }
    const headDir = dirname(store.path);
    const headPrefix = `.${basename(store.path)}.`;
    for (const name of listDir(headDir)) {
      if (name.startsWith(headPrefix) && TEMP_FILE.test(name)) quarantine(join(headDir, name));
    }

    const { sequences, refs } = await store.rebuildIndexes(lostTexts);
    for (const [day, n] of Object.entries(head?.sequences ?? {})) sequences[day] = Math.max(sequences[day] ?? 0, n);
    lock.assertHeld();
    await writeStoreFile(store.trxIndexPath, { schemaVersion: SCHEMA_VERSION, refs });
    report.rebuilt.push(store.trxIndexPath);
    // A damaged head may still say which zone the shop chose.
    const zone = /"timeZone":"([A-Za-z_/+-]+)"/.exec(headText ?? '')?.[1];
    const base: StoreHead = head ?? { schemaVersion: SCHEMA_VERSION, layout: LAYOUT, createdAt: now.toISOString(), timeZone: zone ?? defaultTimeZone(machineTimeZone()) };
    await writeStoreFile(store.path, { ...base, sequences });
    report.rebuilt.push(store.path);
    return report;
  });
}

/**
 * The case store: a small lowdb JSON head file (the path users name) and one lowdb JSON file per day of cases
 * beside it. A save rewrites only its day's file, so its cost does not grow with the shop's whole history,
 * which a single lowdb document (serialised whole on every write) cannot avoid.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { dayKey } from '../domain/clock.js';
import { formatRef, REF_PATTERN, type Case } from '../domain/cases.js';
import { EXIT, PulsaError } from '../errors.js';
import { writeFileAtomic } from './atomic-file.js';

export const SCHEMA_VERSION = 1;
const LAYOUT = 'daily';

export interface StoreHead {
  schemaVersion: number;
  layout: typeof LAYOUT;
  createdAt: string;
}

export interface DayFile {
  schemaVersion: number;
  day: string;
  /** Last reference sequence handed out this day; kept apart from the cases so a number is never reused. */
  lastSequence: number;
  cases: Case[];
}

export interface LockOptions {
  /** How long to keep retrying a lock held by another counter before giving up. */
  waitMs?: number;
  /** Called once when the lock has not come within a second, so the person waiting is told why. */
  onWait?: () => void;
}

export interface DayRange {
  since?: Date;
  until?: Date;
}

type Parse<T> = (json: Record<string, unknown>, corrupt: (reason: string) => PulsaError) => T;

// lowdb's own JSONFile adapter writes through steno (one shared temp name, no fsync) and its preset keeps
// data in memory under NODE_ENV=test; this adapter reads strictly and writes durably.
class StrictJsonFile<T> implements Adapter<T> {
  constructor(
    readonly path: string,
    private readonly parse: Parse<T>,
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      throw new PulsaError('error.storeUnreadable', { path: this.path, reason: code ?? String(error) }, EXIT.store);
    }
    return parseStoreFile(text, this.path, this.parse);
  }

  async write(data: T): Promise<void> {
    // Compact JSON: indentation alone makes the file a third larger and slower to rewrite.
    await writeFileAtomic(this.path, JSON.stringify(data));
  }
}

/** Parses one store file, refusing anything that is not a file of a store this version can read. */
export function parseStoreFile<T>(text: string, path: string, parse: Parse<T>): T {
  const corrupt = (reason: string) => new PulsaError('error.storeCorrupt', { path, reason }, EXIT.store);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw corrupt((error as Error).message);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw corrupt('not an object');
  const record = json as Record<string, unknown>;
  if (typeof record.schemaVersion !== 'number') throw corrupt('no schemaVersion');
  if (record.schemaVersion > SCHEMA_VERSION) {
    throw new PulsaError('error.storeNewer', { path, found: record.schemaVersion, supported: SCHEMA_VERSION }, EXIT.store);
  }
  return parse(record, corrupt);
}

const parseHead: Parse<StoreHead> = (json, corrupt) => {
  if (json.layout !== LAYOUT) throw corrupt(`layout is not "${LAYOUT}"`);
  return json as unknown as StoreHead;
};

const parseDay =
  (day: string): Parse<DayFile> =>
  (json, corrupt) => {
    if (json.day !== day) throw corrupt(`holds day ${String(json.day)}, expected ${day}`);
    if (typeof json.lastSequence !== 'number') throw corrupt('no lastSequence');
    if (!Array.isArray(json.cases)) throw corrupt('no cases list');
    return json as unknown as DayFile;
  };

const DAY_FILE = /^(\d{8})\.json$/;

export class CaseStore {
  /** Folder of day files beside the head: store.json → store.cases/. */
  readonly casesDir: string;
  /** Folder of attached evidence beside the head: store.json → store.evidence/<ref>/. */
  readonly evidenceDir: string;

  constructor(
    readonly path: string,
    private readonly lockOptions: LockOptions = {},
  ) {
    const stem = join(dirname(path), basename(path, extname(path)));
    this.casesDir = `${stem}.cases`;
    this.evidenceDir = `${stem}.evidence`;
  }

  /** Cases created in the range of days (all when no range), oldest first. Needs no lock: files are replaced atomically. */
  async listCases(range: DayRange = {}): Promise<Case[]> {
    const cases: Case[] = [];
    for await (const day of this.casesByDay(range)) cases.push(...day);
    return cases;
  }

  /** The cases of each day in the range, one day at a time, so an export holds one day in memory, not the store. */
  async *casesByDay(range: DayRange = {}): AsyncGenerator<Case[]> {
    if (!(await this.readHead())) return;
    const from = range.since ? dayKey(range.since) : '';
    const to = range.until ? dayKey(range.until) : '99999999';
    for (const day of await this.days()) {
      if (day >= from && day <= to) yield (await this.readDay(day)).cases;
    }
  }

  async getCase(ref: string): Promise<Case> {
    const found = REF_PATTERN.test(ref) && (await this.readHead()) ? (await this.readDay(dayOfRef(ref))).cases.find((c) => c.ref === ref) : undefined;
    if (!found) throw new PulsaError('error.caseNotFound', { ref }, EXIT.notFound);
    return found;
  }

  /** Allocates the next reference number of the day and saves the case built for it. */
  async createCase(build: (ref: string, now: Date) => Case, now = new Date()): Promise<Case> {
    const [created] = await this.createCases([build], now);
    return created!;
  }

  /** Saves many new cases of one day under a single lock, numbered in order. */
  async createCases(builds: ((ref: string, now: Date) => Case)[], now = new Date()): Promise<Case[]> {
    const day = dayKey(now);
    return this.changeDay(day, (data) =>
      builds.map((build) => {
        data.lastSequence += 1;
        const created = build(formatRef(day, data.lastSequence), now);
        data.cases.push(created);
        return created;
      }),
    );
  }

  /** Replaces one case with what `change` makes of it; the store is untouched if `change` throws. */
  async updateCase(ref: string, change: (current: Case) => Case): Promise<Case> {
    if (!REF_PATTERN.test(ref)) throw new PulsaError('error.caseNotFound', { ref }, EXIT.notFound);
    return this.changeDay(dayOfRef(ref), (data) => {
      const index = data.cases.findIndex((c) => c.ref === ref);
      if (index < 0) throw new PulsaError('error.caseNotFound', { ref }, EXIT.notFound);
      const next = change(data.cases[index]!);
      data.cases[index] = next;
      return next;
    });
  }

  /** Runs `change` on one day's fresh data under the cross-process lock, then saves that day. */
  async changeDay<T>(day: string, change: (data: DayFile) => T): Promise<T> {
    await mkdir(this.casesDir, { recursive: true, mode: 0o700 });
    const release = await this.lock();
    try {
      await this.ensureHead();
      const db = this.openDay(day);
      await db.read();
      const result = change(db.data);
      await db.write();
      return result;
    } finally {
      await release();
    }
  }

  private openDay(day: string): Low<DayFile> {
    const empty: DayFile = { schemaVersion: SCHEMA_VERSION, day, lastSequence: 0, cases: [] };
    return new Low(new StrictJsonFile(join(this.casesDir, `${day}.json`), parseDay(day)), empty);
  }

  private async readDay(day: string): Promise<DayFile> {
    const db = this.openDay(day);
    await db.read();
    return db.data;
  }

  private async days(): Promise<string[]> {
    try {
      return (await readdir(this.casesDir)).flatMap((name) => DAY_FILE.exec(name)?.[1] ?? []).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new PulsaError('error.storeUnreadable', { path: this.casesDir, reason: (error as NodeJS.ErrnoException).code ?? String(error) }, EXIT.store);
    }
  }

  private headFile(): StrictJsonFile<StoreHead> {
    return new StrictJsonFile(this.path, parseHead);
  }

  private readHead(): Promise<StoreHead | null> {
    return this.headFile().read();
  }

  private async ensureHead(): Promise<void> {
    if (await this.readHead()) return;
    await this.headFile().write({ schemaVersion: SCHEMA_VERSION, layout: LAYOUT, createdAt: new Date().toISOString() });
  }

  private async lock(): Promise<() => Promise<void>> {
    const waitMs = this.lockOptions.waitMs ?? 15_000;
    const { onWait } = this.lockOptions;
    // Loaded here, not at the top: commands that only read the store never pay for the locking library.
    const { default: lockfile } = await import('proper-lockfile');
    const notice = onWait ? setTimeout(onWait, 1000) : undefined;
    try {
      return await lockfile.lock(this.path, {
        realpath: false,
        lockfilePath: `${this.path}.lock`,
        stale: 10_000,
        retries: { retries: Math.ceil(waitMs / 100), minTimeout: 20, maxTimeout: 150, factor: 1.3, randomize: true },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
        throw new PulsaError('error.storeBusy', { path: this.path }, EXIT.store);
      }
      throw new PulsaError('error.storeUnreadable', { path: this.path, reason: (error as Error).message }, EXIT.store);
    } finally {
      clearTimeout(notice);
    }
  }
}

function dayOfRef(ref: string): string {
  return ref.slice(3, 11);
}

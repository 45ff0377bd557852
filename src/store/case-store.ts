/** The case store: one lowdb JSON file, locked across processes and replaced atomically. */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import lockfile from 'proper-lockfile';
import { formatRef, refDay, type Case } from '../domain/cases.js';
import { EXIT, PulsaError } from '../errors.js';
import { writeFileAtomic } from './atomic-file.js';

export const SCHEMA_VERSION = 1;

export interface StoreData {
  schemaVersion: number;
  /** Last reference sequence per day (YYYYMMDD); kept even when cases are removed so numbers are never reused. */
  sequences: Record<string, number>;
  cases: Case[];
}

const emptyData = (): StoreData => ({ schemaVersion: SCHEMA_VERSION, sequences: {}, cases: [] });

// lowdb's own JSONFile adapter writes through steno (shared temp name, no fsync) and its preset
// keeps data in memory under NODE_ENV=test; this adapter reads strictly and writes durably.
class StoreFile implements Adapter<StoreData> {
  constructor(readonly path: string) {}

  async read(): Promise<StoreData | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      throw new PulsaError('error.storeUnreadable', { path: this.path, reason: code ?? String(error) }, EXIT.store);
    }
    return parseStore(text, this.path);
  }

  async write(data: StoreData): Promise<void> {
    // Compact JSON: the whole file is rewritten on every save, and indentation alone makes it a third larger.
    await writeFileAtomic(this.path, JSON.stringify(data));
  }
}

/** Parses store text, refusing anything that is not a store this version can read. */
export function parseStore(text: string, path: string): StoreData {
  const corrupt = (reason: string) => new PulsaError('error.storeCorrupt', { path, reason }, EXIT.store);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw corrupt((error as Error).message);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw corrupt('not an object');
  const data = json as Partial<StoreData>;
  if (typeof data.schemaVersion !== 'number') throw corrupt('no schemaVersion');
  if (data.schemaVersion > SCHEMA_VERSION) {
    throw new PulsaError('error.storeNewer', { path, found: data.schemaVersion, supported: SCHEMA_VERSION }, EXIT.store);
  }
  if (!Array.isArray(data.cases)) throw corrupt('no cases list');
  if (typeof data.sequences !== 'object' || data.sequences === null) throw corrupt('no sequences');
  return data as StoreData;
}

export interface LockOptions {
  /** How long to keep retrying a lock held by another counter before giving up. */
  waitMs?: number;
}

export class CaseStore {
  private readonly db: Low<StoreData>;

  constructor(
    readonly path: string,
    private readonly lockOptions: LockOptions = {},
  ) {
    this.db = new Low(new StoreFile(path), emptyData());
  }

  /** A snapshot of the store; an absent file reads as empty. Needs no lock: writes replace the file atomically. */
  async read(): Promise<StoreData> {
    await this.db.read();
    return this.db.data;
  }

  /** Runs `change` on fresh data under the cross-process lock and saves the result; the store is untouched if it throws. */
  async update<T>(change: (data: StoreData) => T): Promise<T> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const release = await this.lock();
    try {
      await this.db.read();
      const result = change(this.db.data);
      this.db.data.schemaVersion = SCHEMA_VERSION;
      await this.db.write();
      return result;
    } finally {
      await release();
    }
  }

  /** Allocates the next reference number of the day and saves the case built for it. */
  async createCase(build: (ref: string) => Case, now = new Date()): Promise<Case> {
    return this.update((data) => {
      const day = refDay(now);
      const sequence = (data.sequences[day] ?? 0) + 1;
      data.sequences[day] = sequence;
      const created = build(formatRef(day, sequence));
      data.cases.push(created);
      return created;
    });
  }

  /** Replaces one case with what `change` makes of it. */
  async updateCase(ref: string, change: (current: Case) => Case): Promise<Case> {
    return this.update((data) => {
      const index = data.cases.findIndex((c) => c.ref === ref);
      if (index < 0) throw new PulsaError('error.caseNotFound', { ref }, EXIT.notFound);
      const next = change(data.cases[index]!);
      data.cases[index] = next;
      return next;
    });
  }

  async getCase(ref: string): Promise<Case> {
    const found = (await this.read()).cases.find((c) => c.ref === ref);
    if (!found) throw new PulsaError('error.caseNotFound', { ref }, EXIT.notFound);
    return found;
  }

  private async lock(): Promise<() => Promise<void>> {
    const waitMs = this.lockOptions.waitMs ?? 15_000;
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
    }
  }
}

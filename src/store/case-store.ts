/**
 * The case store: a small lowdb-style JSON head file (the path users name) and one JSON file per day of cases
 * beside it. A save rewrites only its day's file (and the small head), so its cost does not grow with the
 * shop's whole history, which a single lowdb document (serialised whole on every write) cannot avoid.
 *
 * Its file calls are synchronous (here, in json/ and in atomic-file.ts), behind the same promise methods as
 * the PostgreSQL store. A command makes one store call at a time, each call a chain of file calls that wait
 * for the one before, with nothing else to do meanwhile: through libuv's thread pool every file call cost a
 * round trip, and the first one the pool's start (about 3 ms of diagnose's 40 on a slow machine).
 */
import { compareCodes } from '../domain/text.js';
import { machineTimeZone } from '../io/machine-zone.js';
import { mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { isInside } from '../io/out-target.js';
import { basename, dirname, extname, join } from 'node:path';
import { stampActor, type Actor } from '../domain/actor.js';
import { dayKey } from '../domain/clock.js';
import { dayOfRef, formatRef, sequenceOfRef, ledgerOf, REF_PATTERN, summaryOf, type Case, type CaseSummary } from '../domain/cases.js';
import { defaultTimeZone, resolveTimeZone } from '../domain/time-zone.js';
import { EXIT, PulsaError } from '../errors.js';
import {
  DAY_FILE,
  highestSequenceIn,
  LAYOUT,
  parseDay,
  parseHead,
  parseStoreFile,
  parseTrxIndex,
  readStoreFile,
  SCHEMA_VERSION,
  TEMP_FILE,
  TRX_INDEX_FILE,
  hasDelOrC1,
  parseDayBytes,
  readStoreBytes,
  writeDayFile,
  writeStoreFile,
  type DayFile,
  type StoreHead,
  type TrxIndex,
} from './json/files.js';
import { lockStore, type HeldLock, type LockWaitOptions } from './json/lock.js';
import { replaceFile, writeFileAtomic } from './atomic-file.js';
import { checkFolderSafety } from './json/folder-safety.js';
import { eventLoopTurns } from './json/turns.js';
import {
  ACTIVE_INDEX_FILE,
  ACTIVE_WINDOW_DAYS,
  dayStamps,
  emptyIndex,
  indexStamp,
  isActive,
  LEGACY_INDEX_FILE,
  patchIndex,
  readActiveIndex,
  restampDays,
  serializeIndex,
  staleDays,
  type ActiveIndex,
  type FileStamp,
  type StampedIndex,
} from './json/active-index.js';
import { sameCase } from './compare.js';
import { assertUnchanged } from './guard.js';
import type { CaseBuilder, CaseStore, DayRange, EvidenceBlob, LedgerRow, PutResult, DaySelection, StoredDay, TrxCaseRequest, UpdateOptions } from './types.js';
import { sha256Hex } from '../io/sha256.js';
import { dictionary } from '../domain/own.js';

export { ACTIVE_INDEX_FILE, parseStoreFile, SCHEMA_VERSION, type DayFile, type StoreHead };

export interface JsonStoreOptions extends LockWaitOptions {
  /** Told of each day file that cannot be read and was skipped, so the person knows the list is incomplete. */
  onDamaged?: (path: string, reason: string) => void;
  /** The zone a store created by this instance records (default: the machine's, WIB when unknown). */
  timeZone?: string;
  /** Who makes the changes: stamped on every event and payment a change adds. */
  actor?: Actor;
}

export type { DayRange } from './types.js';
export type CaseBuild = CaseBuilder;

export type { TrxCaseRequest } from './types.js';

/** Orphan temp files younger than this may belong to a writer that is still running on another store path. */
const ORPHAN_TEMP_AGE_MS = 60_000;
/** An active-case index this size summarises some 20,000 cases: beyond it, listings read every day file instead. */
const SMALL_INDEX_BYTES = 2 * 1024 * 1024;

/** Reads the shop's zone from a head file without a lock; null when there is no store or no readable zone. */
export function readStoreTimeZone(path: string): string | null {
  try {
    const head = parseStoreFile(readFileSync(path, 'utf8'), path, parseHead);
    return head.timeZone ? resolveTimeZone(head.timeZone) : null;
  } catch {
    // A missing or damaged head is reported by the command that uses the store, with its own message.
    return null;
  }
}

export class JsonCaseStore implements CaseStore {
  readonly kind = 'json';
  /** Folder of day files beside the head: store.json → store.cases/. */
  readonly casesDir: string;
  /** Folder of attached evidence beside the head: store.json → store.evidence/<ref>/. */
  readonly evidenceDir: string;
  /** Where `pulsa store repair` moves damaged files: store.json → store.quarantine/<time>/. */
  readonly quarantineDir: string;
  readonly trxIndexPath: string;
  /** Day files that could not be read by the listings of this instance, each once. */
  readonly skippedFiles: string[] = [];
  private cleanedTemps = false;
  /** The active-case index as this instance last read or wrote it; used again while its file is unchanged. */
  private indexCache: StampedIndex | null = null;
  /** The day files' identities at this instance's last look at all of them. */
  private lastStamps: Record<string, FileStamp> | null = null;

  constructor(
    readonly path: string,
    private readonly options: JsonStoreOptions = {},
  ) {
    const stem = join(dirname(path), basename(path, extname(path)));
    this.casesDir = `${stem}.cases`;
    this.evidenceDir = `${stem}.evidence`;
    this.quarantineDir = `${stem}.quarantine`;
    this.trxIndexPath = join(this.casesDir, TRX_INDEX_FILE);
  }

  get location(): string {
    return this.path;
  }

  /** Cases created in the range of days (all when no range), oldest first. Needs no lock: files are replaced atomically. */
  async listCases(range: DayRange = {}): Promise<Case[]> {
    const cases: Case[] = [];
    for await (const day of this.casesByDay(range)) cases.push(...day);
    return cases;
  }

  /**
   * The cases of each day in the range, one day at a time, so an export holds one day in memory, not the store.
   * A day file that cannot be read costs only that day: it is skipped, named through `onDamaged`, and listed
   * in `skippedFiles`.
   */
  async *casesByDay(range: DayRange = {}): AsyncGenerator<Case[]> {
    const { days } = await this.selectDays({ range });
    for await (const [, data] of this.readDays(days, (day) => this.readDay(day))) if (data) yield data.cases;
  }

  /** The working set a day at a time: only the day files the index names, so memory and time follow the open work. */
  async *activeCasesByDay(now: Date, windowDays: number): AsyncGenerator<Case[]> {
    const { days, keep } = await this.selectDays({ activeAt: now, windowDays });
    for await (const [, data] of this.readDays(days, (day) => this.readDay(day))) if (data) yield data.cases.filter(keep);
  }

  /** Cases with their JSON: the lines of the day file as read, where it was written a case a line. */
  async *storedDays(select: DaySelection): AsyncGenerator<StoredDay> {
    const { days, keep } = await this.selectDays(select);
    for await (const [, stored] of this.readDays(days, (day) => this.readStoredDay(day))) {
      if (!stored) continue;
      const cases: Case[] = [];
      const json: string[] = [];
      stored.cases.forEach((c, i) => {
        if (!keep(c)) return;
        cases.push(c);
        json.push(stored.json[i]!);
      });
      yield { cases, json, plainText: stored.plainText };
    }
  }

  /**
   * Which day files hold the cases asked for, and which of their cases: a range's days; or the working set,
   * from the days the active-case index names (all days for a look-back longer than the index keeps).
   */
  private async selectDays(select: DaySelection): Promise<{ days: string[]; keep: (c: Case) => boolean }> {
    if (!(await this.readHead())) return { days: [], keep: () => true };
    if ('range' in select) {
      const from = select.range.since ? dayKey(select.range.since) : '';
      const to = select.range.until ? dayKey(select.range.until) : '99999999';
      return { days: (await this.days()).filter((day) => day >= from && day <= to), keep: () => true };
    }
    const { activeAt, windowDays } = select;
    const keep = (c: Pick<Case, 'status' | 'createdAt'>) => isActive(c, activeAt, windowDays);
    if (windowDays > ACTIVE_WINDOW_DAYS || !this.indexIsSmall()) return { days: await this.days(), keep };
    const active = (await this.currentIndex()).cases.filter(keep);
    return { days: [...new Set(active.map((c) => dayOfRef(c.ref)))], keep };
  }

  /**
   * Whether the index is there and small enough to be worth reading before the day files. A large one (a shop
   * that leaves its cases open) names nearly every day anyway, and a missing one would be rebuilt from them.
   */
  private indexIsSmall(): boolean {
    try {
      return statSync(join(this.casesDir, ACTIVE_INDEX_FILE)).size <= SMALL_INDEX_BYTES;
    } catch {
      return false;
    }
  }

  /**
   * Each of these days in turn as `read` gives it, with null for a day whose file is damaged (skipped and
   * named through `onDamaged`).
   */
  private async *readDays<T>(days: string[], read: (day: string) => Promise<T>): AsyncGenerator<[string, T | null]> {
    const turn = eventLoopTurns();
    for (const day of days) {
      await turn();
      let data: T;
      try {
        data = await read(day);
      } catch (error) {
        if (!(error instanceof PulsaError) || !['error.storeCorrupt', 'error.storeUnreadable'].includes(error.key)) throw error;
        this.skipped(String(error.vars.path), String(error.vars.reason));
        yield [day, null];
        continue;
      }
      yield [day, data];
    }
  }

  async getCase(ref: string): Promise<Case> {
    const found = REF_PATTERN.test(ref) && (await this.readHead()) ? (await this.readDay(dayOfRef(ref))).cases.find((c) => c.ref === ref) : undefined;
    if (!found) throw new PulsaError('error.caseNotFound', { ref }, EXIT.notFound);
    return found;
  }

  /** Whether `path` (absolute, folders resolved) is one of the store's own files or inside its folders. */
  owns(path: string): boolean {
    const own = [this.path, `${this.path}.lock`, this.casesDir, this.evidenceDir, this.quarantineDir];
    const real = (p: string) => {
      try {
        return realpathSync(p);
      } catch {
        return join(realpathOrSelf(dirname(p)), basename(p));
      }
    };
    return own.some((root) => isInside(path, real(root)) || isInside(path, root));
  }

  /** The shop's time zone recorded in the store; null for a store not created yet. */
  async timeZone(): Promise<string | null> {
    return (await this.readHead())?.timeZone ?? null;
  }

  /** Records the shop's time zone (an IANA name), for days and references from now on. */
  async setTimeZone(zone: string): Promise<void> {
    await this.withLock(async (lock) => {
      const head = await this.headForWrite();
      lock.assertHeld();
      await writeStoreFile(this.path, { ...head, timeZone: zone });
    });
  }

  /** Allocates the next reference number of the day and saves the case built for it. */
  async createCase(build: CaseBuild, now = new Date()): Promise<Case> {
    const [created] = await this.createCases([build], now);
    return created!;
  }

  /** Saves many new cases of one day under a single lock, numbered in order; never two for one batch trx ref. */
  async createCases(builds: CaseBuild[], now = new Date()): Promise<Case[]> {
    const { created } = await this.createCasesUnlessExisting(
      builds.map((build) => ({ trxRef: null, build })),
      now,
    );
    return created;
  }

  /**
   * Opens a case for each request whose transaction ref has no case yet (nor an earlier request in the same
   * call), in one locked step with the check, so counters running the same batch at once never open one twice.
   */
  async createCasesUnlessExisting(requests: TrxCaseRequest[], now = new Date()): Promise<{ created: Case[]; skipped: number }> {
    const day = dayKey(now);
    return this.withLock(async (lock) => {
      const head = await this.headForWrite({ writeNew: false });
      const db = await this.readDayForWrite(day);
      let index: TrxIndex | null = null;
      const trxIndex = async () => (index ??= await this.readTrxIndex());
      if (requests.some((r) => r.trxRef)) await trxIndex();
      let sequence = Math.max(head.sequences?.[day] ?? 0, db.lastSequence);
      const created: Case[] = [];
      let skipped = 0;
      for (const { trxRef, build } of requests) {
        if (trxRef && (await trxIndex()).refs[trxRef] !== undefined) {
          skipped++;
          continue;
        }
        const built = build(formatRef(day, sequence + 1), now);
        // A case built from a batch row carries its trx ref even when the caller did not say it up front.
        const key = trxRef ?? built.source?.ref ?? null;
        if (key && !trxRef && (await trxIndex()).refs[key] !== undefined) {
          skipped++;
          continue;
        }
        sequence += 1;
        const made = this.options.actor ? stampActor(built, this.options.actor) : built;
        created.push(made);
        if (key) (await trxIndex()).refs[key] = made.ref;
      }
      if (created.length === 0) return { created, skipped };
      // The sequence is reserved in the head before the day file is written: a crash between them leaves a
      // gap in the numbers, never a number handed out twice.
      lock.assertHeld();
      await writeStoreFile(this.path, { ...head, sequences: { ...head.sequences, [day]: sequence } });
      db.lastSequence = sequence;
      db.cases.push(...created);
      lock.assertHeld();
      await writeDayFile(this.dayPath(day), db);
      if (index) {
        lock.assertHeld();
        await writeStoreFile(this.trxIndexPath, index);
      }
      await this.refreshIndex(lock, new Map([[day, db.cases]]));
      return { created, skipped };
    });
  }

  /** The case opened for each of these transaction refs, where there is one; a lookup, not a scan of the store. */
  async findByTrxRefs(trxRefs: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const head = await this.readHead();
    if (!head) return found;
    const refs = head.sequences ? (await this.readTrxIndex()).refs : await this.scanTrxRefs();
    for (const trxRef of trxRefs) if (refs[trxRef] !== undefined) found.set(trxRef, refs[trxRef]!);
    return found;
  }

  /** Replaces one case with what `change` makes of it; the store is untouched if `change` throws. */
  async updateCase(ref: string, change: (current: Case) => Case, options: UpdateOptions = {}): Promise<Case> {
    if (!REF_PATTERN.test(ref)) throw new PulsaError('error.caseNotFound', { ref }, EXIT.notFound);
    return this.changeDay(dayOfRef(ref), (data) => {
      const index = data.cases.findIndex((c) => c.ref === ref);
      if (index < 0) throw new PulsaError('error.caseNotFound', { ref }, EXIT.notFound);
      const current = data.cases[index]!;
      assertUnchanged(current, options);
      const changed = change(current);
      const actor = this.options.actor;
      const next = actor ? stampActor(changed, actor, current.events.length, ledgerOf(current).length) : changed;
      data.cases[index] = next;
      return next;
    });
  }

  async exists(): Promise<boolean> {
    return (await this.readHead()) !== null;
  }

  /** The working set's summaries, from the active-case index (brought up to date in memory when a day file changed behind it). */
  async activeSummaries(now: Date, windowDays: number): Promise<CaseSummary[]> {
    if (windowDays <= ACTIVE_WINDOW_DAYS) return (await this.readHead()) ? (await this.currentIndex()).cases.filter((c) => isActive(c, now, windowDays)) : [];
    // The index keeps finished cases for ACTIVE_WINDOW_DAYS only; a longer look-back reads the day files (and the head, once).
    const summaries: CaseSummary[] = [];
    for await (const day of this.activeCasesByDay(now, windowDays)) for (const c of day) summaries.push(summaryOf(c));
    return summaries;
  }

  /**
   * The index as the day files are now: days whose files changed since it was written are read again (those
   * in `known` from memory), a few at a time and kept as summaries only. A damaged day is left out of the
   * stamps, so it is reported again next time.
   */
  private async currentIndex(known: Map<string, Case[]> = new Map()): Promise<ActiveIndex> {
    const stored = readActiveIndex(this.casesDir, this.indexCache);
    this.indexCache = stored;
    const index = stored?.index ?? emptyIndex();
    // After a write, the days written are looked at again; a read looks at every day file.
    const stamps = (this.lastStamps =
      known.size > 0 && this.lastStamps ? restampDays(this.casesDir, this.lastStamps, known.keys(), index.days) : dayStamps(this.casesDir));
    const stale = staleDays(index, stamps);
    if (stale.length === 0) return index;
    const byDay = new Map<string, CaseSummary[]>();
    const toRead: string[] = [];
    for (const day of stale) {
      if (!stamps[day]) byDay.set(day, []);
      else if (known.has(day)) byDay.set(day, known.get(day)!.map(summaryOf));
      else toRead.push(day);
    }
    for await (const [day, data] of this.readDays(toRead, (d) => this.readDay(d))) {
      byDay.set(day, data ? data.cases.map(summaryOf) : []);
      if (!data) delete stamps[day];
    }
    // Finished cases leave the index once the window has passed since the newest case: the store's own clock.
    let newest = '';
    for (const list of [index.cases, ...byDay.values()]) for (const c of list) if (c.createdAt > newest) newest = c.createdAt;
    return patchIndex(index, byDay, stamps, newest ? new Date(newest) : new Date());
  }

  /** Brings the index up to date after a write, under the same lock. */
  private async refreshIndex(lock: HeldLock, known: Map<string, Case[]>): Promise<void> {
    const index = await this.currentIndex(known);
    lock.assertHeld();
    // Not fsynced: the index is a copy, checked against the day files on every read and rebuilt if lost.
    await replaceFile(join(this.casesDir, ACTIVE_INDEX_FILE), serializeIndex(index));
    // Under the lock no one else writes the index, so the file now is the one just written.
    const stamp = indexStamp(this.casesDir);
    this.indexCache = stamp ? { index, stamp } : null;
    // unlink first: rm loads Node's recursive-removal module on every save, for a file that is seldom there. rm
    // is still the one to remove it when it is (on Windows it also clears a read-only flag).
    const legacy = join(this.casesDir, LEGACY_INDEX_FILE);
    try {
      unlinkSync(legacy);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') rmSync(legacy, { force: true });
    }
  }

  /** Payments in the time range. A payment can come long after its case was opened, so every day up to the end is read. */
  async ledger(range: DayRange): Promise<LedgerRow[]> {
    const from = range.since?.toISOString() ?? '';
    const to = range.until?.toISOString() ?? '9999';
    const rows: LedgerRow[] = [];
    for await (const day of this.casesByDay({ until: range.until })) {
      for (const c of day) for (const entry of ledgerOf(c)) if (entry.at >= from && entry.at <= to) rows.push({ ref: c.ref, ...entry });
    }
    return rows.sort((a, b) => compareCodes(a.at, b.at));
  }

  /** Evidence lives on disk beside the store (store.evidence/<ref>/), private to the shop's user. */
  async putEvidence(ref: string, blobs: EvidenceBlob[]): Promise<void> {
    mkdirSync(this.evidenceDir, { recursive: true, mode: 0o700 });
    checkFolderSafety(this.evidenceDir);
    mkdirSync(join(this.evidenceDir, ref), { recursive: true, mode: 0o700 });
    for (const blob of blobs) await writeFileAtomic(join(this.evidenceDir, blob.storedAs), blob.bytes);
  }

  async dropEvidence(_ref: string, storedAs: string[]): Promise<void> {
    for (const path of storedAs) rmSync(join(this.evidenceDir, path), { force: true });
  }

  async readEvidence(ref: string, storedAs: string, sha256: string): Promise<Buffer> {
    const path = join(this.evidenceDir, storedAs);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new PulsaError('error.evidenceMissing', { ref, path, reason: (error as NodeJS.ErrnoException).code ?? String(error) }, EXIT.store);
    }
    if (sha256Hex(bytes) !== sha256) throw new PulsaError('error.evidenceChanged', { ref, path }, EXIT.store);
    return bytes;
  }

  /** Files a case copied from elsewhere into its own day under its own reference, keeping the numbering ahead of it. */
  async putCase(c: Case): Promise<PutResult> {
    const [result] = await this.putCases([c]);
    return result!;
  }

  /**
   * Files cases copied from elsewhere as putCase does, under one lock: each day, the head, the transaction-ref
   * index and the active-case index are written once for all of them (a copy or a restore filed a case at a time
   * rewrote the whole active index for each, which grew with the store). Nothing is written when none is new.
   */
  async putCases(cases: Case[]): Promise<PutResult[]> {
    const bad = cases.find((c) => !REF_PATTERN.test(c.ref));
    if (bad) throw new PulsaError('error.caseNotFound', { ref: bad.ref }, EXIT.input);
    if (cases.length === 0) return [];
    return this.withLock(async (lock) => {
      const head = await this.headForWrite();
      const sequences = { ...head.sequences };
      const index = cases.some((c) => c.source?.ref) ? await this.readTrxIndex() : null;
      let indexChanged = false;
      const days = new Map<string, { db: DayFile; byRef: Map<string, Case>; changed: boolean }>();
      const results: PutResult[] = [];
      for (const c of cases) {
        const day = dayOfRef(c.ref);
        let filed = days.get(day);
        if (!filed) {
          const db = await this.readDayForWrite(day);
          filed = { db, byRef: new Map(db.cases.map((other) => [other.ref, other])), changed: false };
          days.set(day, filed);
        }
        const existing = filed.byRef.get(c.ref);
        if (existing) {
          results.push(sameCase(existing, c) ? 'same' : 'conflict');
          continue;
        }
        if (index && c.source?.ref && index.refs[c.source.ref] !== undefined) {
          results.push('conflict');
          continue;
        }
        sequences[day] = Math.max(sequences[day] ?? 0, filed.db.lastSequence, sequenceOfRef(c.ref));
        filed.db.lastSequence = sequences[day]!;
        filed.db.cases.push(c);
        filed.byRef.set(c.ref, c);
        filed.changed = true;
        if (index && c.source?.ref) {
          index.refs[c.source.ref] = c.ref;
          indexChanged = true;
        }
        results.push('inserted');
      }
      const changed = [...days].filter(([, filed]) => filed.changed);
      if (changed.length === 0) return results;
      // The numbers are reserved in the head before the day files are written, as when a case is created.
      lock.assertHeld();
      await writeStoreFile(this.path, { ...head, sequences });
      for (const [day, { db }] of changed) {
        db.cases.sort((a, b) => compareCodes(a.ref, b.ref));
        lock.assertHeld();
        await writeDayFile(this.dayPath(day), db);
      }
      if (index && indexChanged) {
        lock.assertHeld();
        await writeStoreFile(this.trxIndexPath, index);
      }
      await this.refreshIndex(lock, new Map(changed.map(([day, { db }]) => [day, db.cases])));
      return results;
    });
  }

  /** Holds the store lock while it reads, so no counter saves half-way through the backup. */
  async *snapshot(): AsyncGenerator<Case[]> {
    if (!(await this.readHead())) return;
    this.prepareFolders();
    const lock = await lockStore(this.path, this.options);
    let read = false;
    try {
      yield* this.casesByDay();
      read = true;
    } finally {
      // A reader that stopped early or failed has its own error; one that read everything learns whether the
      // lock held throughout (a holder stopped past the stale time may have had it taken over meanwhile).
      if (read) await lock.release();
      else await lock.release().catch(() => {});
    }
  }

  async close(): Promise<void> {}

  /** Runs `change` on one day's fresh data under the cross-process lock, then saves that day. */
  async changeDay<T>(day: string, change: (data: DayFile) => T): Promise<T> {
    return this.withLock(async (lock) => {
      await this.headForWrite();
      const db = await this.readDayForWrite(day);
      const result = await change(db);
      lock.assertHeld();
      await writeDayFile(this.dayPath(day), db);
      await this.refreshIndex(lock, new Map([[day, db.cases]]));
      return result;
    });
  }

  /** Runs `work` holding the store lock; the folders are checked and created first, orphan temp files cleaned. */
  async withLock<T>(work: (lock: HeldLock) => Promise<T>): Promise<T> {
    this.prepareFolders();
    const lock = await lockStore(this.path, this.options);
    let result: T;
    try {
      this.cleanOrphanTemps();
      result = await work(lock);
    } catch (error) {
      await lock.release().catch(() => {});
      throw error;
    }
    await lock.release();
    return result;
  }

  /** Day keys of the day files present, oldest first. */
  async days(): Promise<string[]> {
    try {
      return readdirSync(this.casesDir).flatMap((name) => DAY_FILE.exec(name)?.[1] ?? []).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new PulsaError('error.storeUnreadable', { path: this.casesDir, reason: (error as NodeJS.ErrnoException).code ?? String(error) }, EXIT.store);
    }
  }

  dayPath(day: string): string {
    return join(this.casesDir, `${day}.json`);
  }

  async readHead(): Promise<StoreHead | null> {
    return readStoreFile(this.path, parseHead);
  }

  async readDay(day: string): Promise<DayFile> {
    const path = this.dayPath(day);
    return readStoreBytes(path, (bytes) => parseDayBytes(bytes, path, day).data) ?? emptyDay(day);
  }

  /** A day's cases with their JSON: the file's own lines where it was written a case a line. */
  private async readStoredDay(day: string): Promise<StoredDay> {
    const path = this.dayPath(day);
    const stored = readStoreBytes(path, (bytes): StoredDay => {
      const { data, json } = parseDayBytes(bytes, path, day);
      return { cases: data.cases, json: json ?? data.cases.map((c) => JSON.stringify(c)), plainText: !hasDelOrC1(bytes) };
    });
    return stored ?? { cases: [], json: [], plainText: true };
  }

  async readTrxIndex(): Promise<TrxIndex> {
    return readStoreFile(this.trxIndexPath, parseTrxIndex) ?? { schemaVersion: SCHEMA_VERSION, refs: dictionary() };
  }

  private skipped(path: string, reason: string): void {
    if (this.skippedFiles.includes(path)) return;
    this.skippedFiles.push(path);
    this.options.onDamaged?.(path, reason);
  }

  private readDayForWrite(day: string): Promise<DayFile> {
    return this.readDay(day);
  }

  private prepareFolders(): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    checkFolderSafety(dirname(this.path));
    checkFolderSafety(this.path);
    mkdirSync(this.casesDir, { recursive: true, mode: 0o700 });
    checkFolderSafety(this.casesDir);
  }

  /**
   * The head under the lock, created for a new store. A head from before per-day sequences were kept there
   * gets them (and the transaction-ref index) built once from the day files, damaged ones included.
   */
  private async headForWrite({ writeNew = true } = {}): Promise<StoreHead> {
    const head = await this.readHead();
    if (head?.sequences) return head;
    const fresh: StoreHead = head ?? {
      schemaVersion: SCHEMA_VERSION,
      layout: LAYOUT,
      createdAt: new Date().toISOString(),
      timeZone: this.options.timeZone ?? defaultTimeZone(machineTimeZone()),
    };
    // A caller that writes the head next anyway (a first case) saves one atomic write of a new store.
    if (!head && !writeNew) return { ...fresh, sequences: {} };
    const { sequences, refs } = head ? await this.rebuildIndexes() : { sequences: {}, refs: dictionary<string>() };
    if (head) await writeStoreFile(this.trxIndexPath, { schemaVersion: SCHEMA_VERSION, refs });
    const migrated = { ...fresh, sequences };
    await writeStoreFile(this.path, migrated);
    return migrated;
  }

  /** Per-day sequences and the transaction-ref index, read from every day file (damaged ones for their numbers). */
  async rebuildIndexes(extraTexts: { day: string; text: string }[] = []): Promise<{ sequences: Record<string, number>; refs: Record<string, string> }> {
    const sequences: Record<string, number> = {};
    const refs = dictionary<string>();
    const raise = (day: string, n: number) => {
      if (n > (sequences[day] ?? 0)) sequences[day] = n;
    };
    const turn = eventLoopTurns();
    for (const day of await this.days()) {
      await turn();
      let text: string;
      try {
        text = readFileSync(this.dayPath(day), 'utf8');
      } catch {
        continue;
      }
      raise(day, highestSequenceIn(text, day));
      try {
        const data = parseStoreFile(text, this.dayPath(day), parseDay(day));
        raise(day, data.lastSequence);
        for (const c of data.cases) if (c.source?.ref) refs[c.source.ref] ??= c.ref;
      } catch {
        // A damaged day still tells which numbers were handed out; its cases are not trusted for the index.
      }
    }
    for (const { day, text } of extraTexts) raise(day, highestSequenceIn(text, day));
    return { sequences, refs };
  }

  private async scanTrxRefs(): Promise<Record<string, string>> {
    const refs = dictionary<string>();
    for await (const cases of this.casesByDay()) for (const c of cases) if (c.source?.ref) refs[c.source.ref] ??= c.ref;
    return refs;
  }

  /** Temp files left by a killed writer; only old ones, and only under the lock, so no living writer owns them. */
  private cleanOrphanTemps(): void {
    if (this.cleanedTemps) return;
    this.cleanedTemps = true;
    const now = Date.now();
    const headPrefix = `.${basename(this.path)}.`;
    for (const [dir, belongs] of [
      [this.casesDir, () => true],
      [dirname(this.path), (name: string) => name.startsWith(headPrefix)],
    ] as const) {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        if (!TEMP_FILE.test(name) || !belongs(name)) continue;
        const path = join(dir, name);
        try {
          if (now - statSync(path).mtimeMs > ORPHAN_TEMP_AGE_MS) rmSync(path, { force: true });
        } catch {
          // Gone already, or not ours to remove: the next writer tries again.
        }
      }
    }
  }
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function emptyDay(day: string): DayFile {
  return { schemaVersion: SCHEMA_VERSION, day, lastSequence: 0, cases: [] };
}

/**
 * The case store as every command sees it. Two implementations: the embedded JSON day-file store (the
 * zero-set-up default) and PostgreSQL (several counters on one database). Commands never know which.
 */
import type { Case, CaseSummary, LedgerEntry } from '../domain/cases.js';

export interface DayRange {
  since?: Date;
  until?: Date;
}

/** Builds a new case once the store has allocated its reference. */
export type CaseBuilder = (ref: string, now: Date) => Case;

/** A case to open for a transaction ref unless one already exists for it (`batch --save-cases`). */
export interface TrxCaseRequest {
  trxRef: string | null;
  build: CaseBuilder;
}

export interface UpdateOptions {
  /**
   * The `updatedAt` the command saw when it read the case. If another counter changed the case meanwhile,
   * the update is refused with "changed meanwhile, try again" instead of acting on what it no longer is.
   */
  expectUpdatedAt?: string;
}

/** What `putCase` did with a case copied in from another store, an export or a backup. */
export type PutResult = 'inserted' | 'same' | 'conflict';

/** An evidence file's bytes as they go into or come out of a store. */
export interface EvidenceBlob {
  storedAs: string;
  sha256: string;
  bytes: Buffer;
}

/** A payment of the ledger with the case it belongs to. */
export interface LedgerRow extends LedgerEntry {
  ref: string;
}

export interface CaseStore {
  /** Where the store is, for messages: a file path or a database URL without its password. */
  readonly location: string;
  readonly kind: 'json' | 'postgres';

  /** Allocates a fresh reference (unique across every counter) and saves the case built for it. */
  createCase(build: CaseBuilder, now?: Date): Promise<Case>;
  /** Saves many new cases of one moment, numbered in order, all or nothing; never two for one batch trx ref. */
  createCases(builds: CaseBuilder[], now?: Date): Promise<Case[]>;
  /**
   * Opens a case for each request whose transaction ref has no case yet, deciding and saving in one step, so
   * counters running the same batch at once never open one twice.
   */
  createCasesUnlessExisting(requests: TrxCaseRequest[], now?: Date): Promise<{ created: Case[]; skipped: number }>;
  getCase(ref: string): Promise<Case>;
  /** Replaces one case with what `change` makes of its current content, under the store's concurrency guard. */
  updateCase(ref: string, change: (current: Case) => Case, options?: UpdateOptions): Promise<Case>;
  /** Cases created in the range of days (all without a range), oldest first. */
  listCases(range?: DayRange): Promise<Case[]>;
  /** The same, one day at a time, so an export holds one day in memory and not the store. */
  casesByDay(range?: DayRange): AsyncGenerator<Case[]>;
  /**
   * The working set (every case not closed, and every case created within `windowDays` before `now`) as
   * summaries, in reference order. Read from an index (JSON) or indexed SQL, so its cost follows the open
   * work, not the history, and its size a few fields a case.
   */
  activeSummaries(now: Date, windowDays: number): Promise<CaseSummary[]>;
  /** Whether anything was ever saved here (a JSON store's head file; a database the store could open). */
  exists(): Promise<boolean>;
  /** The working set's cases a day at a time, for listings: memory stays flat however large it is. */
  activeCasesByDay(now: Date, windowDays: number): AsyncGenerator<Case[]>;
  /**
   * Cases a day at a time with each one's JSON, for listings that print them: those of a range of days, or
   * the working set at `activeAt`. The JSON store hands back the text it read rather than writing it again.
   */
  storedDays(select: DaySelection): AsyncGenerator<StoredDay>;
  /** Payments made in the time range, from every case's ledger, oldest first. */
  ledger(range: DayRange): Promise<LedgerRow[]>;

  /** Stores evidence bytes for a case; the case records them through updateCase. */
  putEvidence(ref: string, blobs: EvidenceBlob[]): Promise<void>;
  /** Removes evidence bytes a failed attach left without a case recording them. */
  dropEvidence(ref: string, storedAs: string[]): Promise<void>;
  /** The bytes of one evidence file, refused if their SHA-256 no longer matches the case's record. */
  readEvidence(ref: string, storedAs: string, sha256: string): Promise<Buffer>;

  /** Every case as of one moment, one day at a time: no change made meanwhile shows up half-way (for backups). */
  snapshot(): AsyncGenerator<Case[]>;

  /** Inserts a case copied from elsewhere under its own reference; never overwrites a different one. */
  putCase(c: Case): Promise<PutResult>;

  /** putCase for many cases (a day of a copy, a stretch of a restore), what happened to each in order. */
  putCases(cases: Case[]): Promise<PutResult[]>;

  /** Day files a listing of this instance had to skip as damaged (JSON store); a database has none. */
  readonly skippedFiles: readonly string[];
  /** Whether a path is one of the store's own files (an export must never be written over them). */
  owns(path: string): boolean;

  close(): Promise<void>;
}

/** A day's cases, each with its JSON text. */
export interface StoredDay {
  cases: Case[];
  /** `JSON.stringify(cases[i])`, exactly. Like it, the text keeps DEL and C1 control characters raw. */
  json: string[];
  /** True when no text of the day holds DEL or a C1 control character: `json` then needs no escaping for a terminal. */
  plainText: boolean;
}

/** Cases a listing asks for: those created in a range of days, or the working set at `activeAt`. */
export type DaySelection = { range: DayRange } | { activeAt: Date; windowDays: number };

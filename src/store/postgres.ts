/**
 * The PostgreSQL store, for shops where several counters (or an owner at home) share one truth. References are
 * allocated in the database in the same transaction as the insert, so two counters can never take one number;
 * updates lock the case's row, so two counters resolving one case get one winner and one clear refusal.
 */
import type { Pool, PoolClient } from 'pg';
import { stampActor, type Actor } from '../domain/actor.js';
import { dayKey } from '../domain/clock.js';
import { customerContact, dayOfRef, formatRef, sequenceOfRef, ledgerOf, REF_PATTERN, type Case, type CaseStatus, type CaseSummary } from '../domain/cases.js';
import { EXIT, PulsaError } from '../errors.js';
import { assertUnchanged } from './guard.js';
import { sameCase } from './compare.js';
import { displayLocation, type StoreOptions } from './open.js';
import { pgConfig } from './pg-config.js';
import type { CaseBuilder, CaseStore, DayRange, EvidenceBlob, LedgerRow, PutResult, DaySelection, StoredDay, TrxCaseRequest, UpdateOptions } from './types.js';
import { sha256Hex } from '../io/sha256.js';

/**
 * Schema versions, applied in order and recorded in pulsa_schema. A migration is never edited once shipped:
 * a change is a new entry. Tables carry a pulsa_ prefix so the store can share a database with other software.
 */
export const MIGRATIONS: string[] = [
  `CREATE TABLE pulsa_sequences (day text PRIMARY KEY, last_seq integer NOT NULL);
   CREATE TABLE pulsa_cases (
     ref text PRIMARY KEY,
     day text NOT NULL,
     created_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL,
     status text NOT NULL,
     checklist text NOT NULL,
     operator text,
     number text,
     customer_number text,
     trx_ref text,
     data json NOT NULL
   );
   CREATE INDEX pulsa_cases_day ON pulsa_cases (day, ref);
   CREATE INDEX pulsa_cases_unfinished ON pulsa_cases (ref) WHERE status <> 'closed';
   CREATE INDEX pulsa_cases_created ON pulsa_cases (created_at);
   CREATE INDEX pulsa_cases_customer ON pulsa_cases (customer_number, created_at);
   CREATE INDEX pulsa_cases_number ON pulsa_cases (number, created_at);
   CREATE UNIQUE INDEX pulsa_cases_trx_ref ON pulsa_cases (trx_ref) WHERE trx_ref IS NOT NULL;
   CREATE TABLE pulsa_ledger (
     ref text NOT NULL REFERENCES pulsa_cases (ref),
     idx integer NOT NULL,
     at timestamptz NOT NULL,
     kind text NOT NULL,
     amount bigint NOT NULL,
     counter text,
     PRIMARY KEY (ref, idx)
   );
   CREATE INDEX pulsa_ledger_at ON pulsa_ledger (at);
   CREATE TABLE pulsa_evidence (
     ref text NOT NULL REFERENCES pulsa_cases (ref),
     stored_as text NOT NULL,
     sha256 text NOT NULL,
     bytes bytea NOT NULL,
     PRIMARY KEY (ref, stored_as)
   );`,
];

export const PG_SCHEMA_VERSION = MIGRATIONS.length;

// One number for the advisory lock every migrating counter takes, so two first runs do not race.
const MIGRATION_LOCK = 7_325_001;

export interface MigrationReport {
  from: number;
  to: number;
}

export class PgCaseStore implements CaseStore {
  readonly kind = 'postgres';
  readonly skippedFiles: readonly string[] = [];
  /** What opening did to the schema: `pulsa store migrate` reports it. */
  migration: MigrationReport = { from: PG_SCHEMA_VERSION, to: PG_SCHEMA_VERSION };

  private constructor(
    private readonly pool: Pool,
    readonly location: string,
    private readonly actor?: Actor,
  ) {}

  /** Connects and brings the schema up to date; an unreachable server or a newer schema is a clear store error. */
  static async open(location: string, options: StoreOptions = {}): Promise<PgCaseStore> {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ ...pgConfig(location), max: 4, connectionTimeoutMillis: 10_000 });
    // An idle client's error (a server restart) must not crash the process; the next query reports it.
    pool.on('error', () => {});
    const store = new PgCaseStore(pool, displayLocation(location), options.actor);
    try {
      store.migration = await store.migrate();
    } catch (error) {
      await pool.end().catch(() => {});
      throw error;
    }
    return store;
  }

  /** Applies the migrations this database lacks; idempotent, and safe when several counters start at once. */
  async migrate(): Promise<MigrationReport> {
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS pulsa_schema (version integer NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM pulsa_schema');
      const from = rows[0]?.version ?? 0;
      if (from > PG_SCHEMA_VERSION) {
        throw new PulsaError('error.storeNewer', { path: this.location, found: from, supported: PG_SCHEMA_VERSION }, EXIT.store);
      }
      for (const sql of MIGRATIONS.slice(from)) await client.query(sql);
      if (rows.length === 0) await client.query('INSERT INTO pulsa_schema (version) VALUES ($1)', [PG_SCHEMA_VERSION]);
      else if (from < PG_SCHEMA_VERSION) await client.query('UPDATE pulsa_schema SET version = $1', [PG_SCHEMA_VERSION]);
      return { from, to: PG_SCHEMA_VERSION };
    });
  }

  async createCase(build: CaseBuilder, now = new Date()): Promise<Case> {
    const [created] = await this.createCases([build], now);
    if (!created) throw new PulsaError('error.caseExists', { ref: '-' }, EXIT.input);
    return created;
  }

  /**
   * Numbers and saves the cases in one transaction. A case whose batch transaction ref is already filed is
   * left out (the unique index decides, not a read beforehand), so two batch runs never open one twice.
   */
  async createCases(builds: CaseBuilder[], now = new Date()): Promise<Case[]> {
    return (await this.createCasesUnlessExisting(builds.map((build) => ({ trxRef: null, build })), now)).created;
  }

  async createCasesUnlessExisting(requests: TrxCaseRequest[], now = new Date()): Promise<{ created: Case[]; skipped: number }> {
    const day = dayKey(now);
    return this.transaction(async (client) => {
      const created: Case[] = [];
      let skipped = 0;
      for (const { trxRef, build } of requests) {
        const { rows } = await client.query<{ last_seq: number }>(
          `INSERT INTO pulsa_sequences (day, last_seq) VALUES ($1, 1)
           ON CONFLICT (day) DO UPDATE SET last_seq = pulsa_sequences.last_seq + 1 RETURNING last_seq`,
          [day],
        );
        const built = build(formatRef(day, rows[0]!.last_seq), now);
        const c = this.actor ? stampActor(built, this.actor) : built;
        if (await this.insert(client, c, trxRef)) {
          created.push(c);
          continue;
        }
        // The unique index found the trx ref filed; the number goes back (this transaction holds the day's row).
        skipped += 1;
        await client.query('UPDATE pulsa_sequences SET last_seq = last_seq - 1 WHERE day = $1', [day]);
      }
      return { created, skipped };
    });
  }

  /** A database keeps no files of its own on this machine. */
  owns(): boolean {
    return false;
  }

  async getCase(ref: string): Promise<Case> {
    if (!REF_PATTERN.test(ref)) throw new PulsaError('error.caseNotFound', { ref }, EXIT.notFound);
    const { rows } = await this.query<{ data: Case }>('SELECT data FROM pulsa_cases WHERE ref = $1', [ref]);
    if (!rows[0]) throw new PulsaError('error.caseNotFound', { ref }, EXIT.notFound);
    return rows[0].data;
  }

  async updateCase(ref: string, change: (current: Case) => Case, options: UpdateOptions = {}): Promise<Case> {
    if (!REF_PATTERN.test(ref)) throw new PulsaError('error.caseNotFound', { ref }, EXIT.notFound);
    return this.transaction(async (client) => {
      // The row lock makes a second counter wait, then see the first one's result rather than overwrite it.
      const { rows } = await client.query<{ data: Case }>('SELECT data FROM pulsa_cases WHERE ref = $1 FOR UPDATE', [ref]);
      const current = rows[0]?.data;
      if (!current) throw new PulsaError('error.caseNotFound', { ref }, EXIT.notFound);
      assertUnchanged(current, options);
      const changed = change(current);
      const next = this.actor ? stampActor(changed, this.actor, current.events.length, ledgerOf(current).length) : changed;
      await client.query(
        `UPDATE pulsa_cases SET updated_at = $2, status = $3, operator = $4, number = $5, customer_number = $6, data = $7 WHERE ref = $1`,
        [ref, next.updatedAt, next.status, next.operator, next.number, customerContact(next), JSON.stringify(next)],
      );
      await this.syncLedger(client, next, ledgerOf(current).length);
      return next;
    });
  }

  async listCases(range: DayRange = {}): Promise<Case[]> {
    const cases: Case[] = [];
    for await (const day of this.casesByDay(range)) cases.push(...day);
    return cases;
  }

  /** Streams the range through a cursor in ref order (day, then number), yielding one day at a time. */
  casesByDay(range: DayRange = {}): AsyncGenerator<Case[]> {
    return this.streamDays(range, false);
  }

  /** The rows' JSON is written again from the parsed cases: the json column keeps the text, pg parses it. */
  async *storedDays(select: DaySelection): AsyncGenerator<StoredDay> {
    const days = 'range' in select ? this.casesByDay(select.range) : this.activeCasesByDay(select.activeAt, select.windowDays);
    for await (const cases of days) yield { cases, json: cases.map((c) => JSON.stringify(c)), plainText: false };
  }

  /** One repeatable-read transaction: the whole store as of its first read, while counters go on saving. */
  snapshot(): AsyncGenerator<Case[]> {
    return this.streamDays({}, true);
  }

  /** `activeSince`: only the working set, cases not closed or created since then. */
  private async *streamDays(range: DayRange, consistent: boolean, activeSince?: Date): AsyncGenerator<Case[]> {
    const { default: Cursor } = await import('pg-cursor');
    const client = await this.connect();
    const from = range.since ? dayKey(range.since) : '';
    const to = range.until ? dayKey(range.until) : '99999999';
    if (consistent) await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const active = activeSince ? ` AND (status <> 'closed' OR created_at >= $3)` : '';
    const cursor = client.query(
      new Cursor<{ day: string; data: Case }>(`SELECT day, data FROM pulsa_cases WHERE day >= $1 AND day <= $2${active} ORDER BY day, ref`, activeSince ? [from, to, activeSince] : [from, to]),
    );
    try {
      let day: string | null = null;
      let batch: Case[] = [];
      for (;;) {
        const rows = await cursor.read(500);
        if (rows.length === 0) break;
        for (const row of rows) {
          if (row.day !== day && batch.length) {
            yield batch;
            batch = [];
          }
          day = row.day;
          batch.push(row.data);
        }
      }
      if (batch.length) yield batch;
    } finally {
      await cursor.close().catch(() => {});
      if (consistent) await client.query('COMMIT').catch(() => {});
      client.release();
    }
  }

  /** Opening the store made its schema: a database that answers is a store. */
  async exists(): Promise<boolean> {
    return true;
  }

  activeCasesByDay(now: Date, windowDays: number): AsyncGenerator<Case[]> {
    return this.streamDays({}, false, new Date(now.getTime() - windowDays * 86_400_000));
  }

  async activeSummaries(now: Date, windowDays: number): Promise<CaseSummary[]> {
    const since = new Date(now.getTime() - windowDays * 86_400_000);
    const { rows } = await this.query<{ ref: string; created_at: string; status: CaseStatus; contact: string | null; sn: string | null }>(
      `SELECT ref, data->>'createdAt' AS created_at, status, customer_number AS contact, data->>'sn' AS sn
       FROM pulsa_cases WHERE status <> 'closed' OR created_at >= $1 ORDER BY ref`,
      [since],
    );
    return rows.map((row) => ({ ref: row.ref, createdAt: row.created_at, status: row.status, contact: row.contact, sn: row.sn }));
  }

  async ledger(range: DayRange): Promise<LedgerRow[]> {
    const { rows } = await this.query<{ ref: string; idx: number; data: Case }>(
      `SELECT l.ref, l.idx, c.data FROM pulsa_ledger l JOIN pulsa_cases c ON c.ref = l.ref
       WHERE l.at >= $1 AND l.at <= $2 ORDER BY l.at, l.ref, l.idx`,
      [range.since ?? new Date(0), range.until ?? new Date(8.64e15)],
    );
    return rows.map((row) => ({ ref: row.ref, ...ledgerOf(row.data)[row.idx]! }));
  }

  async putEvidence(ref: string, blobs: EvidenceBlob[]): Promise<void> {
    await this.transaction(async (client) => {
      for (const blob of blobs) {
        await client.query(
          `INSERT INTO pulsa_evidence (ref, stored_as, sha256, bytes) VALUES ($1, $2, $3, $4)
           ON CONFLICT (ref, stored_as) DO UPDATE SET sha256 = EXCLUDED.sha256, bytes = EXCLUDED.bytes`,
          [ref, blob.storedAs, blob.sha256, blob.bytes],
        );
      }
    });
  }

  async dropEvidence(ref: string, storedAs: string[]): Promise<void> {
    await this.query('DELETE FROM pulsa_evidence WHERE ref = $1 AND stored_as = ANY($2)', [ref, storedAs]);
  }

  async readEvidence(ref: string, storedAs: string, sha256: string): Promise<Buffer> {
    const { rows } = await this.query<{ bytes: Buffer }>('SELECT bytes FROM pulsa_evidence WHERE ref = $1 AND stored_as = $2', [ref, storedAs]);
    const bytes = rows[0]?.bytes;
    if (!bytes) throw new PulsaError('error.evidenceMissing', { ref, path: storedAs, reason: 'not in the database' }, EXIT.store);
    if (sha256Hex(bytes) !== sha256) throw new PulsaError('error.evidenceChanged', { ref, path: storedAs }, EXIT.store);
    return bytes;
  }

  async putCase(c: Case): Promise<PutResult> {
    if (!REF_PATTERN.test(c.ref)) throw new PulsaError('error.caseNotFound', { ref: c.ref }, EXIT.input);
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ data: Case }>('SELECT data FROM pulsa_cases WHERE ref = $1 FOR UPDATE', [c.ref]);
      if (rows[0]) return sameCase(rows[0].data, c) ? 'same' : 'conflict';
      if (!(await this.insert(client, c))) return 'conflict';
      // The day's numbering stays ahead of every reference filed, so a new case never takes a copied one's number.
      await client.query(
        `INSERT INTO pulsa_sequences (day, last_seq) VALUES ($1, $2)
         ON CONFLICT (day) DO UPDATE SET last_seq = GREATEST(pulsa_sequences.last_seq, EXCLUDED.last_seq)`,
        [dayOfRef(c.ref), sequenceOfRef(c.ref)],
      );
      return 'inserted';
    });
  }

  // Each in a transaction of its own, as putCase: a row is written once however many come with it.
  async putCases(cases: Case[]): Promise<PutResult[]> {
    const results: PutResult[] = [];
    for (const c of cases) results.push(await this.putCase(c));
    return results;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  // Inserts a case row and its ledger; false when its batch transaction ref is already filed.
  private async insert(client: PoolClient, c: Case, trxRef: string | null = null): Promise<boolean> {
    const { rowCount } = await client.query(
      `INSERT INTO pulsa_cases (ref, day, created_at, updated_at, status, checklist, operator, number, customer_number, trx_ref, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (trx_ref) WHERE trx_ref IS NOT NULL DO NOTHING`,
      [c.ref, dayOfRef(c.ref), c.createdAt, c.updatedAt, c.status, c.checklist, c.operator, c.number, customerContact(c), trxRef ?? c.source?.ref ?? null, JSON.stringify(c)],
    );
    if (!rowCount) return false;
    await this.syncLedger(client, c);
    return true;
  }

  // Payments are only ever appended, so the rows from `from` on are the new ones; older rows are not sent again.
  private async syncLedger(client: PoolClient, c: Case, from = 0): Promise<void> {
    const entries = ledgerOf(c);
    for (const [idx, entry] of entries.entries()) {
      if (idx < from) continue;
      await client.query(
        `INSERT INTO pulsa_ledger (ref, idx, at, kind, amount, counter) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (ref, idx) DO NOTHING`,
        [c.ref, idx, entry.at, entry.kind, entry.amount, entry.counter ?? null],
      );
    }
  }

  private async query<R extends object>(sql: string, params: unknown[]) {
    const client = await this.connect();
    try {
      return await client.query<R>(sql, params);
    } finally {
      client.release();
    }
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw new PulsaError('error.storeUnreachable', { path: this.location, reason: (error as Error).message }, EXIT.store);
    }
  }
}


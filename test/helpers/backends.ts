/**
 * The store backends the behavioural suite runs against: a JSON store in a temp folder and a fresh database
 * on the real PostgreSQL server (PULSA_DOCTOR_TEST_PG, default postgres://127.0.0.1:5432/test).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { pgConfig } from '../../src/store/pg-config.js';
import { afterAll, inject } from 'vitest';
import { useTempDir } from './temp-store.js';

export const PG_BASE_URL = process.env.PULSA_DOCTOR_TEST_PG ?? 'postgres://127.0.0.1:5432/test';
/** Given by test/setup/postgres.ts: 'ok', or why the PostgreSQL suite is skipped. */
export const pgStatus = inject('pgStatus');
export const pgReady = pgStatus === 'ok';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh, empty database per call, dropped when the test file ends. */
export function usePgDatabases(): () => Promise<string> {
  const created: string[] = [];
  afterAll(async () => {
    if (!created.length) return;
    const admin = new pg.Client(pgConfig(PG_BASE_URL));
    await admin.connect();
    for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }, 120_000);
  return async () => {
    const name = `pulsa_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client(pgConfig(PG_BASE_URL));
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    created.push(name);
    return withDatabase(PG_BASE_URL, name);
  };
}

export interface Backend {
  name: 'json' | 'postgres';
  /** A new, empty store's location: a file path or a database URL. */
  fresh(): Promise<string>;
}

/** Both backends; PostgreSQL only when the server answered (CI fails earlier when it does not). */
export function useBackends(): Backend[] {
  const tempDir = useTempDir();
  const pgDatabase = usePgDatabases();
  const backends: Backend[] = [{ name: 'json', fresh: async () => join(tempDir(), 'store.json') }];
  if (pgReady) backends.push({ name: 'postgres', fresh: pgDatabase });
  return backends;
}

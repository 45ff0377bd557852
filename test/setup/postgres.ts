/**
 * Probes the PostgreSQL server once before the suite. In CI an unreachable server fails the run; on a machine
 * without one the PostgreSQL tests are skipped, and the run says so and how to run them.
 */
import pg from 'pg';
import { pgConfig } from '../../src/store/pg-config.js';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** 'ok', or why the PostgreSQL suite is skipped. */
    pgStatus: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.PULSA_DOCTOR_TEST_PG ?? 'postgres://127.0.0.1:5432/test';
  const client = new pg.Client({ ...pgConfig(url), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    project.provide('pgStatus', 'ok');
  } catch (error) {
    const reason = `${url}: ${(error as Error).message}`;
    if (process.env.CI) throw new Error(`PostgreSQL is required in CI and could not be reached (${reason})`);
    project.provide('pgStatus', reason);
    process.stderr.write(
      `\n!! PostgreSQL suite SKIPPED: ${reason}\n!! Start a server on 127.0.0.1:5432 (trust auth, database "test") or set PULSA_DOCTOR_TEST_PG=postgres://…, then run npm test again.\n\n`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** Opens the store a location names: a JSON file path, or a PostgreSQL URL. The database driver loads only when used. */
import type { Actor } from '../domain/actor.js';
import type { CaseStore } from './types.js';

export interface StoreOptions {
  /** Who makes the changes: stamped on every event and payment a change adds. */
  actor?: Actor;
  /** Called once when a save has waited a second for another counter's lock. */
  onWait?: () => void;
  /** Told of each damaged day file a listing skipped (JSON store), so the list is known to be incomplete. */
  onDamaged?: (path: string, reason: string) => void;
}

/** `postgres://…`, `postgresql://…`, or plain `postgres` for the PGHOST/PGDATABASE/… environment. */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location) || /^postgres(ql)?$/i.test(location);
}

export async function openCaseStore(location: string, options: StoreOptions = {}): Promise<CaseStore> {
  if (isPostgresLocation(location)) {
    const { PgCaseStore } = await import('./postgres.js');
    return PgCaseStore.open(location, options);
  }
  const { JsonCaseStore } = await import('./case-store.js');
  return new JsonCaseStore(location, options);
}

/** A database URL with its password hidden, fit for a message or a log. */
export function displayLocation(location: string): string {
  return location.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}

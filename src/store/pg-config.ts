/** Connection settings the way libpq (psql) reads them, which node-postgres does not fully do. */
import { userInfo } from 'node:os';
import type { ClientConfig } from 'pg';

/**
 * `postgres://…` or plain `postgres` (everything from PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD). Without a
 * user in the URL or PGUSER, libpq uses the operating-system user; node-postgres reads $USER, which services
 * and cron jobs often lack, so the OS user is asked for directly.
 */
export function pgConfig(location: string): ClientConfig {
  const user = process.env.PGUSER ?? osUser();
  if (/^postgres(ql)?$/i.test(location)) return user ? { user } : {};
  const url = new URL(location);
  // node-postgres lets the connection string's (empty) user override a separate `user` setting.
  if (url.username === '' && user) url.username = encodeURIComponent(user);
  return { connectionString: url.toString() };
}

function osUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER;
  }
}

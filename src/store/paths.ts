/** Where the case store lives: one function, so tests and scripts can point it anywhere. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { isPostgresLocation } from './open.js';

export const STORE_ENV = 'PULSA_DOCTOR_STORE';

/** The store `--store` or else PULSA_DOCTOR_STORE names, as given; undefined for the default location. */
export function namedStore(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return option || env[STORE_ENV] || undefined;
}

/** `--store` wins, then PULSA_DOCTOR_STORE, then the platform's user data directory. A database URL is kept as given. */
export function resolveStorePath(option: string | undefined, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const given = namedStore(option, env);
  if (given) return isPostgresLocation(given) ? given : resolve(given);
  return join(userDataDir(env, platform), 'pulsa-doctor', 'store.json');
}

function userDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
}

/**
 * In a folder anyone may write to (/tmp, mode 1777), another user can create the store's folders first and
 * read or swap the cases. There a store folder must be a real folder owned by this user and closed to others.
 */
import { lstatSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXIT, PulsaError } from '../../errors.js';

/** Refuses `path` (a store folder or file) when its parent is world-writable and `path` is not safely ours. */
export function checkFolderSafety(path: string): void {
  if (typeof process.getuid !== 'function') return; // Windows: no Unix owners or modes to check.
  const parent = lstatOrNull(dirname(path));
  if (!parent || (parent.mode & 0o002) === 0) return;
  const entry = lstatOrNull(path);
  if (!entry) return;
  const uid = process.getuid();
  let reason: string | null = null;
  if (entry.isSymbolicLink()) reason = 'symlink';
  else if (entry.uid !== uid) reason = `owner uid ${entry.uid}`;
  else if (entry.isDirectory() && (entry.mode & 0o077) !== 0) reason = `mode ${(entry.mode & 0o777).toString(8)}`;
  if (reason) throw new PulsaError('error.storeFolderUnsafe', { path, parent: dirname(path), reason }, EXIT.store);
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

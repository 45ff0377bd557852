/** Where `--out` may write: a new path or a regular file, never a device, a folder, or the store's own files. */
import { lstat, realpath } from './fs-async.js';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { EXIT, PulsaError } from '../errors.js';
import { AtomicFileWriter } from '../store/atomic-file.js';

/**
 * The resolved file path `--out` names, or null for `-` (stdout). Refuses a missing folder, a folder, anything
 * that is not a regular file, an existing file without `force`, and any path `isProtected` claims (the store).
 */
export async function resolveOutTarget(out: string, force: boolean, isProtected: (path: string) => boolean): Promise<string | null> {
  if (out === '-') return null;
  // `newdir/` names a folder, even one not there yet: resolve() would drop the slash and write a file by that name.
  if (out.endsWith('/') || out.endsWith(sep)) throw new PulsaError('error.outNotFile', { path: out, kind: 'directory' }, EXIT.input);
  const absolute = resolve(out);
  let folder: string;
  try {
    folder = await realpath(dirname(absolute));
  } catch {
    throw new PulsaError('error.outFolder', { path: out, folder: dirname(absolute) }, EXIT.input);
  }
  const folderInfo = await lstat(folder);
  if (!folderInfo.isDirectory()) throw new PulsaError('error.outFolder', { path: out, folder: dirname(absolute) }, EXIT.input);
  const target = join(folder, basename(absolute));
  const existing = await lstat(target).catch(() => null);
  if (existing) {
    if (existing.isDirectory()) throw new PulsaError('error.outNotFile', { path: out, kind: 'directory' }, EXIT.input);
    if (!existing.isFile()) throw new PulsaError('error.outNotFile', { path: out, kind: existing.isSymbolicLink() ? 'symlink' : 'device, pipe or socket' }, EXIT.input);
  }
  if (isProtected(target)) throw new PulsaError('error.outInStore', { path: out }, EXIT.input);
  if (existing && !force) throw new PulsaError('error.outExists', { path: out }, EXIT.input);
  return target;
}

/**
 * Opens the temp file `--out` is written through, beside `target`. A path the system refuses there (a read-only
 * folder, a name too long) is a mistake in the command line: it is named as the user wrote it, not as the
 * hidden temp file.
 */
export async function openOutTarget(target: string, out: string): Promise<AtomicFileWriter> {
  try {
    return await AtomicFileWriter.create(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    throw new PulsaError('error.outWrite', { path: out, reason: code }, EXIT.input);
  }
}

/** Whether `path` is `root` or lies inside it. */
export function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

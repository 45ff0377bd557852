/**
 * Durable atomic replacement of a file, because steno's fixed temp name and missing fsync are not safe.
 *
 * The replacement is made with synchronous calls, as the store's other file calls (see case-store.ts): a chain
 * of eight or so, each waiting for the last, where each call through libuv's thread pool cost a round trip
 * (0.1-0.3 ms on a slow machine, against 0.02-0.05 synchronously).
 */
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from '../io/fs-async.js';
import { basename, dirname, join } from 'node:path';

/**
 * Writes to a unique temp file, fsyncs it, renames it over `path`, then fsyncs the directory,
 * so a crash leaves either the old file or the new one, never a mix; two writers never share a temp file.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = tempPathFor(path);
  writeTemp(tmp, content, mode, { sync: true });
  try {
    renameSync(tmp, path);
  } catch (error) {
    removeTemp(tmp);
    throw error;
  }
  syncDirectory(dirname(path));
}

/**
 * Replaces a file atomically but without waiting for the disk: for copies that are checked on every read and
 * rebuilt when lost (the active-case index), where an fsync per save would cost more than a rebuild ever does.
 */
export async function replaceFile(path: string, content: string, mode = 0o600): Promise<void> {
  const tmp = tempPathFor(path);
  writeTemp(tmp, content, mode, { sync: false });
  try {
    renameSync(tmp, path);
  } catch (error) {
    removeTemp(tmp);
    throw error;
  }
}

/** Writes a new temp file whole (on disk with `sync`), with `mode` whatever the umask; removed again on failure. */
function writeTemp(tmp: string, content: string | Uint8Array, mode: number, { sync }: { sync: boolean }): void {
  const fd = openSync(tmp, 'wx', mode);
  try {
    writeFileSync(fd, content);
    fchmodSync(fd, mode);
    if (sync) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    removeTemp(tmp);
    throw error;
  }
  closeSync(fd);
}

function removeTemp(tmp: string): void {
  try {
    unlinkSync(tmp);
  } catch {
    // Already gone; an orphan left behind is cleaned by a later writer.
  }
}

/**
 * A temp file beside `path`, unique per process and call, and hidden so listings of the folder skip it.
 * Math.random rather than node:crypto, which costs ~10 ms of start-up to load: the name needs to be unique,
 * not secret, and the exclusive open ('wx') refuses a name already taken.
 */
function tempPathFor(path: string): string {
  const random = Math.floor(Math.random() * 2 ** 48).toString(16).padStart(12, '0');
  return join(dirname(path), `.${basename(path)}.${process.pid}.${random}.tmp`);
}

/** Writing a large output file piece by piece that appears only when complete, like writeFileAtomic. */
export class AtomicFileWriter {
  private constructor(
    readonly path: string,
    private readonly tmp: string,
    private readonly handle: FileHandle,
  ) {}

  /** Opens a temp file beside `path`. */
  static async create(path: string, mode = 0o600): Promise<AtomicFileWriter> {
    const tmp = tempPathFor(path);
    return new AtomicFileWriter(path, tmp, await open(tmp, 'wx', mode));
  }

  async write(data: string | Uint8Array): Promise<void> {
    if (typeof data === 'string') await this.handle.write(data);
    else for (let at = 0; at < data.length; ) at += (await this.handle.write(data, at)).bytesWritten;
  }

  /** Flushes to disk, renames over the target, and makes the rename durable. */
  async commit(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
    await rename(this.tmp, this.path);
    syncDirectory(dirname(this.path));
  }

  /** Throws the partial output away. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => {});
    await rm(this.tmp, { force: true });
  }
}

// The rename is only durable once the directory entry is on disk; some platforms cannot open a directory.
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

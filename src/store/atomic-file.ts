/** Durable atomic replacement of a file, because steno's fixed temp name and missing fsync are not safe. */
import { chmod, open, rename, rm, writeFile, type FileHandle } from '../io/fs-async.js';
import { basename, dirname, join } from 'node:path';

/**
 * Writes to a unique temp file, fsyncs it, renames it over `path`, then fsyncs the directory,
 * so a crash leaves either the old file or the new one, never a mix; two writers never share a temp file.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  const tmp = tempPathFor(path);
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await chmod(tmp, mode);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/**
 * Replaces a file atomically but without waiting for the disk: for copies that are checked on every read and
 * rebuilt when lost (the active-case index), where an fsync per save would cost more than a rebuild ever does.
 */
export async function replaceFile(path: string, content: string, mode = 0o600): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, content, { mode, flag: 'wx' });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
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
    await syncDirectory(dirname(this.path));
  }

  /** Throws the partial output away. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => {});
    await rm(this.tmp, { force: true });
  }
}

// The rename is only durable once the directory entry is on disk; some platforms cannot open a directory.
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot fsync a directory; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

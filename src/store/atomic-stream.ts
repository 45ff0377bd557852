/** Writing a large output file piece by piece that appears only when complete, like writeFileAtomic. */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class AtomicFileWriter {
  private constructor(
    readonly path: string,
    private readonly tmp: string,
    private readonly handle: FileHandle,
  ) {}

  /** Opens a temp file beside `path`; `exclusive` refuses when `path` already exists. */
  static async create(path: string, mode = 0o600): Promise<AtomicFileWriter> {
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    return new AtomicFileWriter(path, tmp, await open(tmp, 'wx', mode));
  }

  async write(text: string): Promise<void> {
    await this.handle.write(text);
  }

  /** Flushes to disk and renames over the target. */
  async commit(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
    await rename(this.tmp, this.path);
  }

  /** Throws the partial output away. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => {});
    await rm(this.tmp, { force: true });
  }
}

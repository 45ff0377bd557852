/**
 * The promise-returning file calls for streams and large files (batch input, export and report files, attachments),
 * over node:fs's callbacks; the JSON store's own calls are synchronous (see store/case-store.ts). node:fs/promises
 * brings readline's interface, the file watchers and directory streams with it: 0.7 ms of a 20 ms start (2-3 ms
 * on a slow machine), on every command that reads or writes a file, for code none of them uses. Same arguments,
 * results and errors (code, message) as node:fs/promises, for the subset used here.
 */
import * as fs from 'node:fs';

type Callback<T> = (error: NodeJS.ErrnoException | null, result: T) => void;

/** Runs `call` with a Node callback, as a promise. */
function promised<T>(call: (done: Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => call((error, result) => (error ? reject(error) : resolve(result))));
}

export function readFile(path: string): Promise<Buffer>;
export function readFile(path: string, encoding: BufferEncoding): Promise<string>;
export function readFile(path: string, encoding?: BufferEncoding): Promise<string | Buffer> {
  return promised<string | Buffer>((done) => fs.readFile(path, encoding === undefined ? {} : { encoding }, done));
}

export function stat(path: string): Promise<fs.Stats> {
  return promised((done) => fs.stat(path, done));
}

export function lstat(path: string): Promise<fs.Stats> {
  return promised((done) => fs.lstat(path, done));
}

export function rm(path: string, options: fs.RmOptions = {}): Promise<void> {
  return promised<void>((done) => fs.rm(path, options, done));
}

export function rename(from: string, to: string): Promise<void> {
  return promised<void>((done) => fs.rename(from, to, done));
}

export function realpath(path: string): Promise<string> {
  // The system's realpath, as node:fs/promises uses: the JavaScript one walks the path with lstat (other errors)
  // and does not give the name's case as stored on macOS and Windows.
  return promised((done) => fs.realpath.native(path, done));
}

export async function open(path: string, flags: string, mode?: number): Promise<FileHandle> {
  return new FileHandle(await promised<number>((done) => fs.open(path, flags, mode, done)));
}

/**
 * An open file: the part of node:fs/promises' FileHandle used here. As there, a closed handle refuses every
 * call (its descriptor's number may already belong to another file), and closing waits for the calls under way.
 */
export class FileHandle {
  #fd: number;
  #closing: Promise<void> | undefined;
  #busy = 0;
  #idle: (() => void) | undefined;

  constructor(fd: number) {
    this.#fd = fd;
  }

  /** Runs one call on the descriptor, unless the handle is closed. */
  #use<T>(syscall: string, call: (fd: number, done: Callback<T>) => void): Promise<T> {
    if (this.#closing) return Promise.reject(Object.assign(new Error('file closed'), { code: 'EBADF', syscall }));
    this.#busy++;
    return promised<T>((done) => call(this.#fd, done)).finally(() => {
      if (--this.#busy === 0) this.#idle?.();
    });
  }

  read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesRead: number; buffer: Uint8Array }> {
    return this.#use<number>('read', (fd, done) => fs.read(fd, buffer, offset, length, position, done)).then((bytesRead) => ({ bytesRead, buffer }));
  }

  /**
   * Writes `length` bytes of `data` from `offset` (all of a string) at the file's current position: all of
   * them, where a single write may take only part.
   */
  async write(data: string | Uint8Array, offset = 0, length?: number): Promise<{ bytesWritten: number }> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const end = length === undefined ? bytes.length : offset + length;
    let at = offset;
    while (at < end) {
      const written = await this.#use<number>('write', (fd, done) => fs.write(fd, bytes, at, end - at, null, done));
      // Never for a file; a device that takes nothing would otherwise be asked forever.
      if (written === 0) throw Object.assign(new Error('write took no bytes'), { code: 'EIO', syscall: 'write' });
      at += written;
    }
    return { bytesWritten: at - offset };
  }

  sync(): Promise<void> {
    return this.#use<void>('fsync', (fd, done) => fs.fsync(fd, done));
  }

  /** Closes the file once the calls under way are done; closing again gives the same promise. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#busy > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
      await promised<void>((done) => fs.close(this.#fd, done));
    })();
    return this.#closing;
  }
}

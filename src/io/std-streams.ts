/**
 * Standard output and error without building `process.stdout`/`process.stderr` when a script reads them. Node
 * builds each stream on first use: for a pipe, with `net` and the stream stack behind it, about 3.5 ms of a
 * 20 ms start (2 ms for a file). A pipe, a file, a socket or /dev/null is written to directly; a terminal, or
 * anything this cannot tell, gets Node's stream as before. Once one of the two has handed over to Node's
 * stream, everything it writes goes through that stream, so what it writes stays in order. Results, messages,
 * errors, usage mistakes and commander's help all go through these two; only the prompts write to Node's
 * stream themselves, and they run on a terminal, where these use that stream too.
 *
 * A direct write waits for a slow reader (`pulsa cases | less`) where Node's stream would have queued the
 * text in memory. Commands write their results after saving, and what one writes while it holds a store's
 * lock (store copy's progress) is a few kilobytes, less than a pipe holds: a reader that stops does not keep
 * other counters waiting.
 */
import { fstatSync, statSync, writeSync } from 'node:fs';

/** What commands write to: the part of a Writable they use. */
export interface OutStream {
  /** False when the reader is behind: wait for "drain" before writing more. */
  write(data: string | Uint8Array): boolean;
  once(event: 'drain', listener: () => void): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
}

/** A reader that stops early (`pulsa batch … | head`) is not an error: the command ends quietly, with the exit code set so far. */
function stdoutReaderGone(): never {
  process.exit(process.exitCode ?? 0);
}

/** `process.stdout`, with a reader that went away ending the command quietly (asked for once, see #streamed). */
function stdoutStream(): NodeJS.WriteStream {
  return process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') stdoutReaderGone();
    throw error;
  });
}

/** Device number of /dev/null on Linux: major 1, minor 3. */
const LINUX_DEV_NULL = (1 << 8) | 3;

/**
 * True when `fd` is a file, a pipe, a socket or /dev/null. Windows, a terminal and anything else are left to
 * Node's stream, which knows them.
 */
function writableDirectly(fd: number): boolean {
  if (process.platform === 'win32') return false;
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() || stat.isFIFO() || stat.isSocket()) return true;
    if (!stat.isCharacterDevice()) return false;
    // On Linux /dev/null is always character device 1:3 (the kernel's list of devices): it is told apart from a
    // terminal or any other character device without a second stat (0.1-0.15 ms of every start).
    if (process.platform === 'linux') return stat.rdev === LINUX_DEV_NULL;
    const devNull = statSync('/dev/null');
    return stat.rdev === devNull.rdev && stat.ino === devNull.ino;
  } catch {
    return false;
  }
}

/** A standard descriptor written to directly, handing over to Node's stream when it cannot be. */
class StandardStream implements OutStream {
  #direct: boolean | undefined;
  #stream: NodeJS.WriteStream | undefined;

  constructor(
    private readonly fd: number,
    private readonly nodeStream: () => NodeJS.WriteStream,
    private readonly readerGone: () => void,
  ) {}

  #isDirect(): boolean {
    this.#direct ??= writableDirectly(this.fd);
    return this.#direct;
  }

  #streamed(): NodeJS.WriteStream {
    this.#direct = false;
    this.#stream ??= this.nodeStream();
    return this.#stream;
  }

  write(data: string | Uint8Array): boolean {
    if (!this.#isDirect()) return this.#streamed().write(data);
    let bytes = typeof data === 'string' ? undefined : data;
    let done = 0;
    try {
      if (bytes === undefined) {
        // A string goes as it is, encoded by Node without a Buffer: a file or a blocking pipe takes all of it.
        done = writeSync(this.fd, data as string);
        if (done === Buffer.byteLength(data as string)) return true;
        bytes = Buffer.from(data as string);
      }
      while (done < bytes.length) done += writeSync(this.fd, bytes, done);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        this.readerGone();
        return true;
      }
      // A pipe that another process (a Node parent sharing it) made non-blocking is full: Node's stream waits
      // for the reader, after what was written here (a write that fails has written nothing).
      if (code !== 'EAGAIN') throw error;
      return this.#streamed().write(bytes === undefined ? data : bytes.subarray(done));
    }
  }

  once(event: 'drain', listener: () => void): this {
    // Direct writes wait for the reader themselves, so there is never anything to drain.
    if (this.#isDirect()) queueMicrotask(listener);
    else this.#streamed().once(event, listener);
    return this;
  }

  /** Resolves once Node's stream, when this handed over to it, has passed everything on to the system. */
  written(): Promise<void> {
    const stream = this.#stream;
    if (!stream || stream.writableLength === 0 || stream.destroyed) return Promise.resolve();
    // Writes complete in order: the callback of an empty one comes after everything before it.
    return new Promise((resolve) => stream.write('', () => resolve()));
  }

  get isTTY(): boolean | undefined {
    return this.#isDirect() ? false : this.#streamed().isTTY;
  }

  get columns(): number | undefined {
    return this.#isDirect() ? undefined : this.#streamed().columns;
  }

  get rows(): number | undefined {
    return this.#isDirect() ? undefined : this.#streamed().rows;
  }
}

let stdout: StandardStream | undefined;
let stderr: StandardStream | undefined;

/** This process's standard output: results. */
export function standardOutput(): OutStream {
  stdout ??= new StandardStream(1, stdoutStream, stdoutReaderGone);
  return stdout;
}

/** This process's standard error: messages. One nobody reads any more is no reason to stop the work. */
export function standardError(): OutStream {
  stderr ??= new StandardStream(2, () => process.stderr, () => undefined);
  return stderr;
}

/**
 * Resolves once everything written to standard output and error has reached the system, so the process can
 * end without losing any of it (see bin/pulsa.cjs). Direct writes are there when they return; only text
 * handed to Node's stream (a terminal, a pipe another process made non-blocking) may still be on its way.
 */
export async function outputWritten(): Promise<void> {
  await Promise.all([stdout?.written(), stderr?.written()]);
}

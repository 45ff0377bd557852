import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileChunks } from '../../src/io/file-chunks.js';
import { FileHandle } from '../../src/io/fs-async.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();

/** Open descriptors of this process (Linux): a file left open shows here. */
const openFiles = () => readdirSync('/proc/self/fd').length;

function fileOf(bytes: Buffer): string {
  const path = join(tempDir(), 'file.csv');
  writeFileSync(path, bytes);
  return path;
}

/** Copies each chunk as it comes: a chunk is valid only until the next is asked for. */
async function collect(path: string, chunkBytes?: number): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of fileChunks(path, chunkBytes)) chunks.push(Buffer.from(chunk));
  return chunks;
}

describe('fileChunks', () => {
  const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => `${i};0812${String(i).padStart(8, '0')}\n`).join(''));

  it('gives the file’s bytes in order, in chunks of at most the size asked, whatever the size', async () => {
    const small = bytes.subarray(0, 100);
    for (const [file, size] of [[small, 1], [small, 7], [bytes, 4096], [bytes, bytes.length - 1], [bytes, bytes.length], [bytes, bytes.length + 1], [bytes, 256 * 1024]] as const) {
      const chunks = await collect(fileOf(file), size);
      expect(Buffer.concat(chunks).equals(file), `chunks of ${size}`).toBe(true);
      expect(chunks.every((c) => c.length > 0 && c.length <= size)).toBe(true);
      expect(chunks).toHaveLength(Math.ceil(file.length / size));
    }
  });

  it('reads the next chunk into the buffer the caller gave back, two buffers in all', async () => {
    const seen = new Set<ArrayBufferLike>();
    for await (const chunk of fileChunks(fileOf(bytes), 1000)) seen.add(chunk.buffer);
    expect(seen.size).toBe(2);
  });

  it('gives nothing for an empty file', async () => {
    expect(await collect(fileOf(Buffer.alloc(0)))).toEqual([]);
  });

  it.skipIf(process.platform !== 'linux')('closes the file at the end and when the caller stops early, with a read under way', async () => {
    const path = fileOf(bytes);
    const before = openFiles();
    await collect(path, 100);
    expect(openFiles()).toBe(before);
    for await (const chunk of fileChunks(path, 100)) {
      expect(chunk.length).toBe(100);
      break;
    }
    expect(openFiles()).toBe(before);
    await expect(
      (async () => {
        for await (const _ of fileChunks(path, 100)) throw new Error('stop');
      })(),
    ).rejects.toThrow('stop');
    expect(openFiles()).toBe(before);
  });

  it('hands a read that fails while the caller holds a chunk to the caller’s next request, never to the process', async () => {
    // The read ahead fails while the caller waits for something else (the duplicate thread, a full pipe): left
    // unhandled until then, Node ended the process with a stack trace and exit code 1, the code of "rows flagged".
    // Replaced by hand, not with vi.spyOn: a spy handles the promises it returns, which would hide the bug.
    const read = FileHandle.prototype.read;
    let reads = 0;
    FileHandle.prototype.read = function (this: FileHandle, ...args: Parameters<FileHandle['read']>) {
      if (++reads === 2) return Promise.reject(Object.assign(new Error('i/o error'), { code: 'EIO', syscall: 'read' }));
      return read.apply(this, args);
    };
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      const chunks = fileChunks(fileOf(bytes), 1000);
      expect((await chunks.next()).value).toHaveLength(1000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(chunks.next()).rejects.toMatchObject({ code: 'EIO' });
      expect(reads).toBe(2);
      expect(unhandled).toEqual([]);
    } finally {
      FileHandle.prototype.read = read;
      process.off('unhandledRejection', note);
    }
  });

  it('fails with the system’s code for a file that cannot be opened or read', async () => {
    await expect(collect(join(tempDir(), 'missing.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
    const dir = join(tempDir(), 'folder.csv');
    mkdirSync(dir);
    const before = openFiles();
    await expect(collect(dir)).rejects.toMatchObject({ code: 'EISDIR' });
    expect(openFiles()).toBe(before);
  });
});

/** Copying an attached file into the evidence folder: streamed with its hash, bounded, and durable. */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export class EvidenceTooLarge extends Error {}

/**
 * Streams `source` into a temp file in `folder` while hashing it, stops past `limitBytes` (a file may grow
 * after it was checked), then renames it to the name `nameFor(sha256)` gives and fsyncs.
 */
export async function copyHashed(
  source: string,
  folder: string,
  nameFor: (sha256: string) => string,
  limitBytes: number,
): Promise<{ path: string; size: number; sha256: string }> {
  const tmp = join(folder, `.evidence.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const out = await open(tmp, 'wx', 0o600);
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(source, { highWaterMark: 256 * 1024 })) {
      size += (chunk as Buffer).length;
      if (size > limitBytes) throw new EvidenceTooLarge();
      hash.update(chunk as Buffer);
      await out.write(chunk as Buffer);
    }
    await out.sync();
  } catch (error) {
    await out.close();
    await rm(tmp, { force: true });
    throw error;
  }
  await out.close();
  const sha256 = hash.digest('hex');
  const path = join(folder, nameFor(sha256));
  await rename(tmp, path);
  const dir = await open(folder, 'r').catch(() => null);
  await dir?.sync().catch(() => {});
  await dir?.close();
  return { path, size, sha256 };
}

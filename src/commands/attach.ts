/** `pulsa attach`: copy screenshots or receipts into the case's evidence and record them in the case. */
import { createReadStream } from 'node:fs';
import { realpath, stat } from '../io/fs-async.js';
import { basename } from 'node:path';
import { type Evidence } from '../domain/cases.js';
import { attachEvidence } from '../domain/lifecycle.js';
import { loadPolicy } from '../data/load.js';
import { EXIT, PulsaError } from '../errors.js';
import { caseJson } from './cases.js';
import { caseRef, openStore, type CommandContext } from './context.js';
import { sha256Hex } from '../io/sha256.js';

/** A screenshot or a PDF receipt fits easily; anything bigger is not evidence a counter collects. */
export const EVIDENCE_LIMIT_BYTES = 25 * 1024 * 1024;

class EvidenceTooLarge extends Error {}

// Read in chunks and stopped past the limit: a file may grow after it was checked.
async function readBounded(path: string, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new EvidenceTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

export async function runAttach(ref: string, files: string[], options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const store = await openStore(ctx);
  const seen = await store.getCase(caseRef(ref, ctx));
  const fullRef = seen.ref;
  // One piece of evidence per content: a copy under another name is the same proof, listed once.
  const attachedAs = new Map(seen.evidence.map((item) => [item.sha256, item.name]));
  // Every file is checked before anything is copied, so one bad path attaches nothing. Only regular files,
  // after symlinks are resolved: a device or a FIFO would never end.
  const sources = new Map<string, string>();
  for (const file of files) {
    const fail = (reason: string): never => {
      throw new PulsaError('error.evidenceFile', { file, reason }, EXIT.input);
    };
    const real = await realpath(file).catch((error: NodeJS.ErrnoException) => fail(error.code ?? String(error)));
    const info = await stat(real).catch((error: NodeJS.ErrnoException) => fail(error.code ?? String(error)));
    if (!info.isFile()) fail(info.isDirectory() ? 'EISDIR' : 'not a regular file');
    if (info.size > EVIDENCE_LIMIT_BYTES) throw new PulsaError('error.evidenceTooLarge', { file, limit: '25 MB' }, EXIT.input);
    if (!sources.has(real)) sources.set(real, file);
  }
  const at = ctx.now.toISOString();
  const items: Evidence[] = [];
  try {
    // One file in memory at a time (at most the limit), stored before the next is read.
    for (const [real, file] of sources) {
      const bytes = await readBounded(real, EVIDENCE_LIMIT_BYTES).catch((error) => {
        if (error instanceof EvidenceTooLarge) throw new PulsaError('error.evidenceTooLarge', { file, limit: '25 MB' }, EXIT.input);
        throw new PulsaError('error.evidenceFile', { file, reason: (error as NodeJS.ErrnoException).code ?? String(error) }, EXIT.input);
      });
      const sha256 = sha256Hex(bytes);
      const name = basename(file);
      const same = attachedAs.get(sha256);
      if (same !== undefined) {
        ctx.out.info(ctx.t('lifecycle.attachedAlready', { file: name, same }));
        continue;
      }
      // The hash prefix keeps two different files with one name (two "IMG_0001.jpg") apart.
      const storedAs = `${fullRef}/${sha256.slice(0, 12)}-${name}`;
      await store.putEvidence(fullRef, [{ storedAs, sha256, bytes }]);
      items.push({ name, storedAs, size: bytes.length, sha256, at });
      attachedAs.set(sha256, name);
    }
    const updated = items.length ? await store.updateCase(fullRef, (c) => attachEvidence(c, items, ctx.now)) : seen;
    // Another counter may have attached the same content meanwhile: the case lists it once, the spare copy goes.
    const recorded = new Set(updated.evidence.map((item) => item.storedAs));
    const spare = items.filter((item) => !recorded.has(item.storedAs));
    if (spare.length) await store.dropEvidence(fullRef, spare.map((item) => item.storedAs));
    items.splice(0, items.length, ...items.filter((item) => recorded.has(item.storedAs)));
    if (options.json) ctx.out.json(caseJson(updated, ctx.now, loadPolicy()));
    else ctx.out.print(ctx.t('lifecycle.attached', { ref: fullRef, count: items.length }));
  } catch (error) {
    // The case did not record them, so the copies would be orphans.
    await store.dropEvidence(fullRef, items.map((item) => item.storedAs));
    throw error;
  }
  return EXIT.ok;
}

/** `pulsa attach`: copy screenshots or receipts into the case's evidence and record them in the case. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { normalizeRef, type Evidence } from '../domain/cases.js';
import { attachEvidence } from '../domain/lifecycle.js';
import { loadPolicy } from '../data/load.js';
import { EXIT, PulsaError } from '../errors.js';
import type { EvidenceBlob } from '../store/types.js';
import { caseJson } from './cases.js';
import { openStore, type CommandContext } from './context.js';

export async function runAttach(ref: string, files: string[], options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const store = await openStore(ctx);
  const caseRef = (await store.getCase(normalizeRef(ref))).ref;
  // Every file is read before anything is copied, so one bad path attaches nothing.
  const contents = await Promise.all(
    files.map(async (file) => {
      try {
        return { file, bytes: await readFile(file) };
      } catch (error) {
        throw new PulsaError('error.evidenceFile', { file, reason: (error as NodeJS.ErrnoException).code ?? String(error) }, EXIT.input);
      }
    }),
  );
  const at = ctx.now.toISOString();
  const items: Evidence[] = [];
  const blobs: EvidenceBlob[] = [];
  for (const { file, bytes } of contents) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // The hash prefix keeps two different files with one name (two "IMG_0001.jpg") apart.
    const storedAs = `${caseRef}/${sha256.slice(0, 12)}-${basename(file)}`;
    blobs.push({ storedAs, sha256, bytes });
    items.push({ name: basename(file), storedAs, size: bytes.length, sha256, at });
  }
  await store.putEvidence(caseRef, blobs);
  try {
    const updated = await store.updateCase(caseRef, (c) => attachEvidence(c, items, ctx.now));
    if (options.json) ctx.out.json(caseJson(updated, ctx.now, loadPolicy()));
    else ctx.out.print(ctx.t('lifecycle.attached', { ref: caseRef, count: items.length }));
  } catch (error) {
    // The case did not record them, so the copies would be orphans.
    await store.dropEvidence(caseRef, items.map((item) => item.storedAs));
    throw error;
  }
  return EXIT.ok;
}

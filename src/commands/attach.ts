/** `pulsa attach`: copy screenshots or receipts into the store's evidence folder and record them in the case. */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { normalizeRef, type Evidence } from '../domain/cases.js';
import { attachEvidence } from '../domain/lifecycle.js';
import { loadPolicy } from '../data/load.js';
import { EXIT, PulsaError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic-file.js';
import { caseJson } from './cases.js';
import { openStore, type CommandContext } from './context.js';

export async function runAttach(ref: string, files: string[], options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const store = openStore(ctx);
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
  const folder = join(store.evidenceDir, caseRef);
  await mkdir(store.evidenceDir, { recursive: true, mode: 0o700 });
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const at = ctx.now.toISOString();
  const items: Evidence[] = [];
  for (const { file, bytes } of contents) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // The hash prefix keeps two different files with one name (two "IMG_0001.jpg") apart.
    const storedAs = join(caseRef, `${sha256.slice(0, 12)}-${basename(file)}`);
    await writeFileAtomic(join(store.evidenceDir, storedAs), bytes);
    items.push({ name: basename(file), storedAs, size: bytes.length, sha256, at });
  }
  try {
    const updated = await store.updateCase(caseRef, (c) => attachEvidence(c, items, ctx.now));
    if (options.json) ctx.out.json(caseJson(updated, ctx.now, loadPolicy()));
    else ctx.out.print(ctx.t('lifecycle.attached', { ref: caseRef, count: items.length }));
  } catch (error) {
    // The case did not record them, so the copies would be orphans.
    await Promise.all(items.map((item) => rm(join(store.evidenceDir, item.storedAs), { force: true })));
    throw error;
  }
  return EXIT.ok;
}

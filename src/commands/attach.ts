/** `pulsa attach`: copy screenshots or receipts into the store's evidence folder and record them in the case. */
import { mkdir, realpath, rm, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { normalizeRef, type Evidence } from '../domain/cases.js';
import { attachEvidence } from '../domain/lifecycle.js';
import { loadPolicy } from '../data/load.js';
import { EXIT, PulsaError } from '../errors.js';
import { copyHashed, EvidenceTooLarge } from '../store/json/evidence.js';
import { checkFolderSafety } from '../store/json/folder-safety.js';
import { caseJson } from './cases.js';
import { openStore, type CommandContext } from './context.js';

/** A screenshot or a PDF receipt fits easily; anything bigger is not evidence a counter collects. */
export const EVIDENCE_LIMIT_BYTES = 25 * 1024 * 1024;

export async function runAttach(ref: string, files: string[], options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const store = openStore(ctx);
  const caseRef = (await store.getCase(normalizeRef(ref))).ref;
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
  const folder = join(store.evidenceDir, caseRef);
  await mkdir(store.evidenceDir, { recursive: true, mode: 0o700 });
  await checkFolderSafety(store.evidenceDir);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const at = ctx.now.toISOString();
  const items: Evidence[] = [];
  try {
    for (const [real, file] of sources) {
      const name = basename(file);
      // The hash prefix keeps two different files with one name (two "IMG_0001.jpg") apart.
      const copied = await copyHashed(real, folder, (sha256) => `${sha256.slice(0, 12)}-${name}`, EVIDENCE_LIMIT_BYTES).catch((error) => {
        if (error instanceof EvidenceTooLarge) throw new PulsaError('error.evidenceTooLarge', { file, limit: '25 MB' }, EXIT.input);
        throw new PulsaError('error.evidenceFile', { file, reason: (error as NodeJS.ErrnoException).code ?? String(error) }, EXIT.input);
      });
      const storedAs = relative(store.evidenceDir, copied.path);
      // The same content under the same name (a copy in another folder) is one piece of evidence.
      if (items.some((item) => item.storedAs === storedAs)) continue;
      items.push({ name, storedAs, size: copied.size, sha256: copied.sha256, at });
    }
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

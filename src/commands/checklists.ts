/** `pulsa checklists`: which checklists are installed and where each comes from; `validate` checks a shop's data files. */
import { listChecklists, loadChecklist, validateDataFiles } from '../data/load.js';
import { EXIT } from '../errors.js';
import type { CommandContext } from './context.js';

export async function runChecklists(options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const installed = listChecklists().map((c) => {
    const checklist = loadChecklist(c.id)!;
    return { id: c.id, title: checklist.title[ctx.lang], family: checklist.family, origin: c.origin, path: c.path, causes: Object.keys(checklist.findings) };
  });
  if (options.json) {
    ctx.out.json(installed);
    return EXIT.ok;
  }
  for (const c of installed) {
    ctx.out.print(`${c.id}  ${c.title}  [${c.family}]  ${ctx.t(`checklists.origin.${c.origin}`)}: ${c.path}`);
  }
  return EXIT.ok;
}

export async function runValidate(dir: string | undefined, options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const report = validateDataFiles(dir);
  const problems = report.problems.map((p) => ({ file: p.file, where: p.where, problem: p.problem }));
  if (options.json) ctx.out.json({ ok: problems.length === 0, files: report.files, problems });
  else for (const p of report.problems) ctx.out.print(p.message);
  ctx.out.info(
    problems.length === 0
      ? ctx.t('checklists.valid', { files: report.files.length })
      : ctx.t('checklists.invalid', { count: problems.length, files: new Set(problems.map((p) => p.file)).size }),
  );
  return problems.length === 0 ? EXIT.ok : EXIT.input;
}

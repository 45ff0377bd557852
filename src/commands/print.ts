/** `pulsa print`: the customer's receipt for any case, again; never the shop's own notes. */
import { loadChecklist, loadOperatorTable } from '../data/load.js';
import type { Case } from '../domain/cases.js';
import { customerReceipt } from '../domain/receipt.js';
import { wrap } from '../domain/template.js';
import { EXIT } from '../errors.js';
import { caseMessageContext, caseRef, openStore, type CommandContext } from './context.js';

export interface PrintOptions {
  json?: boolean;
  width?: number;
}

export async function runPrint(ref: string, options: PrintOptions, ctx: CommandContext): Promise<number> {
  const c = await (await openStore(ctx)).getCase(caseRef(ref, ctx));
  showReceipt(c, options, ctx);
  return EXIT.ok;
}

/** Prints the customer receipt, wrapped to the printer's width when given. */
export function showReceipt(c: Case, options: PrintOptions, ctx: CommandContext): void {
  const { lang, t } = caseMessageContext(ctx, c);
  const receipt = customerReceipt(c, { lang, t, table: loadOperatorTable(), checklist: loadChecklist(c.checklist) });
  const text = options.width ? wrap(receipt, options.width) : receipt;
  if (options.json) ctx.out.json({ ref: c.ref, status: c.status, lang, width: options.width ?? null, text });
  else ctx.out.print(text);
}

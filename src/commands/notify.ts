/** `pulsa notify`: the customer message for the case's current status, and a WhatsApp link to send it. Nothing is sent. */
import { loadChecklist, loadOperatorTable } from '../data/load.js';
import { customerContact, type Case } from '../domain/cases.js';
import { customerNotification, customerWhatsApp } from '../domain/notify.js';
import { wrap } from '../domain/template.js';
import { EXIT } from '../errors.js';
import { caseMessageContext, caseRef, openStore, type CommandContext } from './context.js';

export interface NotifyOptions {
  json?: boolean;
  width?: number;
}

export async function runNotify(ref: string, options: NotifyOptions, ctx: CommandContext): Promise<number> {
  const c = await (await openStore(ctx)).getCase(caseRef(ref, ctx));
  showNotification(c, options, ctx);
  return EXIT.ok;
}

/** Prints the customer message for the case as it stands, with the link that opens it in WhatsApp. */
export function showNotification(c: Case, options: NotifyOptions, ctx: CommandContext): void {
  const { lang, t } = caseMessageContext(ctx, c);
  const table = loadOperatorTable();
  const message = customerNotification(c, { lang, t, table, checklist: loadChecklist(c.checklist) });
  // The link opens a chat with the customer's own number, never the number the credit went to.
  const contact = customerContact(c);
  const whatsapp = customerWhatsApp(c, message, table);
  if (options.json) {
    ctx.out.json({ ref: c.ref, status: c.status, lang, number: c.number, customerNumber: contact, message, whatsapp });
    return;
  }
  // On a narrow receipt every line fits, the link too (broken across lines).
  const fit = (text: string) => (options.width ? wrap(text, options.width) : text);
  ctx.out.print(fit(message));
  if (whatsapp) ctx.out.print(`\n${fit(`${t('field.whatsapp')}: ${whatsapp}`)}`);
  else ctx.out.info(fit(t('notify.noLink', { number: contact ?? t('value.unknown') })));
}

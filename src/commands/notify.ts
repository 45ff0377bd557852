/** `pulsa notify`: the customer message for the case's current status, and a WhatsApp link to send it. Nothing is sent. */
import { loadChecklist, loadOperatorTable } from '../data/load.js';
import { customerContact, normalizeRef } from '../domain/cases.js';
import { customerNotification, customerWhatsApp } from '../domain/notify.js';
import { wrap } from '../domain/template.js';
import { EXIT } from '../errors.js';
import { caseMessageContext, caseRef, openStore, type CommandContext } from './context.js';

export async function runNotify(ref: string, options: { json?: boolean; width?: number }, ctx: CommandContext): Promise<number> {
  const c = await (await openStore(ctx)).getCase(caseRef(ref, ctx));
  const { lang, t } = caseMessageContext(ctx, c);
  const table = loadOperatorTable();
  const message = customerNotification(c, { lang, t, table, checklist: loadChecklist(c.checklist) });
  // The link opens a chat with the customer's own number, never the number the credit went to.
  const contact = customerContact(c);
  const whatsapp = customerWhatsApp(c, message, table);
  if (options.json) {
    ctx.out.json({ ref: c.ref, status: c.status, lang, number: c.number, customerNumber: contact, message, whatsapp });
    return EXIT.ok;
  }
  ctx.out.print(options.width ? wrap(message, options.width) : message);
  if (whatsapp) ctx.out.print(`\n${t('field.whatsapp')}: ${whatsapp}`);
  else ctx.out.info(t('notify.noLink', { number: contact ?? t('value.unknown') }));
  return EXIT.ok;
}

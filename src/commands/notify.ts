/** `pulsa notify`: the customer message for the case's current status, and a WhatsApp link to send it. Nothing is sent. */
import { loadChecklist, loadOperatorTable } from '../data/load.js';
import { normalizeRef } from '../domain/cases.js';
import { contactNumber, customerNotification, whatsAppLink } from '../domain/notify.js';
import { wrap } from '../domain/template.js';
import { EXIT } from '../errors.js';
import { openStore, type CommandContext } from './context.js';

export async function runNotify(ref: string, options: { json?: boolean; width?: number }, ctx: CommandContext): Promise<number> {
  const c = await openStore(ctx).getCase(normalizeRef(ref));
  const checklist = loadChecklist(c.checklist);
  const message = customerNotification(c, { lang: ctx.lang, t: ctx.t, table: loadOperatorTable(), checklist });
  const contact = contactNumber(c, checklist);
  const whatsapp = contact ? whatsAppLink(contact, message) : null;
  if (options.json) {
    ctx.out.json({ ref: c.ref, status: c.status, lang: ctx.lang, number: c.number, message, whatsapp });
    return EXIT.ok;
  }
  ctx.out.print(options.width ? wrap(message, options.width) : message);
  if (whatsapp) ctx.out.print(`\n${ctx.t('field.whatsapp')}: ${whatsapp}`);
  return EXIT.ok;
}

/** The customer's receipt for a case: what they were told and where the case stands, never the shop's own notes. */
import type { Case } from './cases.js';
import { formatLocalDateTime } from './clock.js';
import { customerNotification, type MessageContext } from './notify.js';

/**
 * The receipt's text: checklist title, reference, date, the diagnosis as told to the customer, and (once the case
 * has moved on) the message for its current status. The shop's guidance, notes, resolution notes and cause codes
 * are never part of it; only what the shop wrote for the customer (`--tell`) is.
 */
export function customerReceipt(c: Case, ctx: MessageContext): string {
  const { t } = ctx;
  const lines = [
    ctx.checklist?.title[ctx.lang] ?? c.checklist,
    `${t('summary.ref')}: ${c.ref}`,
    `${t('receipt.date')}: ${formatLocalDateTime(new Date(c.createdAt))}`,
  ];
  if (c.guidance) lines.push('', c.guidance.customer);
  // An open case's message only says the complaint was received, which the diagnosis above already tells.
  if (!c.guidance || !['open', 'draft'].includes(c.status)) lines.push('', customerNotification(c, ctx));
  return lines.join('\n');
}

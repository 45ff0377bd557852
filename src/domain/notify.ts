/** Messages about a case: to the customer at each status, and to whoever a case is escalated to. */
import { customerContact, type Case, type EscalationTarget } from './cases.js';
import type { Checklist } from './checklist.js';
import { formatLocalDateTime } from './clock.js';
import { pendingEscalation } from './deadlines.js';
import { guidanceVars } from './guidance.js';
import type { Translate } from './messages.js';
import { formatRupiah } from './money.js';
import { toInternational } from './msisdn.js';
import { own } from './own.js';
import { isKnownMobile, type OperatorTable } from './operators.js';
import type { Lang } from './text.js';

export interface MessageContext {
  lang: Lang;
  t: Translate;
  table: OperatorTable;
  /** The case's checklist: names what was sold and its causes (absent if removed); a PLN or e-wallet case is not spoken of as credit from an operator. */
  checklist?: Checklist;
}

// A family may word a message its own way (`escalation.supplier.pln`); otherwise the general text is used.
function familyKey(key: string, ctx: MessageContext): string {
  const family = ctx.checklist?.family;
  if (!family || family === 'mobile') return key;
  const specific = `${key}.${family}`;
  return ctx.t(specific) === specific ? key : specific;
}

/** Placeholder values for case messages: the guidance values plus the case's lifecycle. */
export function caseVars(c: Case, ctx: MessageContext): Record<string, string> {
  const vars = guidanceVars(c.answers, c, { ref: c.ref, lang: ctx.lang, table: ctx.table, t: ctx.t, checklist: ctx.checklist, item: ctx.checklist?.item });
  const escalation = pendingEscalation(c) ?? c.escalations.at(-1);
  const cause = c.cause && ctx.checklist ? own(ctx.checklist.findings, c.cause)?.title[ctx.lang] : undefined;
  const { t } = ctx;
  return {
    ...vars,
    number: c.number ?? vars.number ?? '',
    customerNumber: customerContact(c) ?? t('value.unknown'),
    due: escalation ? formatLocalDateTime(new Date(escalation.due)) : t('value.unknown'),
    target: escalation ? t(`target.${escalation.to}`) : '',
    // The shop's resolution note stays in the shop: the customer hears what the shop wrote for them, or a set sentence.
    customerNote: c.resolution?.customerNote ?? (c.resolution?.kind === 'explained' ? t('notify.explainedCause', { cause: cause ?? t('value.unknown') }) : ''),
    amount: c.resolution?.amount != null ? formatRupiah(c.resolution.amount) : t('value.unknown'),
  };
}

/** What to tell the customer now, chosen by the case's status (and how it was escalated or resolved). */
export function customerNotification(c: Case, ctx: MessageContext): string {
  const key =
    c.status === 'escalated'
      ? `notify.escalated.${pendingEscalation(c)?.to ?? c.escalations.at(-1)?.to ?? 'operator'}`
      : c.status === 'resolved'
        ? `notify.resolved.${c.resolution?.kind ?? 'other'}`
        : c.status === 'closed'
          ? 'notify.closed'
          : c.status === 'reopened'
            ? 'notify.reopened'
            : 'notify.received';
  return ctx.t(familyKey(key, ctx), caseVars(c, ctx)).replace(/ {2,}/g, ' ').trim();
}

/** The line naming who to contact when escalating to the operator (PLN, the wallet, or the operator's CS). */
export function operatorContact(c: Case, ctx: MessageContext): string {
  return ctx.t(familyKey('escalation.operatorContact', ctx), caseVars(c, ctx));
}

/**
 * A WhatsApp click-to-chat link that opens a chat with the customer, the message already typed. Nothing is
 * sent. Only a valid mobile number gets a link: anything else would open a chat with nobody, or a stranger.
 */
export function whatsAppLink(table: OperatorTable, msisdn: string, text: string): string | null {
  if (!isKnownMobile(table, msisdn)) return null;
  return `https://wa.me/${toInternational(msisdn)}?text=${encodeURIComponent(text)}`;
}

/** The link to message this case's customer on their own number, or null when there is no valid number. */
export function customerWhatsApp(c: Case, text: string, table: OperatorTable): string | null {
  const contact = customerContact(c);
  return contact ? whatsAppLink(table, contact, text) : null;
}

/** The message to send to the operator, the supplier or a supervisor when escalating. */
export function escalationMessage(c: Case, to: EscalationTarget, ctx: MessageContext, history: string): string {
  const vars = caseVars(c, ctx);
  const message = ctx.t(familyKey(`escalation.${to}`, ctx), vars);
  return to === 'supervisor' ? `${message}\n${history}` : message;
}

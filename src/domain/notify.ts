/** Messages about a case: to the customer at each status, and to whoever a case is escalated to. */
import type { Case, EscalationTarget } from './cases.js';
import type { Checklist } from './checklist.js';
import { formatLocalDateTime } from './clock.js';
import { pendingEscalation } from './deadlines.js';
import { guidanceVars } from './guidance.js';
import type { Translate } from './messages.js';
import { formatRupiah } from './money.js';
import { toInternational } from './msisdn.js';
import type { OperatorTable } from './operators.js';
import type { Lang } from './text.js';

export interface MessageContext {
  lang: Lang;
  t: Translate;
  table: OperatorTable;
  /** The case's checklist: a PLN or e-wallet case is not spoken of as credit from an operator. */
  checklist?: Checklist;
}

// A family may word a message its own way (`escalation.supplier.pln`); otherwise the general text is used.
function familyKey(key: string, ctx: MessageContext): string {
  const family = ctx.checklist?.family;
  if (!family || family === 'mobile') return key;
  const specific = `${key}.${family}`;
  return ctx.t(specific) === specific ? key : specific;
}

/** The number to message the customer on: their contact number, else the destination when it is a phone. Never a meter. */
export function contactNumber(c: Case, checklist: Checklist | undefined): string | null {
  if (c.answers.customerNumber) return c.answers.customerNumber;
  return checklist?.family === 'pln' ? null : c.number;
}

/** Placeholder values for case messages: the guidance values plus the case's lifecycle. */
export function caseVars(c: Case, ctx: MessageContext): Record<string, string> {
  const vars = guidanceVars(c.answers, c, { ref: c.ref, lang: ctx.lang, table: ctx.table, t: ctx.t, checklist: ctx.checklist });
  const escalation = pendingEscalation(c) ?? c.escalations.at(-1);
  return {
    ...vars,
    number: c.number ?? vars.number ?? '',
    due: escalation ? formatLocalDateTime(new Date(escalation.due)) : ctx.t('value.unknown'),
    target: escalation ? ctx.t(`target.${escalation.to}`) : '',
    resolutionNote: c.resolution?.note ?? '',
    amount: c.resolution?.amount != null ? formatRupiah(c.resolution.amount) : ctx.t('value.unknown'),
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

/** A WhatsApp click-to-chat link that opens a chat with the customer, the message already typed. Nothing is sent. */
export function whatsAppLink(msisdn: string, text: string): string {
  return `https://wa.me/${toInternational(msisdn)}?text=${encodeURIComponent(text)}`;
}

/** The message to send to the operator, the supplier or a supervisor when escalating. */
export function escalationMessage(c: Case, to: EscalationTarget, ctx: MessageContext, history: string): string {
  const vars = caseVars(c, ctx);
  const message = ctx.t(familyKey(`escalation.${to}`, ctx), vars);
  return to === 'supervisor' ? `${message}\n${history}` : message;
}

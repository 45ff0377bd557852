/** The case lifecycle commands: escalate, note, resolve, close, reopen, priority. Each is one change under the store lock. */
import { loadChecklist, loadOperatorTable, loadPolicy, loadSupplierGrammar } from '../data/load.js';
import { supplierComplaint } from '../domain/complaint.js';
import { CONFIG_ENV, loadShopConfig } from '../io/shop-config.js';
import { type Case, type EscalationTarget, type Priority, type ResolutionKind } from '../domain/cases.js';
import { formatLocalDateTime } from '../domain/clock.js';
import { isWithinDueRange, parseDue } from '../domain/deadlines.js';
import {
  addNote,
  closeCase,
  describeEscalation,
  escalateCase,
  reopenCase,
  resolveCase,
  setPriority,
} from '../domain/lifecycle.js';
import { formatRupiah, parseRupiah } from '../domain/money.js';
import { escalationMessage, operatorContact } from '../domain/notify.js';
import { EXIT, PulsaError } from '../errors.js';
import { wrap } from '../domain/template.js';
import { renderTimeline } from '../ui/render.js';
import { valueLabel } from '../domain/vocabulary.js';
import { caseJson } from './cases.js';
import { caseRef, openStore, type CommandContext } from './context.js';
import type { UpdateOptions } from '../store/types.js';

interface JsonOption {
  json?: boolean;
}

/** Applies one domain change to a stored case, then prints a one-line confirmation (or the case as JSON). */
async function change(
  ctx: CommandContext,
  ref: string,
  apply: (c: Case) => Case,
  options: JsonOption,
  confirm: (c: Case) => string,
  guard: UpdateOptions = {},
): Promise<Case> {
  const updated = await (await openStore(ctx)).updateCase(caseRef(ref, ctx), apply, guard);
  if (options.json) ctx.out.json(caseJson(updated, ctx.now, loadPolicy()));
  else ctx.out.print(confirm(updated));
  return updated;
}

export interface EscalateOptions {
  to: EscalationTarget;
  due?: string;
  note?: string;
}

/** What escalating produced: the case, its deadline, the message to send and who to send it to. */
export interface Escalated {
  case: Case;
  to: EscalationTarget;
  due: Date;
  /** Set when this changed the escalation still waiting for its answer: what it was, and the event's from/to words. */
  replaced?: { to: EscalationTarget; due: string };
  contact: string | null;
  message: string;
  template?: string;
}

/** Escalates a stored case (deadline from --due or the policy's default for the target) and writes the message to send. */
export async function escalate(ref: string, options: EscalateOptions, ctx: CommandContext): Promise<Escalated> {
  const { now, t } = ctx;
  const input = options.due ?? loadPolicy().escalationDue[options.to];
  const due = parseDue(input, now);
  if (!due) throw new PulsaError('error.badDue', { input }, EXIT.input);
  if (due <= now) throw new PulsaError('rule.duePast', { input }, EXIT.input);
  if (!isWithinDueRange(due, now)) throw new PulsaError('error.dueTooFar', { input }, EXIT.input);
  // A broken settings file is refused before the case is touched.
  const writeComplaint = options.to === 'supplier' ? supplierComplaintWriter(ctx) : null;
  const store = await openStore(ctx);
  const updated = await store.updateCase(caseRef(ref, ctx), (c) => escalateCase(c, options.to, due, now, options.note));
  const messageCtx = { lang: ctx.lang, t, table: loadOperatorTable(), checklist: loadChecklist(updated.checklist) };
  const complaint = writeComplaint ? writeComplaint(updated) : null;
  const message = complaint?.text ?? escalationMessage(updated, options.to, messageCtx, renderTimeline(updated, t, messageCtx.lang));
  const contact = options.to === 'operator' ? operatorContact(updated, messageCtx) : null;
  // Escalating again while the last escalation waits for its answer changed that one (see escalateCase).
  const last = updated.events.at(-1)!;
  const changed = last.type === 'escalation-changed' ? updated.escalations.find((e) => e.changes?.at(-1)?.at === last.at)?.changes?.at(-1) : undefined;
  return {
    case: updated,
    to: options.to,
    due,
    ...(changed ? { replaced: { to: changed.to, due: changed.due } } : {}),
    contact,
    message,
    ...(complaint ? { template: complaint.template } : {}),
  };
}

/** Prints an escalation: the confirmation on stderr, then who to contact and the message (or all of it as JSON). */
export function showEscalation(result: Escalated, options: JsonOption & { width?: number }, ctx: CommandContext): void {
  const { t, now } = ctx;
  const { replaced } = result;
  if (options.json) {
    ctx.out.json({
      case: caseJson(result.case, now, loadPolicy()),
      to: result.to,
      due: result.due.toISOString(),
      ...(replaced ? { replaced } : {}),
      contact: result.contact,
      message: result.message,
      ...(result.template ? { template: result.template } : {}),
    });
    return;
  }
  const fit = (text: string) => (options.width ? wrap(text, options.width) : text);
  const due = formatLocalDateTime(result.due);
  if (replaced) {
    const name = (to: EscalationTarget) => t(`target.${to}`);
    const to = describeEscalation({ to: result.to, due: result.due.toISOString() }, name);
    ctx.out.info(fit(t('escalation.changed', { ref: result.case.ref, from: describeEscalation(replaced, name), to, due })));
  } else ctx.out.info(fit(t('escalation.saved', { ref: result.case.ref, target: t(`target.${result.to}`), due })));
  if (result.contact) ctx.out.print(fit(result.contact));
  ctx.out.print(fit(result.message));
}

export async function runEscalate(ref: string, options: JsonOption & EscalateOptions, ctx: CommandContext) {
  showEscalation(await escalate(ref, options, ctx), options, ctx);
  return EXIT.ok;
}

// Written in the supplier's own grammar: the template the shop chose in its settings file.
// The supplier's own words for a failure ("Nomor Tujuan Diblokir"), from the choice the answer holds.
function failureReasonText(c: Case): string | undefined {
  const value = c.answers.failureReason;
  if (!value || value === 'other') return undefined;
  const question = loadChecklist(c.checklist)?.steps.flatMap((s) => s.questions).find((q) => q.key === 'failureReason');
  return question?.choices?.find((choice) => choice.value === value)?.label.id ?? value;
}

function supplierComplaintWriter(ctx: CommandContext) {
  const grammar = loadSupplierGrammar();
  const { config, path } = loadShopConfig(ctx, grammar);
  // Until the shop names its supplier's format, the general sentence (which names the item and nominal) is kept.
  if (!config.supplier.complaint) {
    ctx.out.info(ctx.t('config.supplierUnset', { path: path ?? CONFIG_ENV }));
    return null;
  }
  return (c: Case) => supplierComplaint(c, grammar, config, failureReasonText(c));
}

export async function runNote(ref: string, text: string, options: JsonOption & { outcome?: boolean }, ctx: CommandContext) {
  await change(ctx, ref, (c) => addNote(c, text, ctx.now, options.outcome), options, (c) =>
    ctx.t(options.outcome ? 'lifecycle.outcome' : 'lifecycle.noted', { ref: c.ref }),
  );
  return EXIT.ok;
}

export async function runResolve(
  ref: string,
  options: JsonOption & { resolution: ResolutionKind; note: string; tell?: string; cause?: string; amount?: string },
  ctx: CommandContext,
) {
  let amount: number | undefined;
  if (options.amount !== undefined) {
    try {
      amount = parseRupiah(options.amount);
    } catch {
      throw new PulsaError('error.badAmount', { input: options.amount }, EXIT.input);
    }
  }
  const store = await openStore(ctx);
  // The causes a case may be given are its own checklist's findings.
  const seen = await store.getCase(caseRef(ref, ctx));
  const causes = Object.keys(loadChecklist(seen.checklist)?.findings ?? {});
  const resolve = (c: Case) => resolveCase(c, { kind: options.resolution, note: options.note, customerNote: options.tell, cause: options.cause, amount }, causes, ctx.now);
  const confirm = (c: Case) => {
    const money = c.resolution?.amount != null ? ` ${formatRupiah(c.resolution.amount)}` : '';
    return ctx.t('lifecycle.resolved', { ref: c.ref, resolution: ctx.t(`resolution.${options.resolution}`) + money });
  };
  // Money moves on what this counter saw: if another counter changed the case meanwhile, nothing is paid twice.
  await change(ctx, ref, resolve, options, confirm, { expectUpdatedAt: seen.updatedAt });
  return EXIT.ok;
}

export async function runClose(ref: string, options: JsonOption & { note?: string }, ctx: CommandContext) {
  await change(ctx, ref, (c) => closeCase(c, ctx.now, options.note), options, (c) => ctx.t('lifecycle.closed', { ref: c.ref }));
  return EXIT.ok;
}

export async function runReopen(ref: string, options: JsonOption & { reason: string }, ctx: CommandContext) {
  await change(ctx, ref, (c) => reopenCase(c, options.reason, ctx.now), options, (c) => ctx.t('lifecycle.reopened', { ref: c.ref }));
  return EXIT.ok;
}

export async function runPriority(ref: string, level: Priority, options: JsonOption, ctx: CommandContext) {
  await change(ctx, ref, (c) => setPriority(c, level, ctx.now), options, (c) =>
    ctx.t('lifecycle.priority', { ref: c.ref, priority: valueLabel('priority', level, ctx.lang) }),
  );
  return EXIT.ok;
}

/** Fixing mistakes: `pulsa discard`, `pulsa edit`, `pulsa undo`; and `pulsa pending`, the supplier's clock. */
import { loadChecklist, loadPolicy, loadSupplierGrammar } from '../data/load.js';
import { formatLocalDateTime } from '../domain/clock.js';
import { describeEvent, discardCase, editCase, lastChangeBy, undoChange, type AnswerChange, type UndoableChange } from '../domain/corrections.js';
import { summarize, type Case } from '../domain/cases.js';
import { mayBePending, pendingItems } from '../domain/pending.js';
import { TRANSACTION_KEYS, type TransactionKey } from '../domain/reply-answers.js';
import { EXIT, PulsaError } from '../errors.js';
import { loadShopConfig } from '../io/shop-config.js';
import { caseJson } from './cases.js';
import { caseRef, openStore, openStoreToRead, type CommandContext } from './context.js';
import { parseCorrection, rediagnose, type Transaction } from './diagnose.js';

interface JsonOption {
  json?: boolean;
}

export async function runDiscard(ref: string, options: JsonOption & { note?: string }, ctx: CommandContext): Promise<number> {
  const updated = await (await openStore(ctx)).updateCase(caseRef(ref, ctx), (c) => discardCase(c, ctx.now, options.note));
  if (options.json) ctx.out.json(caseJson(updated, ctx.now, loadPolicy()));
  else ctx.out.print(ctx.t('fix.discarded', { ref: updated.ref }));
  return EXIT.ok;
}

const isTransactionKey = (key: string): key is TransactionKey => (TRANSACTION_KEYS as readonly string[]).includes(key);

function checklistOf(c: Case) {
  const checklist = loadChecklist(c.checklist);
  if (!checklist) throw new PulsaError('error.checklistUnknown', { name: c.checklist, known: '-' }, EXIT.input);
  return checklist;
}

/** The case diagnosed again with some answers (and product code / supplier id) replaced. */
function rediagnosed(c: Case, values: Record<string, string | null>, ctx: CommandContext): Case {
  const checklist = checklistOf(c);
  const answers = { ...c.answers };
  const transaction: Transaction = { productCode: c.productCode ?? undefined, supplierTrxId: c.supplierTrxId ?? undefined };
  for (const [key, value] of Object.entries(values)) {
    const target: Record<string, string | undefined> = isTransactionKey(key) ? transaction : answers;
    if (value === null) delete target[key];
    else target[key] = value;
  }
  const result = rediagnose(c, checklist, answers, transaction, ctx);
  const next = { ...c, ...summarize(result) };
  // A code taken away by the correction is gone from the case, not left over from before.
  for (const key of TRANSACTION_KEYS) if (!transaction[key]) delete next[key];
  return next;
}

export async function runEdit(ref: string, options: JsonOption & { set?: string[] }, ctx: CommandContext): Promise<number> {
  const pairs = (options.set ?? []).map((item) => {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new PulsaError('error.badSet', { input: item }, EXIT.input);
    return [item.slice(0, eq).trim(), item.slice(eq + 1)] as const;
  });
  if (pairs.length === 0) throw new PulsaError('error.badSet', { input: '' }, EXIT.input);
  const store = await openStore(ctx);
  const seen = await store.getCase(caseRef(ref, ctx));
  const checklist = checklistOf(seen);
  // Every value is checked before the case is touched.
  const parsed = pairs.map(([key, value]) => {
    const p = parseCorrection(checklist, key, value, ctx.now);
    return [key, p.answer ?? p.transaction ?? ''] as const;
  });
  const updated = await store.updateCase(
    seen.ref,
    (c) => {
      const changes: AnswerChange[] = parsed.map(([key, to]) => ({ key, from: (isTransactionKey(key) ? c[key] : c.answers[key]) ?? null, to }));
      const values = Object.fromEntries(parsed.map(([key, to]) => [key, to === '' ? null : to]));
      const next = rediagnosed(c, values, ctx);
      return editCase(c, { ...next, guidance: next.guidance }, changes, ctx.now);
    },
    { expectUpdatedAt: seen.updatedAt },
  );
  if (options.json) ctx.out.json(caseJson(updated, ctx.now, loadPolicy()));
  else {
    ctx.out.print(ctx.t('fix.edited', { ref: updated.ref, changes: parsed.map(([k, v]) => `${k}=${v}`).join(', ') }));
    if (updated.cause !== seen.cause) ctx.out.print(ctx.t('fix.causeChanged', { from: seen.cause ?? '-', to: updated.cause ?? '-' }));
  }
  return EXIT.ok;
}

export async function runUndo(options: JsonOption, ctx: CommandContext): Promise<number> {
  const store = await openStore(ctx);
  // A day at a time, keeping the latest change so far: the history is never held whole. On a tie the change
  // read first (the older day) stays, as lastChangeBy keeps the first of a list.
  let change: UndoableChange | null = null;
  for await (const day of store.casesByDay()) {
    const found = lastChangeBy(day, ctx.actor.counter);
    if (found && (!change || found.at > change.at)) change = found;
  }
  if (!change) throw new PulsaError('error.undoNothing', { counter: ctx.actor.counter }, EXIT.input);
  const updated = await store.updateCase(change.ref, (c) => {
    // Edited answers go back to what they were, and the case is diagnosed again on them.
    const edits = change.events.filter((e) => e.type === 'edited');
    const restored = edits.length ? rediagnosed(c, Object.fromEntries(edits.map((e) => [e.note!, e.from || null])), ctx) : c;
    return undoChange(restored, change, ctx.now);
  });
  const what = change.events.map(describeEvent).join('; ');
  if (options.json) ctx.out.json({ ref: updated.ref, undone: change.events, case: caseJson(updated, ctx.now, loadPolicy()) });
  else ctx.out.print(ctx.t('fix.undone', { ref: updated.ref, what, at: formatLocalDateTime(new Date(change.at)) }));
  return EXIT.ok;
}

export async function runPending(options: JsonOption, ctx: CommandContext): Promise<number> {
  const { config } = loadShopConfig(ctx, loadSupplierGrammar());
  const store = await openStoreToRead(ctx);
  // Only unfinished cases can be pending, and they are all in the working set: never the whole history.
  const cases: Case[] = [];
  for await (const day of store.activeCasesByDay(ctx.now, loadPolicy().openLookbackDays)) cases.push(...day.filter(mayBePending));
  const items = pendingItems(cases, config.pending, ctx.now);
  if (options.json) {
    ctx.out.json({ rule: config.pending, items });
    return EXIT.ok;
  }
  if (items.length === 0) {
    ctx.out.info(ctx.t('pending.none'));
    return EXIT.ok;
  }
  for (const item of items) {
    const when = formatLocalDateTime(new Date(item.actAt));
    const product = [item.productCode, item.supplierTrxId && `#${item.supplierTrxId}`].filter(Boolean).join(' ');
    ctx.out.print(
      ctx.t(`pending.${item.action}`, { ref: item.ref, number: item.number ?? '-', product: product || '-', when }) +
        (item.overdue ? ` ${ctx.t('pending.overdue')}` : '') +
        (item.noRetryBefore && new Date(item.noRetryBefore) > ctx.now ? ` ${ctx.t('pending.noRetry', { until: formatLocalDateTime(new Date(item.noRetryBefore)) })}` : ''),
    );
  }
  return EXIT.ok;
}

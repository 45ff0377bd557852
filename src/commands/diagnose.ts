/** `pulsa diagnose`: walk a checklist (interactively or from an answers file), save the case, print the guidance. */
import { AnswerError, parseAnswer } from '../domain/answers.js';
import { completeDraft, contactFromAnswers, newCase, type Case, type CaseSummary, type DiagnosisResult, type Priority } from '../domain/cases.js';
import type { Translate } from '../domain/messages.js';
import type { Checklist, Question, QuestionGroup } from '../domain/checklist.js';
import { openGroupQuestions } from '../domain/groups.js';
import { evaluate, type Evaluation } from '../domain/engine.js';
import { buildGuidance, guidanceVars } from '../domain/guidance.js';
import { detectOperator, type OperatorTable } from '../domain/operators.js';
import { fill, wrap } from '../domain/template.js';
import { checklistIdsInMenuOrder, listChecklistIds, loadChecklist, loadOperatorTable, loadPolicy } from '../data/load.js';
import { findRelated } from '../domain/priority.js';
import { EXIT, PulsaError } from '../errors.js';
import { readJsonObject } from '../io/read-input.js';
import { answersFromReply, TRANSACTION_KEYS, type TransactionKey } from '../domain/reply-answers.js';
import type { CaseStore } from '../store/types.js';
import { ask, askGroup, chooseChecklist, Interrupted, type PromptContext } from '../ui/prompts.js';
import { renderDiagnosis } from '../ui/render.js';
import { caseMessageContext, caseRef, clock, openStore, type CommandContext } from './context.js';

export interface DiagnoseOptions {
  checklist?: string;
  answers?: string;
  resume?: string;
  json?: boolean;
  width?: number;
  /** False with --no-input: never prompt, even on a terminal. */
  input?: boolean;
  priority?: Priority;
  /** A supplier reply to fill the transaction answers from: a file, or true/`-` for stdin or the paste prompt. */
  paste?: string | boolean;
}

export async function runDiagnose(options: DiagnoseOptions, ctx: CommandContext): Promise<number> {
  const { t, out, lang } = ctx;
  const now = ctx.now;
  const store = await openStore(ctx);
  // stderr first, and through the output: asking Node's own stream whether it is a terminal builds it (2-3 ms
  // each, a tenth of bare Node's start-up), which a script with both redirected never needs.
  const interactive = options.input !== false && out.stderr.isTTY === true && process.stdin.isTTY === true;

  const draft = options.resume ? await loadDraft(store, caseRef(options.resume, ctx)) : undefined;
  const checklist = await pickChecklist(options.checklist ?? draft?.checklist, interactive, ctx);
  const table = loadOperatorTable();
  const answers: Record<string, string> = { ...draft?.answers };
  const transaction: Transaction = { productCode: draft?.productCode ?? undefined, supplierTrxId: draft?.supplierTrxId ?? undefined };
  if (options.paste) {
    const source = options.paste === true ? undefined : options.paste;
    if (options.answers === '-' && (source === undefined || source === '-') && process.stdin.isTTY !== true) {
      throw new PulsaError('error.pasteStdinTwice', {}, EXIT.input);
    }
    // The supplier desk (its grammar, parser and paste prompt) only for --paste.
    const { describeReply, readReply, readSupplierReply } = await import('./paste.js');
    const reply = readSupplierReply(await readReply(source, interactive, ctx));
    const read = answersFromReply(reply, checklist, table, now);
    for (const line of describeReply(reply, t)) out.info(line);
    for (const r of read.refused) out.info(t('paste.refused', { field: t(`reply.field.${r.field}`), reason: t(r.reason), input: r.input }));
    Object.assign(answers, read.answers);
    Object.assign(transaction, read.transaction);
  }
  if (options.answers) {
    const fromFile = await readAnswers(options.answers, checklist, table, now);
    Object.assign(answers, fromFile.answers);
    Object.assign(transaction, fromFile.transaction);
  } else if (!interactive && !draft && !options.paste && options.input !== false) throw new PulsaError('error.noTty', {}, EXIT.input);

  let evaluation: Evaluation;
  if (interactive) {
    try {
      evaluation = await interview(checklist, answers, { lang, t, table, now, answers, checklist }, (line) => out.info(line));
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      return saveDraft(store, checklist, answers, draft, ctx, table, transaction);
    }
  } else {
    evaluation = evaluate(checklist, answers, table, { collectMissing: true });
    if (evaluation.missing.length > 0) {
      const keys = evaluation.missing.map((q) => q.key).join(', ');
      // --no-input on a terminal is a choice not to be asked: say what was not answered and where answers go.
      if (options.input === false && !options.answers) throw new PulsaError('error.noInputMissing', { checklist: checklist.id, keys }, EXIT.input);
      throw new PulsaError('error.missingAnswers', { keys }, EXIT.input);
    }
  }

  const diagnosisResult = (ref: string): DiagnosisResult => ({
    ...diagnosisBase(checklist, answers, table, ctx, transaction),
    findings: evaluation.findings,
    advice: evaluation.advice,
    cause: evaluation.cause,
    guidance: buildGuidance(checklist, evaluation, answers, { ref, lang, table, t }),
  });
  const contact = contactFromAnswers(answers) ?? undefined;
  const recent = await recentCases(store, now);
  const extra = { priority: options.priority ?? null, related: relatedRefs(recent, contact, draft?.ref, now) };
  const withSn = casesWithSn(recent, answers.sn, draft?.ref);
  const result = (ref: string): DiagnosisResult => {
    const r = diagnosisResult(ref);
    if (withSn.length && r.guidance) {
      r.guidance.shop += `\n- ${duplicateSnText(answers.sn!, withSn, t)}`;
    }
    return r;
  };
  const saved = draft
    ? await store.updateCase(draft.ref, (current) => completeDraft(current, clock(), result(current.ref), extra))
    : await store.createCase((ref, at) => newCase(ref, at, 'open', result(ref), extra), clock());

  if (options.json) out.json({ ...diagnosisJson(saved, checklist, lang), duplicateSn: withSn });
  else {
    const fit = (text: string) => (options.width ? wrap(text, options.width) : text);
    out.print(renderDiagnosis(saved, checklist, lang, t, out.paint, options.width));
    if (withSn.length) out.print(out.paint.red(fit(duplicateSnText(answers.sn!, withSn, t))));
    out.info(fit(t('case.saved', { ref: saved.ref })));
    if (options.paste) out.info(fit(t('paste.correct', { ref: saved.ref })));
    // The next step is one key away, but only for a person at a terminal: an answers file means a script.
    if (interactive && !options.answers) await (await import('./next-step.js')).offerNextSteps(saved, { width: options.width }, ctx);
  }
  return EXIT.ok;
}

/** How the interview asks: one question, or a group of them as one list. */
export interface Asker {
  question(question: Question, ctx: PromptContext): Promise<string>;
  group(group: QuestionGroup, questions: Question[], ctx: PromptContext): Promise<Record<string, string>>;
}

const terminalAsker: Asker = {
  question: (q, c) => ask(q, c, process.stderr),
  group: (g, qs, c) => askGroup(g, qs, c, process.stderr),
};

/** Asks the next unanswered question (or group) until the checklist is done, announcing each step once. */
export async function interview(
  checklist: Checklist,
  answers: Record<string, string>,
  prompt: PromptContext,
  announce: (line: string) => void,
  asker: Asker = terminalAsker,
): Promise<Evaluation> {
  const announced = new Set<number>();
  const announceStep = (stepIndex: number) => {
    if (announced.has(stepIndex)) return;
    announced.add(stepIndex);
    const step = checklist.steps[stepIndex]!;
    announce('');
    announce(prompt.t('progress', { n: stepIndex + 1, total: checklist.steps.length, title: step.title[prompt.lang] }));
    if (step.hint) announce(fill(step.hint[prompt.lang], hintVars(answers, prompt)));
  };
  for (;;) {
    const evaluation = evaluate(checklist, answers, prompt.table, { askOptional: true });
    if (!evaluation.next) return evaluation;
    const { stepIndex, question } = evaluation.next;
    if (question.group) {
      const questions = openGroupQuestions(checklist, answers, question.group);
      for (const [i, step] of checklist.steps.entries()) if (step.questions.some((q) => questions.includes(q))) announceStep(i);
      Object.assign(answers, await asker.group(checklist.groups[question.group]!, questions, prompt));
      continue;
    }
    announceStep(stepIndex);
    answers[question.key] = await asker.question(question, prompt);
  }
}

// One read of the store's working set (unfinished, or within the look-back) serves both lookups below.
function recentCases(store: CaseStore, now: Date): Promise<CaseSummary[]> {
  return store.activeSummaries(now, loadPolicy().openLookbackDays);
}

// A customer with unfinished or recent cases is a repeat complaint: the case links them and ranks higher.
function relatedRefs(recent: CaseSummary[], contact: string | undefined, self: string | undefined, now: Date): string[] {
  if (!contact) return [];
  return findRelated(recent, contact, now, loadPolicy())
    .map((c) => c.ref)
    .filter((ref) => ref !== self);
}

// An SN belongs to one delivery: the same SN on another recent case is a supplier's "SN kembar" or a complaint recorded twice.
function casesWithSn(recent: CaseSummary[], sn: string | undefined, self: string | undefined): string[] {
  const wanted = sn?.trim().toUpperCase();
  if (!wanted) return [];
  return recent.filter((c) => c.ref !== self && c.sn?.trim().toUpperCase() === wanted).map((c) => c.ref);
}

// The latest few cases by name: a supplier that gives every sale one placeholder SN would otherwise put every
// earlier case's reference into each new case's guidance, and the store would grow with the square of them.
const DUPLICATE_SN_SHOWN = 5;

function duplicateSnText(sn: string, refs: string[], t: Translate): string {
  const shown = refs.slice(-DUPLICATE_SN_SHOWN).join(', ');
  const more = refs.length - DUPLICATE_SN_SHOWN;
  return t('diagnose.duplicateSn', { sn, refs: more > 0 ? t('diagnose.duplicateSnMore', { refs: shown, n: more }) : shown });
}

// Hints come before the guidance exists, so they share its placeholder values minus the reference.
function hintVars(answers: Record<string, string>, prompt: PromptContext) {
  return guidanceVars(answers, { findings: [] }, { ref: '', lang: prompt.lang, table: prompt.table, t: prompt.t, checklist: prompt.checklist });
}

export type Transaction = Partial<Record<TransactionKey, string>>;

function diagnosisBase(checklist: Checklist, answers: Record<string, string>, table: OperatorTable, ctx: CommandContext, transaction: Transaction = {}) {
  // Only a mobile number has an operator; a PLN meter or an e-wallet account is recorded without one.
  const operator = checklist.family === 'mobile' && answers.number ? (detectOperator(table, answers.number)?.id ?? null) : null;
  return {
    checklist: checklist.id,
    lang: ctx.lang,
    answers: { ...answers },
    operator: operator ?? answers.productOperator ?? null,
    // Older scripts never see these keys unless a reply or an answers file gave them.
    ...(transaction.productCode ? { productCode: transaction.productCode } : {}),
    ...(transaction.supplierTrxId ? { supplierTrxId: transaction.supplierTrxId } : {}),
  };
}

async function saveDraft(
  store: CaseStore,
  checklist: Checklist,
  answers: Record<string, string>,
  draft: Case | undefined,
  ctx: CommandContext,
  table: OperatorTable,
  transaction: Transaction,
): Promise<number> {
  const partial: DiagnosisResult = { ...diagnosisBase(checklist, answers, table, ctx, transaction), findings: [], advice: [], cause: null, guidance: null };
  if (Object.keys(answers).length === 0) {
    ctx.out.info(ctx.t('case.interruptedNothing'));
    return EXIT.interrupted;
  }
  const saved = draft
    ? await store.updateCase(draft.ref, (current) => ({ ...current, ...partial, answers: { ...answers }, updatedAt: clock().toISOString() }))
    : await store.createCase((ref, at) => newCase(ref, at, 'draft', partial), clock());
  ctx.out.info('');
  ctx.out.info(ctx.t('case.draftSaved', { ref: saved.ref }));
  return EXIT.interrupted;
}

async function loadDraft(store: CaseStore, ref: string): Promise<Case> {
  const found = await store.getCase(ref);
  if (found.status !== 'draft') throw new PulsaError('error.notDraft', { ref, status: found.status }, EXIT.input);
  return found;
}

async function pickChecklist(requested: string | undefined, interactive: boolean, ctx: CommandContext): Promise<Checklist> {
  let id = requested;
  if (!id) {
    // Installed checklists in their menu order: the most common complaint first, so Enter (or no --checklist) picks it.
    const menu = checklistIdsInMenuOrder();
    id = menu[0];
    if (interactive && menu.length > 1) {
      const installed = menu.map((k) => loadChecklist(k)!);
      try {
        id = await chooseChecklist(installed.map((c) => ({ id: c.id, title: c.title[ctx.lang] })), ctx.t, process.stderr);
      } catch (error) {
        if (error instanceof Interrupted) throw new PulsaError('case.interruptedNothing', {}, EXIT.interrupted);
        throw error;
      }
    }
  }
  const checklist = id ? loadChecklist(id) : undefined;
  if (!checklist) throw new PulsaError('error.checklistUnknown', { name: id ?? '', known: listChecklistIds().join(', ') }, EXIT.input);
  return checklist;
}

/** Reads `{key: value}` answers from a file or stdin, refusing unknown keys and invalid values before anything is saved. */
async function readAnswers(source: string, checklist: Checklist, table: OperatorTable, now: Date): Promise<{ answers: Record<string, string>; transaction: Transaction }> {
  const label = source === '-' ? 'stdin' : source;
  const json = await readJsonObject(source, 'error.answersFile', '{"key": "value"}');
  const questions = new Map(checklist.steps.flatMap((s) => s.questions).map((q) => [q.key, q]));
  const isTransactionKey = (key: string): key is TransactionKey => (TRANSACTION_KEYS as readonly string[]).includes(key);
  const unknown = Object.keys(json).filter((key) => !questions.has(key) && !isTransactionKey(key));
  if (unknown.length) {
    const known = [...questions.keys(), ...TRANSACTION_KEYS].join(', ');
    throw new PulsaError('error.unknownAnswerKey', { source: label, keys: unknown.join(', '), known }, EXIT.input);
  }
  const answers: Record<string, string> = {};
  const transaction: Transaction = {};
  for (const [key, value] of Object.entries(json)) {
    if (isTransactionKey(key)) {
      transaction[key] = transactionValue(key, value);
      continue;
    }
    try {
      answers[key] = parseAnswer(questions.get(key)!, value, table, now);
    } catch (error) {
      if (error instanceof AnswerError) throw new PulsaError('error.answer', { key, reasonKey: error.reason, input: JSON.stringify(error.input) }, EXIT.input);
      throw error;
    }
  }
  return { answers, transaction };
}

// Product codes and supplier ids are short codes: one token of letters, digits and a few marks.
function transactionValue(key: string, value: unknown): string {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  if (!/^[A-Za-z0-9#._\/-]{1,40}$/.test(text)) {
    throw new PulsaError('error.answer', { key, reasonKey: 'answer.code', input: JSON.stringify(typeof value === 'string' ? value.slice(0, 40) : value ?? null) }, EXIT.input);
  }
  return text;
}

/** The stable JSON result scripts read. */
export function diagnosisJson(c: Case, checklist: Checklist, lang: 'id' | 'en') {
  return {
    ref: c.ref,
    checklist: c.checklist,
    status: c.status,
    createdAt: c.createdAt,
    number: c.number,
    operator: c.operator,
    nominal: c.nominal,
    sn: c.sn,
    productCode: c.productCode ?? null,
    supplierTrxId: c.supplierTrxId ?? null,
    cause: c.cause,
    findings: c.findings.map((f) => ({ code: f.code, step: f.step, title: checklist.findings[f.code]?.title[lang] ?? f.code, details: f.details })),
    priority: c.priority,
    related: c.related,
    advice: c.advice,
    guidance: c.guidance,
    answers: c.answers,
  };
}

/**
 * The diagnosis of a complete set of answers, for a case diagnosed again after a correction (`pulsa edit`,
 * `pulsa undo`). Answers still missing are named, as with an answers file.
 */
export function rediagnose(c: Case, checklist: Checklist, answers: Record<string, string>, transaction: Transaction, ctx: CommandContext): DiagnosisResult {
  const table = loadOperatorTable();
  const evaluation = evaluate(checklist, answers, table, { collectMissing: true });
  if (evaluation.missing.length > 0) {
    throw new PulsaError('error.missingAnswers', { keys: evaluation.missing.map((q) => q.key).join(', ') }, EXIT.input);
  }
  return {
    ...diagnosisBase(checklist, answers, table, { ...ctx, lang: c.lang }, transaction),
    findings: evaluation.findings,
    advice: evaluation.advice,
    cause: evaluation.cause,
    guidance: buildGuidance(checklist, evaluation, answers, { ref: c.ref, lang: c.lang, table, t: caseMessageContext({ ...ctx, langExplicit: false }, c).t }),
  };
}

/** Parses one corrected answer the way an answers file is read; product code and supplier id are codes. */
export function parseCorrection(checklist: Checklist, key: string, value: string, now: Date): { answer?: string; transaction?: string } {
  const question = checklist.steps.flatMap((s) => s.questions).find((q) => q.key === key);
  if ((TRANSACTION_KEYS as readonly string[]).includes(key)) return { transaction: transactionValue(key, value) };
  if (!question) {
    const known = [...checklist.steps.flatMap((s) => s.questions.map((q) => q.key)), ...TRANSACTION_KEYS].join(', ');
    throw new PulsaError('error.unknownAnswerKey', { source: '--set', keys: key, known }, EXIT.input);
  }
  try {
    return { answer: parseAnswer(question, value, loadOperatorTable(), now) };
  } catch (error) {
    if (error instanceof AnswerError) throw new PulsaError('error.answer', { key, reasonKey: error.reason, input: JSON.stringify(error.input) }, EXIT.input);
    throw error;
  }
}

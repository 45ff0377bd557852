/** `pulsa diagnose`: walk a checklist (interactively or from an answers file), save the case, print the guidance. */
import { AnswerError, parseAnswer } from '../domain/answers.js';
import { completeDraft, newCase, normalizeRef, type Case, type DiagnosisResult, type Priority } from '../domain/cases.js';
import type { Checklist, Question } from '../domain/checklist.js';
import { evaluate, type Evaluation } from '../domain/engine.js';
import { buildGuidance, guidanceVars } from '../domain/guidance.js';
import { detectOperator, type OperatorTable } from '../domain/operators.js';
import { fill } from '../domain/template.js';
import { listChecklistIds, loadChecklist, loadOperatorTable, loadPolicy } from '../data/load.js';
import { findRelated } from '../domain/priority.js';
import { EXIT, PulsaError } from '../errors.js';
import { readJsonObject } from '../io/read-input.js';
import type { CaseStore } from '../store/types.js';
import { ask, chooseChecklist, Interrupted, type PromptContext } from '../ui/prompts.js';
import { renderDiagnosis } from '../ui/render.js';
import { clock, openStore, type CommandContext } from './context.js';

export interface DiagnoseOptions {
  checklist?: string;
  answers?: string;
  resume?: string;
  json?: boolean;
  width?: number;
  /** False with --no-input: never prompt, even on a terminal. */
  input?: boolean;
  priority?: Priority;
}

export async function runDiagnose(options: DiagnoseOptions, ctx: CommandContext): Promise<number> {
  const { t, out, lang } = ctx;
  const now = ctx.now;
  const store = await openStore(ctx);
  const interactive = options.input !== false && process.stdin.isTTY === true && process.stderr.isTTY === true;

  const draft = options.resume ? await loadDraft(store, options.resume) : undefined;
  const checklist = await pickChecklist(options.checklist ?? draft?.checklist, interactive, ctx);
  const table = loadOperatorTable();
  const answers: Record<string, string> = { ...draft?.answers };
  if (options.answers) Object.assign(answers, await readAnswers(options.answers, checklist, table, now));
  else if (!interactive && !draft) throw new PulsaError('error.noTty', {}, EXIT.input);

  let evaluation: Evaluation;
  if (interactive) {
    try {
      evaluation = await interview(checklist, answers, { lang, t, table, now, answers, checklist }, (line) => out.info(line));
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      return saveDraft(store, checklist, answers, draft, ctx, table);
    }
  } else {
    evaluation = evaluate(checklist, answers, table, { collectMissing: true });
    if (evaluation.missing.length > 0) {
      throw new PulsaError('error.missingAnswers', { keys: evaluation.missing.map((q) => q.key).join(', ') }, EXIT.input);
    }
  }

  const diagnosisResult = (ref: string): DiagnosisResult => ({
    ...diagnosisBase(checklist, answers, table, ctx),
    findings: evaluation.findings,
    advice: evaluation.advice,
    cause: evaluation.cause,
    guidance: buildGuidance(checklist, evaluation, answers, { ref, lang, table, t }),
  });
  const contact = answers.customerNumber || answers.claimedNumber || answers.number;
  const recent = await recentCases(store, now);
  const extra = { priority: options.priority ?? null, related: relatedRefs(recent, contact, draft?.ref, now) };
  const withSn = casesWithSn(recent, answers.sn, draft?.ref);
  const result = (ref: string): DiagnosisResult => {
    const r = diagnosisResult(ref);
    if (withSn.length && r.guidance) {
      r.guidance.shop += `\n- ${t('diagnose.duplicateSn', { sn: answers.sn!, refs: withSn.join(', ') })}`;
    }
    return r;
  };
  const saved = draft
    ? await store.updateCase(draft.ref, (current) => completeDraft(current, clock(), result(current.ref), extra))
    : await store.createCase((ref, at) => newCase(ref, at, 'open', result(ref), extra), clock());

  if (options.json) out.json({ ...diagnosisJson(saved, checklist, lang), duplicateSn: withSn });
  else {
    out.print(renderDiagnosis(saved, checklist, lang, t, out.paint, options.width));
    if (withSn.length) out.print(out.paint.red(t('diagnose.duplicateSn', { sn: answers.sn!, refs: withSn.join(', ') })));
    out.info(t('case.saved', { ref: saved.ref }));
  }
  return EXIT.ok;
}

/** Asks the next unanswered question until the checklist is done, announcing each step once. */
export async function interview(
  checklist: Checklist,
  answers: Record<string, string>,
  prompt: PromptContext,
  announce: (line: string) => void,
  askQuestion: (question: Question, ctx: PromptContext) => Promise<string> = (q, c) => ask(q, c, process.stderr),
): Promise<Evaluation> {
  let lastStep = -1;
  for (;;) {
    const evaluation = evaluate(checklist, answers, prompt.table, { askOptional: true });
    if (!evaluation.next) return evaluation;
    const { step, stepIndex, question } = evaluation.next;
    if (stepIndex !== lastStep) {
      lastStep = stepIndex;
      announce('');
      announce(prompt.t('progress', { n: stepIndex + 1, total: checklist.steps.length, title: step.title[prompt.lang] }));
      if (step.hint) announce(fill(step.hint[prompt.lang], hintVars(answers, prompt)));
    }
    answers[question.key] = await askQuestion(question, prompt);
  }
}

// One read of the store's working set (unfinished, or within the look-back) serves both lookups below.
function recentCases(store: CaseStore, now: Date): Promise<Case[]> {
  return store.activeCases(now, loadPolicy().openLookbackDays);
}

// A customer with unfinished or recent cases is a repeat complaint: the case links them and ranks higher.
function relatedRefs(recent: Case[], contact: string | undefined, self: string | undefined, now: Date): string[] {
  if (!contact) return [];
  return findRelated(recent, contact, now, loadPolicy())
    .map((c) => c.ref)
    .filter((ref) => ref !== self);
}

// An SN belongs to one delivery: the same SN on another recent case is a supplier's "SN kembar" or a complaint recorded twice.
function casesWithSn(recent: Case[], sn: string | undefined, self: string | undefined): string[] {
  const wanted = sn?.trim().toUpperCase();
  if (!wanted) return [];
  return recent.filter((c) => c.ref !== self && c.sn?.trim().toUpperCase() === wanted).map((c) => c.ref);
}

// Hints come before the guidance exists, so they share its placeholder values minus the reference.
function hintVars(answers: Record<string, string>, prompt: PromptContext) {
  return guidanceVars(answers, { findings: [] }, { ref: '', lang: prompt.lang, table: prompt.table, t: prompt.t, checklist: prompt.checklist });
}

function diagnosisBase(checklist: Checklist, answers: Record<string, string>, table: OperatorTable, ctx: CommandContext) {
  // Only a mobile number has an operator; a PLN meter or an e-wallet account is recorded without one.
  const operator = checklist.family === 'mobile' && answers.number ? (detectOperator(table, answers.number)?.id ?? null) : null;
  return { checklist: checklist.id, lang: ctx.lang, answers: { ...answers }, operator: operator ?? answers.productOperator ?? null };
}

async function saveDraft(
  store: CaseStore,
  checklist: Checklist,
  answers: Record<string, string>,
  draft: Case | undefined,
  ctx: CommandContext,
  table: OperatorTable,
): Promise<number> {
  const partial: DiagnosisResult = { ...diagnosisBase(checklist, answers, table, ctx), findings: [], advice: [], cause: null, guidance: null };
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

async function loadDraft(store: CaseStore, input: string): Promise<Case> {
  const ref = normalizeRef(input);
  const found = await store.getCase(ref);
  if (found.status !== 'draft') throw new PulsaError('error.notDraft', { ref, status: found.status }, EXIT.input);
  return found;
}

async function pickChecklist(requested: string | undefined, interactive: boolean, ctx: CommandContext): Promise<Checklist> {
  const known = listChecklistIds();
  let id = requested;
  if (!id) {
    // Installed checklists in their menu order: the most common complaint first, so Enter (or no --checklist) picks it.
    const installed = known.map((k) => loadChecklist(k)!).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
    id = installed[0]?.id;
    if (interactive && installed.length > 1) {
      try {
        id = await chooseChecklist(installed.map((c) => ({ id: c.id, title: c.title[ctx.lang] })), ctx.t, process.stderr);
      } catch (error) {
        if (error instanceof Interrupted) throw new PulsaError('case.interruptedNothing', {}, EXIT.interrupted);
        throw error;
      }
    }
  }
  const checklist = id ? loadChecklist(id) : undefined;
  if (!checklist) throw new PulsaError('error.checklistUnknown', { name: id ?? '', known: known.join(', ') }, EXIT.input);
  return checklist;
}

/** Reads `{key: value}` answers from a file or stdin, refusing unknown keys and invalid values before anything is saved. */
async function readAnswers(source: string, checklist: Checklist, table: OperatorTable, now: Date): Promise<Record<string, string>> {
  const label = source === '-' ? 'stdin' : source;
  const json = await readJsonObject(source, 'error.answersFile', '{"key": "value"}');
  const questions = new Map(checklist.steps.flatMap((s) => s.questions).map((q) => [q.key, q]));
  const unknown = Object.keys(json).filter((key) => !questions.has(key));
  if (unknown.length) {
    throw new PulsaError('error.unknownAnswerKey', { source: label, keys: unknown.join(', '), known: [...questions.keys()].join(', ') }, EXIT.input);
  }
  const answers: Record<string, string> = {};
  for (const [key, value] of Object.entries(json)) {
    try {
      answers[key] = parseAnswer(questions.get(key)!, value, table, now);
    } catch (error) {
      if (error instanceof AnswerError) throw new PulsaError('error.answer', { key, reasonKey: error.reason, input: JSON.stringify(error.input) }, EXIT.input);
      throw error;
    }
  }
  return answers;
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
    cause: c.cause,
    findings: c.findings.map((f) => ({ code: f.code, step: f.step, title: checklist.findings[f.code]?.title[lang] ?? f.code, details: f.details })),
    priority: c.priority,
    related: c.related,
    advice: c.advice,
    guidance: c.guidance,
    answers: c.answers,
  };
}

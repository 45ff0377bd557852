/** Every prompt goes through here: one question of a checklist becomes one inquirer prompt, and Ctrl-C becomes Interrupted. */
import type { Writable } from 'node:stream';
import { AnswerError, parseAnswer } from '../domain/answers.js';
import type { Checklist, Question, QuestionGroup } from '../domain/checklist.js';
import { quietAnswer } from '../domain/engine.js';
import { conflictingItems, groupAnswers, groupItems, type GroupItem } from '../domain/groups.js';
import type { Translate } from '../domain/messages.js';
import { formatRupiah } from '../domain/money.js';
import { detectOperator, type OperatorTable } from '../domain/operators.js';
import type { Lang } from '../domain/text.js';

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

export interface PromptContext {
  lang: Lang;
  t: Translate;
  table: OperatorTable;
  now: Date;
  answers: Record<string, string>;
  /** The checklist being walked, for hints that name its facts. */
  checklist?: Checklist;
}

// A refused answer is cleared, so what is typed next is not appended to the mistake.
const CLEAR_REFUSED = { validationFailureMode: 'clear' } as const;

type InputConfig = { message: string; default?: string; validate: (value: string) => true | string; theme: typeof CLEAR_REFUSED };
type SelectConfig = { message: string; choices: { name: string; value: string }[]; default?: string; pageSize?: number; instructions: SelectKeys };

/** The key help under a list, in the owner's language (inquirer's own is English). */
export type SelectKeys = { navigation: string; pager: string };
export const selectKeys = (t: Translate): SelectKeys => ({ navigation: t('prompt.selectKeys'), pager: t('prompt.selectKeys') });

/** The inquirer prompt a question needs, with validation through the same parser answer files use. */
export type PromptSpec = { kind: 'input'; config: InputConfig } | { kind: 'select'; config: SelectConfig };

const OTHER = '__other__';

export function promptSpec(question: Question, ctx: PromptContext): PromptSpec {
  const { t, lang } = ctx;
  // An optional question that Enter answers with a default is not left empty by Enter: no "(boleh kosong)" then.
  const message = question.optional && !fallbackFor(question, ctx) ? `${question.prompt[lang]} ${t('prompt.optional')}` : question.prompt[lang];
  switch (question.type) {
    case 'yesno': {
      // Typed, not picked from a list: one key and Enter (y/t/?), and Enter alone never records a finding.
      const quiet = ctx.checklist ? quietAnswer(ctx.checklist, question) : 'unknown';
      return { kind: 'input', config: { message: `${message} ${t('prompt.yesnoKeys')}`, default: t(`yesno.${quiet}`), validate: validatorFor(question, ctx), theme: CLEAR_REFUSED } };
    }
    case 'choice':
      return { kind: 'select', config: { message, choices: question.choices!.map((c) => ({ name: c.label[lang], value: c.value })), instructions: selectKeys(t) } };
    case 'operator': {
      const detected = ctx.answers.number ? detectOperator(ctx.table, ctx.answers.number) : undefined;
      const choices = ctx.table.operators.map((op) => ({
        name: op.id === detected?.id ? `${op.name} (${t('prompt.detected')})` : op.name,
        value: op.id,
      }));
      choices.push({ name: t('prompt.otherOperator'), value: OTHER });
      return { kind: 'select', config: { message, choices, default: detected?.id, pageSize: choices.length, instructions: selectKeys(t) } };
    }
    default: {
      // Enter takes the answer this one usually equals: the number or nominal meant is mostly the one sent.
      const fallback = fallbackFor(question, ctx);
      const shown = fallback && question.type === 'rupiah' ? formatRupiah(Number(fallback)) : fallback;
      return { kind: 'input', config: { message, validate: validatorFor(question, ctx), ...(shown ? { default: shown } : {}), theme: CLEAR_REFUSED } };
    }
  }
}

const SAME = ['sama', 'same'];

function fallbackFor(question: Question, ctx: PromptContext): string | undefined {
  return (question.default && ctx.answers[question.default]) || undefined;
}

// `sama` stands for the answer the question defaults to.
function resolveSame(question: Question, value: string, ctx: PromptContext): string {
  const fallback = fallbackFor(question, ctx);
  return fallback && SAME.includes(value.trim().toLowerCase()) ? fallback : value;
}

function validatorFor(question: Question, ctx: PromptContext) {
  return (value: string): true | string => {
    try {
      parseAnswer(question, resolveSame(question, value, ctx), ctx.table, ctx.now);
      return true;
    } catch (error) {
      if (error instanceof AnswerError) return ctx.t(error.reason);
      throw error;
    }
  };
}

/** The canonical answer for what a prompt returned (`sama` is the answer it defaults to). */
export function finalAnswer(question: Question, raw: string, ctx: PromptContext): string {
  return parseAnswer(question, resolveSame(question, raw, ctx), ctx.table, ctx.now);
}

/** Asks one question on the terminal and returns its canonical answer. */
export async function ask(question: Question, ctx: PromptContext, output: Writable): Promise<string> {
  const { input, select } = await import('@inquirer/prompts');
  const spec = promptSpec(question, ctx);
  const context = { output };
  try {
    let raw: string;
    if (spec.kind === 'select') {
      raw = await select(spec.config, context);
      if (raw === OTHER) {
        raw = await input({ message: ctx.t('prompt.productCode'), validate: validatorFor(question, ctx), theme: CLEAR_REFUSED }, context);
      }
    } else {
      raw = await input(spec.config, context);
    }
    return finalAnswer(question, raw, ctx);
  } catch (error) {
    throw asInterrupted(error);
  }
}

const UNCHECKED = '__unchecked__';

type CheckboxConfig = {
  message: string;
  choices: { name: string; value: string }[];
  pageSize: number;
  instructions: string;
  shortcuts: { all: null; invert: null };
  validate: (picked: readonly { value: string }[]) => true | string;
};

/** One list for a group of questions: tick what was found (space, or the item's number), Enter for the rest. */
export function groupSpec(group: QuestionGroup, questions: Question[], ctx: PromptContext): { config: CheckboxConfig; answers(values: string[]): Record<string, string> } {
  const items = groupItems(questions, ctx.lang);
  const id = (item: GroupItem) => `${item.key}=${item.value}`;
  const picked = (values: readonly string[]) => items.filter((item) => values.includes(id(item)));
  const choices = [...items.map((item) => ({ name: item.label, value: id(item) })), { name: group.unchecked[ctx.lang], value: UNCHECKED }];
  return {
    config: {
      message: group.prompt[ctx.lang],
      choices,
      pageSize: choices.length,
      instructions: ctx.t('prompt.groupKeys'),
      // `a` and `i` would tick everything at a stray key press.
      shortcuts: { all: null, invert: null },
      validate: (selection) => {
        const clash = conflictingItems(picked(selection.map((s) => s.value)));
        return clash ? ctx.t('prompt.groupClash', { first: clash[0].label, second: clash[1].label }) : true;
      },
    },
    answers: (values) => groupAnswers(questions, picked(values), values.includes(UNCHECKED)),
  };
}

/** Asks a group of questions as one list and returns every one of their answers. */
export async function askGroup(group: QuestionGroup, questions: Question[], ctx: PromptContext, output: Writable): Promise<Record<string, string>> {
  const { checkbox } = await import('@inquirer/prompts');
  const spec = groupSpec(group, questions, ctx);
  try {
    return spec.answers(await checkbox(spec.config, { output }));
  } catch (error) {
    throw asInterrupted(error);
  }
}

/** Lets the owner pick a checklist from a menu. */
export async function chooseChecklist(options: { id: string; title: string }[], t: Translate, output: Writable): Promise<string> {
  const { select } = await import('@inquirer/prompts');
  try {
    return await select({ message: t('prompt.chooseChecklist'), choices: options.map((o) => ({ name: o.title, value: o.id })), instructions: selectKeys(t) }, { output });
  } catch (error) {
    throw asInterrupted(error);
  }
}

// Ctrl-C (ExitPromptError) and an aborted prompt both mean the owner stopped: the caller keeps a draft.
function asInterrupted(error: unknown): unknown {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError') ? new Interrupted() : error;
}

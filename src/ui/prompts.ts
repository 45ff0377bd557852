/** Every prompt goes through here: one question of a checklist becomes one inquirer prompt, and Ctrl-C becomes Interrupted. */
import type { Writable } from 'node:stream';
import { AnswerError, parseAnswer } from '../domain/answers.js';
import type { Checklist, Question } from '../domain/checklist.js';
import type { Translate } from '../domain/messages.js';
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

type InputConfig = { message: string; default?: string; validate: (value: string) => true | string };
type SelectConfig = { message: string; choices: { name: string; value: string }[]; default?: string; pageSize?: number };

/** The inquirer prompt a question needs, with validation through the same parser answer files use. */
export type PromptSpec = { kind: 'input'; config: InputConfig } | { kind: 'select'; config: SelectConfig };

const OTHER = '__other__';

export function promptSpec(question: Question, ctx: PromptContext): PromptSpec {
  const { t, lang } = ctx;
  const message = question.optional ? `${question.prompt[lang]} ${t('prompt.optional')}` : question.prompt[lang];
  switch (question.type) {
    case 'yesno':
      return {
        kind: 'select',
        config: { message, choices: ['yes', 'no', 'unknown'].map((value) => ({ name: t(`yesno.${value}`), value })) },
      };
    case 'choice':
      return { kind: 'select', config: { message, choices: question.choices!.map((c) => ({ name: c.label[lang], value: c.value })) } };
    case 'operator': {
      const detected = ctx.answers.number ? detectOperator(ctx.table, ctx.answers.number) : undefined;
      const choices = ctx.table.operators.map((op) => ({
        name: op.id === detected?.id ? `${op.name} (${t('prompt.detected')})` : op.name,
        value: op.id,
      }));
      choices.push({ name: t('prompt.otherOperator'), value: OTHER });
      return { kind: 'select', config: { message, choices, default: detected?.id, pageSize: choices.length } };
    }
    default: {
      // Enter takes the answer this one usually equals (the customer's contact is mostly the number they meant).
      const fallback = question.default ? ctx.answers[question.default] : undefined;
      return { kind: 'input', config: { message, validate: validatorFor(question, ctx), ...(fallback ? { default: fallback } : {}) } };
    }
  }
}

function validatorFor(question: Question, ctx: PromptContext) {
  return (value: string): true | string => {
    try {
      parseAnswer(question, value, ctx.table, ctx.now);
      return true;
    } catch (error) {
      if (error instanceof AnswerError) return ctx.t(error.reason);
      throw error;
    }
  };
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
        raw = await input({ message: ctx.t('prompt.productCode'), validate: validatorFor(question, ctx) }, context);
      }
    } else {
      raw = await input(spec.config, context);
    }
    return parseAnswer(question, raw, ctx.table, ctx.now);
  } catch (error) {
    throw asInterrupted(error);
  }
}

/** Lets the owner pick a checklist from a menu. */
export async function chooseChecklist(options: { id: string; title: string }[], t: Translate, output: Writable): Promise<string> {
  const { select } = await import('@inquirer/prompts');
  try {
    return await select({ message: t('prompt.chooseChecklist'), choices: options.map((o) => ({ name: o.title, value: o.id })) }, { output });
  } catch (error) {
    throw asInterrupted(error);
  }
}

// Ctrl-C (ExitPromptError) and an aborted prompt both mean the owner stopped: the caller keeps a draft.
function asInterrupted(error: unknown): unknown {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError') ? new Interrupted() : error;
}

/** Walks a checklist over the answers given so far: what to ask next, and what was found. */
import { BUILTIN_CHECKS, type Answers, type Details } from './checks.js';
import type { Checklist, Condition, Question, Step } from './checklist.js';
import type { OperatorTable } from './operators.js';

export interface Finding {
  code: string;
  step: string;
  details: Details;
}

export interface NextQuestion {
  step: Step;
  stepIndex: number;
  question: Question;
}

export interface Evaluation {
  findings: Finding[];
  advice: string[];
  /** The first finding in checklist order: what the case is recorded as. */
  cause: string | null;
  /** The step whose stopping finding ended the interview early. */
  stoppedAt: string | null;
  next: NextQuestion | null;
  /** Required answers the walk could not do without; filled only when `collectMissing` is set. */
  missing: Question[];
}

export interface EvaluateOptions {
  /** Interviews ask optional questions (an empty answer skips them); answer files may leave them out. */
  askOptional?: boolean;
  /** Keep walking past a missing answer to name every answer a script forgot. */
  collectMissing?: boolean;
}

/** Evaluates the checklist against the answers; stops at the first unanswered question unless collecting. */
export function evaluate(checklist: Checklist, answers: Answers, table: OperatorTable, options: EvaluateOptions = {}): Evaluation {
  const result: Evaluation = { findings: [], advice: [], cause: null, stoppedAt: null, next: null, missing: [] };
  for (const [stepIndex, step] of checklist.steps.entries()) {
    for (const question of step.questions) {
      if (question.when && !holds(question.when, answers, table, result.findings)) continue;
      if (answers[question.key] !== undefined) continue;
      if (question.optional && !options.askOptional) continue;
      if (!options.collectMissing) {
        result.next = { step, stepIndex, question };
        return finish(result);
      }
      result.missing.push(question);
    }
    for (const rule of step.rules) {
      const details = holds(rule.when, answers, table, result.findings);
      if (!details) continue;
      // Two rules may point at one cause (a differing meter number, or a name that is not the customer's): it counts once.
      if (rule.finding && !result.findings.some((f) => f.code === rule.finding)) result.findings.push({ code: rule.finding, step: step.id, details });
      if (rule.advice && !result.advice.includes(rule.advice)) result.advice.push(rule.advice);
    }
    if (result.findings.some((f) => f.step === step.id && checklist.findings[f.code]?.stop)) {
      result.stoppedAt = step.id;
      break;
    }
  }
  return finish(result);
}

function finish(result: Evaluation): Evaluation {
  result.cause = result.findings[0]?.code ?? null;
  return result;
}

const filled = (answers: Answers, key: string) => (answers[key] ?? '') !== '';

// Returns the check's details (or {}) when every part of the condition holds, null otherwise.
function holds(condition: Condition, answers: Answers, table: OperatorTable, findings: Finding[]): Details | null {
  if (condition.noFindingsYet && findings.length > 0) return null;
  for (const [key, values] of Object.entries(condition.answers ?? {})) {
    if (!values.includes(answers[key] ?? '')) return null;
  }
  if (condition.present?.some((key) => !filled(answers, key))) return null;
  if (condition.absent?.some((key) => filled(answers, key))) return null;
  if (condition.check) return BUILTIN_CHECKS[condition.check].run(answers, table);
  return {};
}

/**
 * What Enter answers to a yes/no question: "don't know", else "no", else "yes", whichever first records no
 * finding in any rule, so pressing Enter never claims a cause the counter has not seen.
 */
export function quietAnswer(checklist: Checklist, question: Question): string {
  const recordsFinding = (value: string) =>
    checklist.steps.some((step) => step.rules.some((rule) => rule.finding && rule.when.answers?.[question.key]?.includes(value)));
  return ['unknown', 'no', 'yes'].find((value) => !recordsFinding(value)) ?? 'unknown';
}

/** Turns a parsed supplier reply into checklist answers, refusing (and reporting) what an answer would not accept. */
import { AnswerError, parseAnswer } from './answers.js';
import type { Checklist } from './checklist.js';
import type { OperatorTable } from './operators.js';
import type { ParsedReply, ReplyField } from './supplier-reply.js';

/** Reply fields that are checklist answers, and the answer key each fills. */
const ANSWER_KEYS: Partial<Record<ReplyField, string>> = {
  number: 'number',
  operator: 'productOperator',
  nominal: 'nominal',
  status: 'status',
  sn: 'sn',
  time: 'time',
  failureReason: 'failureReason',
  // The 20-digit token a PLN "SN" starts with (token-pln asks for it).
  token: 'token',
};

/** Transaction facts a case keeps beside its answers (see Case.productCode); an answers file may carry them too. */
export const TRANSACTION_KEYS = ['productCode', 'supplierTrxId'] as const;
export type TransactionKey = (typeof TRANSACTION_KEYS)[number];

export interface ReplyAnswers {
  answers: Record<string, string>;
  transaction: Partial<Record<TransactionKey, string>>;
  /** Fields the reply gave that the checklist's answer refused, with the catalogue key of the reason. */
  refused: { field: ReplyField; reason: string; input: string }[];
}

export function answersFromReply(reply: ParsedReply, checklist: Checklist, table: OperatorTable, now: Date): ReplyAnswers {
  const questions = new Map(checklist.steps.flatMap((s) => s.questions).map((q) => [q.key, q]));
  const out: ReplyAnswers = { answers: {}, transaction: {}, refused: [] };
  for (const [field, key] of Object.entries(ANSWER_KEYS) as [ReplyField, string][]) {
    const value = reply.fields[field];
    const question = questions.get(key);
    if (value === undefined || !question) continue;
    try {
      out.answers[key] = parseAnswer(question, value, table, now);
    } catch (error) {
      if (!(error instanceof AnswerError)) throw error;
      // A reason the checklist does not list is what its "other" choice is for; the reply's own words stay on screen.
      if (field === 'failureReason' && question.choices?.some((c) => c.value === 'other')) out.answers[key] = 'other';
      else out.refused.push({ field, reason: error.reason, input: error.input });
    }
  }
  // A product code the operator table does not know still names the product; the interview asks the operator.
  for (const key of TRANSACTION_KEYS) if (reply.fields[key]) out.transaction[key] = reply.fields[key];
  return out;
}

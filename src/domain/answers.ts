/** Turns what a counter typed into the canonical answer a checklist stores. */
import type { Question } from './checklist.js';
import { parseLocalDateTime } from './clock.js';
import { parseRupiah } from './money.js';
import { normalizeMsisdn } from './msisdn.js';
import { resolveOperator, type OperatorTable } from './operators.js';

/** Why an answer was refused; `reason` is a message-catalogue key. */
export class AnswerError extends Error {
  constructor(
    readonly key: string,
    readonly reason: string,
    readonly input: string,
  ) {
    super(`${key}: ${reason} (${JSON.stringify(input)})`);
  }
}

export const YES_NO_UNKNOWN = ['yes', 'no', 'unknown'] as const;

const YES_NO_ALIASES: Record<string, (typeof YES_NO_UNKNOWN)[number]> = {
  yes: 'yes', y: 'yes', ya: 'yes', iya: 'yes', true: 'yes', '1': 'yes', ada: 'yes',
  no: 'no', n: 'no', tidak: 'no', tdk: 'no', gak: 'no', nggak: 'no', enggak: 'no', false: 'no', '0': 'no', 'tidak ada': 'no',
  unknown: 'unknown', '?': 'unknown', 'belum tahu': 'unknown', 'tidak tahu': 'unknown', 'gak tahu': 'unknown', gatau: 'unknown', 'ga tau': 'unknown',
};

/** Parses a transaction time; a bare time of day means today. Returns null when it is not a time. */
export function parseTime(input: string, now: Date): Date | null {
  const text = input.trim();
  if (['now', 'sekarang'].includes(text.toLowerCase())) return now;
  return parseLocalDateTime(text, now);
}

/** Canonical form of one answer, or AnswerError naming the question. Empty optional answers stay empty. */
export function parseAnswer(question: Question, raw: unknown, table: OperatorTable, now: Date): string {
  const input = raw === null || raw === undefined ? '' : String(raw).trim();
  const fail = (reason: string): never => {
    throw new AnswerError(question.key, reason, input);
  };
  if (input === '') return question.optional ? '' : fail('answer.required');
  switch (question.type) {
    case 'msisdn':
      try {
        return normalizeMsisdn(input);
      } catch {
        return fail('answer.msisdn');
      }
    case 'rupiah':
      try {
        return String(parseRupiah(input));
      } catch {
        return fail('answer.rupiah');
      }
    case 'operator':
      return resolveOperator(table, input)?.id ?? fail('answer.operator');
    case 'yesno':
      return YES_NO_ALIASES[input.toLowerCase()] ?? fail('answer.yesno');
    case 'choice': {
      const lower = input.toLowerCase();
      const choice = question.choices?.find(
        (c) => c.value === lower || c.aliases.includes(lower) || c.label.id.toLowerCase() === lower || c.label.en.toLowerCase() === lower,
      );
      return choice?.value ?? fail('answer.choice');
    }
    case 'datetime':
      return parseTime(input, now)?.toISOString() ?? fail('answer.datetime');
    case 'meter': {
      // PLN: an 11-digit meter number or a 12-digit customer ID; never read as a phone number.
      const digits = input.replace(/[\s\-.]/g, '');
      return /^\d{11,12}$/.test(digits) ? digits : fail('answer.meter');
    }
    case 'token': {
      const digits = input.replace(/[\s\-.]/g, '');
      return /^\d{20}$/.test(digits) ? digits : fail('answer.token');
    }
    case 'text':
      return input;
  }
}

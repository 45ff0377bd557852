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

/** How far ahead of this machine's clock a transaction time may be: another device's clock may run a little fast. */
export const CLOCK_SKEW_MS = 5 * 60_000;

const BARE_TIME = /^\d{1,2}[:.]\d{2}(:\d{2})?$/;
const YESTERDAY = /^(kemarin|yesterday)\s+/i;

/**
 * Parses a transaction time. A bare time of day is the last time the clock showed it: `22.00` typed in the
 * morning is yesterday evening, since a transaction cannot lie ahead. `kemarin 22.00` says so outright.
 * Returns null when it is not a time.
 */
export function parseTime(input: string, now: Date): Date | null {
  const text = input.trim();
  if (['now', 'sekarang'].includes(text.toLowerCase())) return now;
  const yesterday = YESTERDAY.exec(text);
  if (yesterday) {
    const rest = text.slice(yesterday[0].length);
    if (!BARE_TIME.test(rest)) return null;
    const dayBefore = new Date(now);
    dayBefore.setDate(dayBefore.getDate() - 1);
    return parseLocalDateTime(rest, dayBefore);
  }
  const parsed = parseLocalDateTime(text, now);
  if (parsed && BARE_TIME.test(text) && parsed.getTime() > now.getTime() + CLOCK_SKEW_MS) parsed.setDate(parsed.getDate() - 1);
  return parsed;
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
    case 'datetime': {
      const time = parseTime(input, now) ?? fail('answer.datetime');
      // A transaction cannot have happened later than now: a future time is a typo in the date.
      if (time.getTime() > now.getTime() + CLOCK_SKEW_MS) fail('answer.futureTime');
      return time.toISOString();
    }
    case 'text':
      return input;
  }
}

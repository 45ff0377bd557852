/** Turns what a counter typed into the canonical answer a checklist stores. */
import type { Question } from './checklist.js';
import { parseLocalDateTime } from './clock.js';
import { parseRupiah } from './money.js';
import { normalizeMsisdn } from './msisdn.js';
import { own } from './own.js';
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
  no: 'no', n: 'no', t: 'no', tidak: 'no', tdk: 'no', gak: 'no', nggak: 'no', enggak: 'no', false: 'no', '0': 'no', 'tidak ada': 'no',
  unknown: 'unknown', '?': 'unknown', 'belum tahu': 'unknown', 'tidak tahu': 'unknown', 'gak tahu': 'unknown', gatau: 'unknown', 'ga tau': 'unknown',
  "don't know": 'unknown', "don't know yet": 'unknown',
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

/** No answer a counter gives (an SN, a package name, a number) is longer; more is a paste gone wrong. */
export const MAX_ANSWER_LENGTH = 100;
/** A transaction further back than this is a typo in the year, not a complaint a counter can still check. */
const MAX_TRANSACTION_AGE_DAYS = 3660;

// C0 controls other than tab, DEL and C1 controls: invisible, and some move the cursor or rewrite the screen.
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/;

/** What a JSON value is, for a message, without turning it into text (a deeply nested list would overflow). */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Canonical form of one answer, or AnswerError naming the question. Empty optional answers stay empty. */
export function parseAnswer(question: Question, raw: unknown, table: OperatorTable, now: Date): string {
  // Answers are text, numbers or yes/no; anything else would be stored as "[object Object]".
  if (raw !== null && raw !== undefined && !['string', 'number', 'boolean'].includes(typeof raw)) {
    throw new AnswerError(question.key, 'answer.type', describeJsonValue(raw));
  }
  if (typeof raw === 'number' && !Number.isFinite(raw)) throw new AnswerError(question.key, 'answer.type', String(raw));
  const input = raw === null || raw === undefined ? '' : String(raw).trim();
  const fail = (reason: string): never => {
    throw new AnswerError(question.key, reason, input.length > 40 ? `${input.slice(0, 40)}…` : input);
  };
  if (CONTROL.test(input)) fail('answer.control');
  if (input.length > MAX_ANSWER_LENGTH) fail('answer.tooLong');
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
      return own(YES_NO_ALIASES, input.toLowerCase()) ?? fail('answer.yesno');
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
      if (time.getTime() < now.getTime() - MAX_TRANSACTION_AGE_DAYS * 86_400_000) fail('answer.datetimeRange');
      return time.toISOString();
    }
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

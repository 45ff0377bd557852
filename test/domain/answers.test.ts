import { describe, expect, it } from 'vitest';
import { AnswerError, parseAnswer, parseTime } from '../../src/domain/answers.js';
import type { Question } from '../../src/domain/checklist.js';
import { table } from '../helpers/data.js';

const morning = new Date(2026, 10, 26, 9, 15); // 26/11/2026 09:15 local
const time: Question = { key: 'time', type: 'datetime', prompt: { id: 'Waktu', en: 'Time' }, optional: true };
const local = (d: Date) => [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()];

describe('transaction times', () => {
  it('reads a time of day already past as today', () => {
    expect(local(parseTime('08.30', morning)!)).toEqual([2026, 11, 26, 8, 30]);
  });

  it('reads 22.00 typed in the morning as yesterday evening, not tonight', () => {
    expect(local(parseTime('22.00', morning)!)).toEqual([2026, 11, 25, 22, 0]);
    expect(local(new Date(parseAnswer(time, '22.00', table, morning)))).toEqual([2026, 11, 25, 22, 0]);
  });

  it('reads "kemarin 22.00" and "yesterday 08:00"', () => {
    expect(local(parseTime('kemarin 22.00', morning)!)).toEqual([2026, 11, 25, 22, 0]);
    expect(local(parseTime('Yesterday 08:00', morning)!)).toEqual([2026, 11, 25, 8, 0]);
  });

  it('allows a few minutes of clock skew', () => {
    expect(local(new Date(parseAnswer(time, '09.18', table, morning)))).toEqual([2026, 11, 26, 9, 18]);
  });

  it.each(['27/11/2026 10:00', '2026-12-01 08:00', '26/11/2026 10:00'])('refuses a transaction time in the future (%s)', (input) => {
    expect(() => parseAnswer(time, input, table, morning)).toThrow(AnswerError);
    expect(() => parseAnswer(time, input, table, morning)).toThrow(expect.objectContaining({ reason: 'answer.futureTime' }));
  });

  it('refuses "kemarin" without a time of day', () => {
    expect(() => parseAnswer(time, 'kemarin pagi', table, morning)).toThrow(expect.objectContaining({ reason: 'answer.datetime' }));
  });
});

describe('yes/no answers', () => {
  const question: Question = { key: 'debt', type: 'yesno', prompt: { id: 'Ada utang?', en: 'Any debt?' }, optional: false };

  it('reads ya, tidak and their English', () => {
    expect(['ya', 'Tidak', 'yes', 'NO'].map((input) => parseAnswer(question, input, table, morning))).toEqual(['yes', 'no', 'yes', 'no']);
  });

  it('refuses names every object has, as any other word', () => {
    for (const input of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(() => parseAnswer(question, input, table, morning), input).toThrow(AnswerError);
    }
  });
});

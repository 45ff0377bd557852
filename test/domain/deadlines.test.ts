import { describe, expect, it } from 'vitest';
import { escalateCase } from '../../src/domain/lifecycle.js';
import { isDueToday, isOverdue, parseDue, parseDuration } from '../../src/domain/deadlines.js';
import { aCase } from '../helpers/cases.js';

describe('parseDue', () => {
  const now = new Date(2026, 10, 25, 22, 30);

  it('adds hours across midnight', () => expect(parseDue('24h', now)).toEqual(new Date(2026, 10, 26, 22, 30)));
  it('adds a few hours into the next day', () => expect(parseDue('2 jam', now)).toEqual(new Date(2026, 10, 26, 0, 30)));
  it('adds minutes', () => expect(parseDue('30m', now)).toEqual(new Date(2026, 10, 25, 23, 0)));
  it('adds days across a month end', () => expect(parseDue('2d', new Date(2026, 10, 30, 9))).toEqual(new Date(2026, 11, 2, 9)));
  it('adds days across a year end', () => expect(parseDue('3 hari', new Date(2026, 11, 30, 9))).toEqual(new Date(2027, 0, 2, 9)));
  it('keeps the day of month short months lack', () => expect(parseDue('1d', new Date(2026, 1, 28, 9))).toEqual(new Date(2026, 2, 1, 9)));
  it('reads a date as the end of that day', () => expect(parseDue('27/11/2026', now)).toEqual(new Date(2026, 10, 27, 23, 59, 59, 999)));
  it('reads a date with a time as that time', () => expect(parseDue('27/11/2026 17:00', now)).toEqual(new Date(2026, 10, 27, 17, 0)));
  it('refuses what is neither', () => {
    expect(parseDue('besok', now)).toBeNull();
    expect(parseDue('0h', now)).toBeNull();
    expect(parseDuration('24x')).toBeNull();
  });
});

describe('overdue and due today', () => {
  const escalatedAt = new Date(2026, 10, 25, 10);
  const escalated = escalateCase(aCase(), 'operator', new Date(2026, 10, 26, 10), escalatedAt);

  it('is neither before the deadline day', () => {
    expect(isOverdue(escalated, new Date(2026, 10, 25, 23, 59))).toBe(false);
    expect(isDueToday(escalated, new Date(2026, 10, 25, 23, 59))).toBe(false);
  });

  it('is due but not overdue on the deadline day before the hour', () => {
    expect(isDueToday(escalated, new Date(2026, 10, 26, 0, 1))).toBe(true);
    expect(isOverdue(escalated, new Date(2026, 10, 26, 9, 59))).toBe(false);
  });

  it('is overdue once the deadline passed', () => {
    expect(isOverdue(escalated, new Date(2026, 10, 26, 10, 1))).toBe(true);
    expect(isDueToday(escalated, new Date(2026, 11, 3))).toBe(true);
  });

  it('is not overdue once the escalation is answered or the case moved on', () => {
    expect(isOverdue({ ...escalated, status: 'resolved' }, new Date(2026, 11, 3))).toBe(false);
  });
});

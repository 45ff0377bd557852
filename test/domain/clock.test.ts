import { describe, expect, it } from 'vitest';
import { dayKey, formatLocalDateTime, formatLocalIso, parseLocalDateTime } from '../../src/domain/clock.js';
import { parseDayBound } from '../../src/domain/dates.js';

const now = new Date(2026, 10, 25, 14, 5);

describe('parseLocalDateTime', () => {
  it.each([
    ['2026-11-25 10:30', new Date(2026, 10, 25, 10, 30)],
    ['2026-11-25T10:30:15', new Date(2026, 10, 25, 10, 30, 15)],
    ['25/11/2026 10:30', new Date(2026, 10, 25, 10, 30)],
    ['5/1/2026 9.05', new Date(2026, 0, 5, 9, 5)],
    ['25-11-2026', new Date(2026, 10, 25)],
    ['2026-11-01', new Date(2026, 10, 1)],
    ['10:30', new Date(2026, 10, 25, 10, 30)],
    ['2026-11-25T03:30:00.000Z', new Date(Date.UTC(2026, 10, 25, 3, 30))],
  ])('reads %s', (input, expected) => {
    expect(parseLocalDateTime(input, now)?.getTime()).toBe(expected.getTime());
  });

  it.each(['', 'kemarin', '31/02/2026', '25/13/2026', '24:00', '10:60', '2026-11-25 10', '11/2026'])('refuses %j', (input) => {
    expect(parseLocalDateTime(input, now)).toBeNull();
  });
});

describe('display', () => {
  it('names the local day as YYYYMMDD', () => expect(dayKey(new Date(2026, 0, 5, 23, 59))).toBe('20260105'));
  it('shows times day first', () => expect(formatLocalDateTime(new Date(2026, 0, 5, 9, 7))).toBe('05/01/2026 09:07'));
});

describe('parseDayBound', () => {
  it('includes the whole first and last day', () => {
    expect(parseDayBound('1/11/2026', now, 'start')).toEqual(new Date(2026, 10, 1, 0, 0, 0, 0));
    expect(parseDayBound('2026-11-30', now, 'end')).toEqual(new Date(2026, 10, 30, 23, 59, 59, 999));
  });
  it('reads today, yesterday and days ago', () => {
    expect(parseDayBound('today', now, 'start')).toEqual(new Date(2026, 10, 25));
    expect(parseDayBound('kemarin', now, 'start')).toEqual(new Date(2026, 10, 24));
    expect(parseDayBound('7d', now, 'start')).toEqual(new Date(2026, 10, 18));
    expect(parseDayBound('30d', now, 'start')).toEqual(new Date(2026, 9, 26));
  });
  it('refuses a time of day or words it does not know', () => {
    expect(parseDayBound('10:30', now, 'start')).toBeNull();
    expect(parseDayBound('minggu lalu', now, 'start')).toBeNull();
  });
});

describe('formatLocalIso', () => {
  it('writes local time with the offset, the same instant as the UTC form', () => {
    // vitest runs in Asia/Jakarta (UTC+7).
    const at = new Date('2026-11-25T02:05:09.500Z');
    expect(formatLocalIso(at)).toBe('2026-11-25T09:05:09.500+07:00');
    expect(Date.parse(formatLocalIso(at))).toBe(at.getTime());
    expect(formatLocalIso(new Date('2026-11-25T02:05:09Z'))).toBe('2026-11-25T09:05:09+07:00');
  });

  it('writes a negative, half-hour offset too', () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'America/St_Johns'; // UTC-3:30 in November
      expect(formatLocalIso(new Date('2026-11-25T02:05:09Z'))).toBe('2026-11-24T22:35:09-03:30');
    } finally {
      process.env.TZ = zone;
    }
  });
});

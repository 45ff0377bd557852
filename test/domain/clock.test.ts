import { describe, expect, it } from 'vitest';
import { dayKey, formatLocalDateTime, formatLocalIso, LocalIsoFormatter, parseLocalDateTime } from '../../src/domain/clock.js';
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

  it('reads the shapes exports write on every row as its rules say, whatever the digits', () => {
    // The rules, written out apart from the parser: these fields, a day that exists, a time of day that does.
    const expected = (text: string): number | null => {
      const m = /^(?:(\d{2})([/-])(\d{2})\2(\d{4})|(\d{4})-(\d{2})-(\d{2}))[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
      if (!m) throw new Error(`not a common shape: ${text}`);
      const [year, month, day] = m[1] ? [m[4], m[3], m[1]].map(Number) : [m[5], m[6], m[7]].map(Number);
      const [hours, minutes, seconds] = [m[8], m[9], m[10] ?? '0'].map(Number);
      const date = new Date(year!, month! - 1, day!, hours, minutes, seconds);
      const exists = date.getFullYear() === year && date.getMonth() === month! - 1 && date.getDate() === day;
      return exists && hours! <= 23 && minutes! <= 59 && seconds! <= 59 ? date.getTime() : null;
    };
    let read = 0;
    for (const [y, mo, d] of [['2026', '11', '25'], ['2028', '02', '29'], ['2027', '02', '29'], ['2026', '04', '31'], ['2026', '00', '10'], ['2026', '13', '10'], ['2026', '01', '00'], ['2026', '12', '32'], ['0099', '01', '01'], ['1970', '01', '01']]) {
      for (const date of [`${d}/${mo}/${y}`, `${d}-${mo}-${y}`, `${y}-${mo}-${d}`]) {
        for (const time of ['00:00', '23:59:59', '09:05:07', '24:00', '10:60', '10:30:60', '07:08']) {
          for (const text of [`${date} ${time}`, `${date}T${time}`]) {
            expect(parseLocalDateTime(text, now)?.getTime() ?? null, text).toBe(expected(text));
            if (expected(text) !== null) read++;
          }
        }
      }
    }
    // Both kinds are exercised: the dates above that exist, at the times that do.
    expect(read).toBe(3 * 3 * 4 * 2);
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

describe('LocalIsoFormatter', () => {
  /** Times in order and back again, seconds and milliseconds apart, across `from`…`from + span`. */
  function times(from: number, span: number): number[] {
    const out: number[] = [];
    let seed = 7;
    for (let i = 0; i < 400; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      out.push(from + Math.floor((i / 400) * span) + (seed % 3 === 0 ? seed % 1000 : 0));
    }
    return [...out, ...out.slice(0, 50).reverse()];
  }

  it('writes what formatLocalIso writes, in every zone, offsets changing or not', () => {
    const zone = process.env.TZ;
    try {
      for (const [tz, from] of [
        ['Asia/Jakarta', Date.UTC(2026, 10, 25, 2, 0)],
        ['America/St_Johns', Date.UTC(2026, 10, 25, 2, 0)],
        // Summer time starts at 01:00 UTC, and ends at 01:00 UTC in October.
        ['Europe/Berlin', Date.UTC(2026, 2, 29, 0, 30)],
        ['Europe/Berlin', Date.UTC(2026, 9, 25, 0, 30)],
        // Local mean time, an offset with seconds (+07:07:12): local seconds are not UTC's.
        ['Asia/Jakarta', Date.UTC(1900, 0, 1, 2, 0)],
      ] as const) {
        process.env.TZ = tz;
        const formatter = new LocalIsoFormatter();
        for (const ms of times(from, 3_600_000)) expect(formatter.format(ms), `${tz} ${ms}`).toBe(formatLocalIso(new Date(ms)));
      }
    } finally {
      process.env.TZ = zone;
    }
  });
});

/**
 * Local dates and times as counters write and read them. Hand-written because date-fns' parse and format
 * each cost ~40-55 ms to import (they pull in locale data), which every command would pay at start-up.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** YYYYMMDD of the local day: the day part of reference numbers and the name of a store day file. */
export function dayKey(date: Date): string {
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
}

/** dd/MM/yyyy HH:mm in local time, the way Indonesian receipts show it. */
export function formatLocalDateTime(date: Date): string {
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** yyyy-MM-dd HH:mm in local time: sortable, and read as a date by spreadsheets in any locale. */
export function formatSortableLocal(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * ISO 8601 in local time with its offset, `2026-11-25T09:05:00+07:00` (milliseconds only when there are any):
 * unambiguous for scripts, and the shop's own clock for people.
 */
export function formatLocalIso(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const ms = date.getMilliseconds();
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${ms ? `.${pad(ms, 3)}` : ''}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

const MINUTE = 60_000;

/**
 * formatLocalIso for epoch milliseconds, remembering the time and the minute it last wrote: batch findings come
 * in time order, often several to a second and dozens to a minute. A minute whose local seconds are not UTC's
 * (an old local mean time) or whose offset changes inside it is formatted whole every time.
 */
export class LocalIsoFormatter {
  private lastMs = Number.NaN;
  private last = '';
  private minute = Number.NaN;
  /** `2026-11-25T09:05:`, or '' when this minute is formatted whole. */
  private head = '';
  /** `+07:00`. */
  private offset = '';

  format(ms: number): string {
    if (ms !== this.lastMs) {
      this.last = this.formatNew(ms);
      this.lastMs = ms;
    }
    return this.last;
  }

  private formatNew(ms: number): string {
    const minute = Math.floor(ms / MINUTE);
    if (minute !== this.minute) this.startMinute(minute);
    if (this.head === '') return formatLocalIso(new Date(ms));
    const within = ms - minute * MINUTE;
    const seconds = Math.floor(within / 1000);
    const millis = within % 1000;
    return `${this.head}${seconds < 10 ? '0' : ''}${seconds}${millis ? `.${pad(millis, 3)}` : ''}${this.offset}`;
  }

  private startMinute(minute: number): void {
    this.minute = minute;
    const start = new Date(minute * MINUTE);
    const end = new Date(minute * MINUTE + MINUTE - 1);
    if (Number.isNaN(start.getTime()) || start.getSeconds() !== 0 || start.getTimezoneOffset() !== end.getTimezoneOffset()) {
      this.head = '';
      return;
    }
    const iso = formatLocalIso(start);
    const seconds = iso.indexOf('T') + 7; // after `T09:05:`
    this.head = iso.slice(0, seconds);
    this.offset = iso.slice(seconds + 2);
  }
}

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
/**
 * Parses `2026-11-25 10:30`, `25/11/2026 10:30`, `25-11-2026`, `10.30` (today) or an ISO time with offset.
 * Returns null for anything else, including dates that do not exist (31/02/2026).
 * Hand-written rather than a regular expression: batch checks read a time on every row of a million-row file.
 */
export function parseLocalDateTime(input: string, now: Date): Date | null {
  const ms = parseLocalTimeMs(input, now);
  return ms === null ? null : new Date(ms);
}

/** parseLocalDateTime as epoch milliseconds, without allocating a Date (batch checks call it on every row). */
export function parseLocalTimeMs(input: string, now: Date): number | null {
  const common = commonShapeMs(input);
  if (common !== undefined) return common;
  const text = input.trim();
  if (text.length > 16 && text[10] === 'T' && WITH_OFFSET.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : ms;
  }
  const cursor = CURSOR.reset(text);
  let year = now.getFullYear();
  let month = now.getMonth() + 1;
  let day = now.getDate();
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  const first = cursor.number(1, 4);
  if (first === null) return null;
  const firstDigits = cursor.lastDigits;
  const sep = cursor.peek();
  if (firstDigits === 4 && sep === '-') {
    // ISO: yyyy-M-d
    cursor.skip();
    const m = cursor.number(1, 2);
    if (m === null || !cursor.take('-')) return null;
    const d = cursor.number(1, 2);
    if (d === null) return null;
    [year, month, day] = [first, m, d];
  } else if (firstDigits <= 2 && (sep === '/' || sep === '-')) {
    // Day first: d/M/yyyy or d-M-yyyy
    cursor.skip();
    const m = cursor.number(1, 2);
    if (m === null || !cursor.take(sep)) return null;
    const y = cursor.number(4, 4);
    if (y === null) return null;
    [year, month, day] = [y, m, first];
  } else if (firstDigits <= 2 && (sep === ':' || sep === '.')) {
    // A bare time of day: today.
    cursor.rewind();
  } else {
    return null;
  }
  if (!cursor.done()) {
    if (cursor.position > 0 && !cursor.takeAll(' T')) return null;
    const h = cursor.number(1, 2);
    const timeSep = cursor.peek();
    if (h === null || (timeSep !== ':' && timeSep !== '.')) return null;
    cursor.skip();
    const m = cursor.number(2, 2);
    if (m === null) return null;
    [hours, minutes] = [h, m];
    if (cursor.take(':')) {
      const sec = cursor.number(2, 2);
      if (sec === null) return null;
      seconds = sec;
    }
    if (!cursor.done()) return null;
  }
  return localTimeMs(year, month, day, hours, minutes, seconds);
}

/**
 * The shapes exports write on every row, `25/11/2026 10:30:15` (or `25-11-2026`), `2026-11-25 10:30:15` (or with
 * `T`), seconds or not, read by position: what the general path makes of them, in a third of the time or less
 * (a million-row export with a new time on each row spent a seventh of its check in the general path).
 * Undefined for any other text, which the general path then reads.
 */
function commonShapeMs(text: string): number | null | undefined {
  const length = text.length;
  if ((length !== 16 && length !== 19) || text.charCodeAt(13) !== 58 || (length === 19 && text.charCodeAt(16) !== 58)) return undefined;
  const beforeTime = text.charCodeAt(10);
  if (beforeTime !== 32 && beforeTime !== 84) return undefined; // ' ' or 'T'
  let year: number;
  let month: number;
  let day: number;
  const third = text.charCodeAt(2);
  if ((third === 47 || third === 45) && text.charCodeAt(5) === third) {
    // d/M/yyyy or d-M-yyyy, two digits each
    day = twoDigits(text, 0);
    month = twoDigits(text, 3);
    year = fourDigits(text, 6);
  } else if (text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    year = fourDigits(text, 0);
    month = twoDigits(text, 5);
    day = twoDigits(text, 8);
  } else {
    return undefined;
  }
  const hours = twoDigits(text, 11);
  const minutes = twoDigits(text, 14);
  const seconds = length === 19 ? twoDigits(text, 17) : 0;
  if (year < 0 || month < 0 || day < 0 || hours < 0 || minutes < 0 || seconds < 0) return undefined;
  return localTimeMs(year, month, day, hours, minutes, seconds);
}

const fourDigits = (text: string, at: number) => {
  const high = twoDigits(text, at);
  const low = twoDigits(text, at + 2);
  return high < 0 || low < 0 ? -1 : high * 100 + low;
};

/** The number two digits at `at` write, or -1 when they are not both digits. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

class Cursor {
  position = 0;
  lastDigits = 0;
  private text = '';

  /** One cursor is reused: parsing allocates nothing per call. */
  reset(text: string): this {
    this.text = text;
    this.position = 0;
    this.lastDigits = 0;
    return this;
  }

  /** Reads a whole number of `min` to `max` digits; null (and nothing consumed) otherwise. */
  number(min: number, max: number): number | null {
    let value = 0;
    let i = this.position;
    while (i < this.text.length && i - this.position < max + 1) {
      const c = this.text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
      i++;
    }
    const digits = i - this.position;
    if (digits < min || digits > max) return null;
    this.position = i;
    this.lastDigits = digits;
    return value;
  }

  peek(): string | undefined {
    return this.text[this.position];
  }

  skip(): void {
    this.position++;
  }

  take(char: string): boolean {
    if (this.text[this.position] !== char) return false;
    this.position++;
    return true;
  }

  /** Consumes one or more of the characters given; false if there is none. */
  takeAll(chars: string): boolean {
    const start = this.position;
    while (this.position < this.text.length && chars.includes(this.text[this.position]!)) this.position++;
    return this.position > start;
  }

  rewind(): void {
    this.position = 0;
  }

  done(): boolean {
    return this.position >= this.text.length;
  }
}

const CURSOR = new Cursor();

/** The instant of a local date and time read from text; null when the day or the time of day does not exist. */
function localTimeMs(year: number, month: number, day: number, hours: number, minutes: number, seconds: number): number | null {
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const hourStart = localHourStart(year, month, day, hours);
  return hourStart === null ? null : hourStart + minutes * MINUTE + seconds * 1000;
}

// Building a local Date costs a time-zone lookup; a transaction file has thousands of rows per hour, so the
// start of the last local hour is kept. Per hour, not per day, so daylight-saving shifts stay right.
let lastHour = { year: -1, month: -1, day: -1, hours: -1, start: null as number | null };

function localHourStart(year: number, month: number, day: number, hours: number): number | null {
  const last = lastHour;
  if (last.year === year && last.month === month && last.day === day && last.hours === hours) return last.start;
  const date = new Date(year, month - 1, day, hours);
  // Date rolls 31/02 over into March; a day that does not exist is a typo, not a date.
  const start = date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day ? null : date.getTime();
  lastHour = { year, month, day, hours, start };
  return start;
}

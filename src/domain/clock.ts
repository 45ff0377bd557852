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

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
// Optional date (ISO year first, or day first with / or -), then an optional time (HH:mm, HH:mm:ss or H.mm).
const LOCAL = /^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[/-](\d{1,2})[/-](\d{4}))?(?:(?:^|[ T]+)(\d{1,2})[:.](\d{2})(?::(\d{2}))?)?$/;

/**
 * Parses `2026-11-25 10:30`, `25/11/2026 10:30`, `25-11-2026`, `10.30` (today) or an ISO time with offset.
 * Returns null for anything else, including dates that do not exist (31/02/2026).
 */
export function parseLocalDateTime(input: string, now: Date): Date | null {
  const text = input.trim();
  if (WITH_OFFSET.test(text)) {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const m = LOCAL.exec(text);
  if (!m || text === '') return null;
  const [, isoY, isoM, isoD, d, M, y, hh, mm, ss] = m;
  const hasDate = isoY !== undefined || y !== undefined;
  const year = Number(isoY ?? y ?? now.getFullYear());
  const month = Number(isoM ?? M ?? now.getMonth() + 1);
  const day = Number(isoD ?? d ?? now.getDate());
  if (!hasDate && hh === undefined) return null;
  const hours = Number(hh ?? 0);
  const minutes = Number(mm ?? 0);
  const seconds = Number(ss ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  // Date rolls 31/02 over into March; a day that does not exist is a typo, not a date.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date;
}

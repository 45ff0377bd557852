/** Date bounds for filters, as a shop owner types them. */
import { endOfDay } from 'date-fns/endOfDay';
import { startOfDay } from 'date-fns/startOfDay';
import { subDays } from 'date-fns/subDays';
import { parseLocalDateTime } from './clock.js';

const MAX_LOOKBACK_DAYS = 36_500;

/**
 * Parses `2026-11-01`, `1/11/2026` (day first), `today`/`hari ini`, `yesterday`/`kemarin` or `7d` (seven days ago)
 * into the start or end of that local day, so ranges include both edge days. Null when unrecognised.
 */
export function parseDayBound(input: string, now: Date, edge: 'start' | 'end'): Date | null {
  const text = input.trim().toLowerCase();
  let day: Date | null = null;
  if (text === 'today' || text === 'hari ini') day = now;
  else if (text === 'yesterday' || text === 'kemarin') day = subDays(now, 1);
  else if (/^\d+d$/.test(text)) {
    const days = Number(text.slice(0, -1));
    // A century back is further than any shop's history; more is a typo, not "everything".
    if (days > MAX_LOOKBACK_DAYS) return null;
    day = subDays(now, days);
  }
  else if (/^[\d/-]+$/.test(text)) day = parseLocalDateTime(text, now);
  if (!day) return null;
  return edge === 'start' ? startOfDay(day) : endOfDay(day);
}

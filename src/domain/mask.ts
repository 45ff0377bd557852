/**
 * Masking phone numbers wherever they are written, for exports shared outside the shop. A number typed into a
 * note looks like `0857-1234-5678`, `+62 811 2233 4455`, `62 811…` or `(0812) 3456.7890`: every form the input
 * parser accepts is found, not only the canonical `08…` the case's own fields hold.
 */
import { hasMobileShape } from './msisdn.js';

// A run of digits joined by the separators counters type; a leading + belongs to it.
const RUN = /\+?\d(?:[\d\s\-.()/]*\d)?/g;
// What may stand between two digit groups of one number: a space, a dash, dot or slash with optional spaces,
// or the ") " after a bracketed prefix. A line break, a comma or a lone "(" starts something else.
const JOIN = /^(?:[ \t]?[-./]?[ \t]?|\)[ \t]?)$/;

interface Group {
  start: number;
  end: number;
}

/** National form of the digits, as normalizeMsisdn reads them, or null when they cannot be a number. */
function nationalOf(digits: string): string | null {
  if (digits.startsWith('620')) return digits.slice(2);
  if (digits.startsWith('62')) return '0' + digits.slice(2);
  if (digits.startsWith('0')) return digits;
  if (digits.startsWith('8')) return '0' + digits;
  return null;
}

/** Replaces the middle digits of every phone number in the text with `*`, keeping its separators. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(RUN, (run) => maskRun(run));
}

function maskRun(run: string): string {
  const groups: Group[] = [];
  for (const match of run.matchAll(/\d+/g)) groups.push({ start: match.index, end: match.index + match[0].length });
  const chars = [...run];
  let i = 0;
  while (i < groups.length) {
    // The longest stretch of groups from here that reads as a mobile number.
    let digits = '';
    let best = -1;
    for (let j = i; j < groups.length; j++) {
      if (j > i && !JOIN.test(run.slice(groups[j - 1]!.end, groups[j]!.start))) break;
      digits += run.slice(groups[j]!.start, groups[j]!.end);
      if (digits.length > 15) break;
      const national = nationalOf(digits);
      if (national && hasMobileShape(national)) best = j;
    }
    if (best < 0) {
      i++;
      continue;
    }
    maskDigits(chars, groups.slice(i, best + 1), run);
    i = best + 1;
  }
  return chars.join('');
}

// Keeps what maskMsisdn keeps of the national form (the 4-digit prefix, the last 4 digits); a written country
// code keeps its 62 too, so the masked text still reads as the same kind of number.
function maskDigits(chars: string[], groups: Group[], run: string): void {
  const positions = groups.flatMap((g) => Array.from({ length: g.end - g.start }, (_, k) => g.start + k));
  const digits = positions.map((p) => run[p]).join('');
  const keepHead = digits.startsWith('620') ? 6 : digits.startsWith('62') ? 5 : digits.startsWith('0') ? 4 : 3;
  for (const p of positions.slice(keepHead, positions.length - 4)) chars[p] = '*';
}

/** Every string in a JSON-like value with its phone numbers masked; the shape is unchanged. */
export function maskDeep<T>(value: T): T {
  if (typeof value === 'string') return maskPhoneNumbers(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskDeep(item)])) as T;
  }
  return value;
}

/** Indonesian mobile numbers: normalisation, validation and typo comparison. */

export type Msisdn = string; // national form, "08…"

export class NumberFormatError extends Error {
  constructor(readonly input: string) {
    super(`not a phone number: "${input}"`);
  }
}

// Counters type numbers with spaces, dashes, dots and brackets; none of them carry meaning.
const SEPARATORS = /[\s\-.()/]/g;

/**
 * Turns what a counter types (`+62 812-3456-7890`, `62812…`, `0812 3456 7890`) into national form `08…`.
 * Throws NumberFormatError when the text cannot be a phone number at all.
 */
export function normalizeMsisdn(input: string): Msisdn {
  // Already national and bare, as exports mostly hold it: nothing to strip.
  if (isBareNational(input)) return input;
  const compact = input.trim().replace(SEPARATORS, '');
  let national: string;
  // `+62 0812…`: a counter typed both the country code and the trunk 0; the 0 is not part of the number.
  if (/^\+620?\d+$/.test(compact)) national = '0' + compact.slice(compact[3] === '0' ? 4 : 3);
  else if (/^620\d+$/.test(compact)) national = compact.slice(2);
  else if (/^62\d+$/.test(compact)) national = '0' + compact.slice(2);
  else if (/^0\d+$/.test(compact)) national = compact;
  else if (/^8\d+$/.test(compact)) national = '0' + compact;
  else throw new NumberFormatError(input);
  // Shorter than any Indonesian subscriber number or longer than E.164 allows: a slip, not a number.
  if (national.length < 8 || national.length > 15) throw new NumberFormatError(input);
  return national;
}

/** `0` and 7 to 14 more digits, checked by hand: batch checks ask it of every row, and a regular expression costs more. */
function isBareNational(text: string): boolean {
  if (text.length < 8 || text.length > 15 || text.charCodeAt(0) !== 48) return false;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** normalizeMsisdn, or null where the text is not a phone number (batch rows report that as a finding). */
export function tryNormalizeMsisdn(input: string): Msisdn | null {
  if (isBareNational(input)) return input;
  try {
    return normalizeMsisdn(input);
  } catch {
    return null;
  }
}

/** International form without plus, as WhatsApp links want it: 62812…. */
export function toInternational(msisdn: Msisdn): string {
  return '62' + msisdn.slice(1);
}

// 10–13 digits as 08…: https://huzefril.com/posts/regex/regex-nomor-handphone (likely)
const MOBILE = /^08[1-9]\d{7,10}$/;

/** True when the national number has the shape of an Indonesian mobile number. */
export function hasMobileShape(msisdn: Msisdn): boolean {
  // The common case by hand, for batch checks; the expression stays the definition.
  if (isBareNational(msisdn) && msisdn.length >= 10 && msisdn.length <= 13 && msisdn.charCodeAt(1) === 56) return msisdn.charCodeAt(2) !== 48;
  return MOBILE.test(msisdn);
}

/**
 * The digits of `text` as a number when it is a mobile number in national form written bare (`08`, a third
 * digit other than 0, 10 to 13 digits in all): what tryNormalizeMsisdn gives back unchanged and hasMobileShape
 * accepts. -1 for anything else. One pass over the text, where batch's checks of a row made three.
 */
export function bareMobileDigits(text: string): number {
  const length = text.length;
  if (length < 10 || length > 13 || text.charCodeAt(0) !== 48 || text.charCodeAt(1) !== 56 || text.charCodeAt(2) === 48) return -1;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

export type TypoKind = 'substitution' | 'transposition' | 'deletion' | 'insertion';

/**
 * How `sent` differs from `wanted` when it is one slip of the finger away:
 * one digit changed, two adjacent digits swapped, one digit missing or one extra.
 */
export function detectTypo(wanted: Msisdn, sent: Msisdn): TypoKind | null {
  if (wanted === sent) return null;
  if (wanted.length === sent.length) {
    const diffs: number[] = [];
    for (let i = 0; i < wanted.length; i++) if (wanted[i] !== sent[i]) diffs.push(i);
    if (diffs.length === 1) return 'substitution';
    const [a, b] = diffs;
    if (diffs.length === 2 && a !== undefined && b === a + 1 && wanted[a] === sent[b] && wanted[b] === sent[a]) {
      return 'transposition';
    }
    return null;
  }
  if (sent.length === wanted.length - 1 && dropsOne(wanted, sent)) return 'deletion';
  if (sent.length === wanted.length + 1 && dropsOne(sent, wanted)) return 'insertion';
  return null;
}

function dropsOne(longer: string, shorter: string): boolean {
  let i = 0;
  while (i < shorter.length && longer[i] === shorter[i]) i++;
  return longer.slice(i + 1) === shorter.slice(i);
}

/** Hides the middle digits for sharing outside the shop: 0812****7890. */
export function maskMsisdn(msisdn: Msisdn): string {
  if (msisdn.length <= 8) return msisdn;
  return msisdn.slice(0, 4) + '*'.repeat(msisdn.length - 8) + msisdn.slice(-4);
}

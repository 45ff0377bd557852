/** Rupiah amounts as counters write them. */

export class NominalFormatError extends Error {
  constructor(readonly input: string) {
    super(`not a rupiah amount: "${input}"`);
  }
}

/**
 * The largest amount read as rupiah: far above any pulsa, package or refund (Rp100 juta), and far below where
 * JavaScript numbers stop being exact, so a run of digits never becomes a wrong amount or infinity.
 */
export const MAX_RUPIAH = 100_000_000;

const MULTIPLIERS: Record<string, number> = { '': 1, rb: 1_000, ribu: 1_000, k: 1_000, jt: 1_000_000, juta: 1_000_000 };

/**
 * Parses `50000`, `50.000`, `Rp 50.000`, `Rp50.000,00`, `50rb`, `50k`, `1,5jt` into whole rupiah.
 * Throws NominalFormatError for anything else (words, zero, negative amounts, fractions of a rupiah).
 */
export function parseRupiah(input: string): number {
  const rupiah = tryParseRupiah(input);
  if (rupiah === null) throw new NominalFormatError(input);
  return rupiah;
}

/** parseRupiah, or null for what it refuses: batch checks meet bad nominals by the thousand, and a throw costs a stack trace. */
export function tryParseRupiah(input: string): number | null {
  const plain = plainRupiah(input);
  if (plain !== null) return plain > MAX_RUPIAH ? null : plain;
  const text = input.trim().toLowerCase().replace(/^rp\.?\s*/, '').replace(/\s+/g, '');
  const match = /^(\d[\d.,]*)(rb|ribu|k|jt|juta)?$/.exec(text);
  if (!match) return null;
  const [, digits = '', unit = ''] = match;
  const multiplier = MULTIPLIERS[unit] ?? 1;
  const value = parseNumberText(digits);
  const rupiah = Math.round(value * multiplier);
  if (!Number.isFinite(value) || rupiah <= 0 || rupiah > MAX_RUPIAH || Math.abs(value * multiplier - rupiah) > 1e-6) return null;
  return rupiah;
}

/**
 * The shapes transaction files hold on every row (`10000`, `10.000`), read digit by digit without the
 * general path's regular expressions. Null for anything else, which the general path then reads.
 */
function plainRupiah(text: string): number | null {
  let value = 0;
  let sinceDot = -1; // digits since the last thousands dot; -1 before any dot
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || digits > 3 && sinceDot === -1 || sinceDot !== -1 && sinceDot !== 3) return null;
      sinceDot = 0;
      continue;
    }
    if (c < 48 || c > 57) return null;
    value = value * 10 + (c - 48);
    digits++;
    if (sinceDot !== -1) sinceDot++;
  }
  if (digits === 0 || value === 0 || text.charCodeAt(0) === 48 || (sinceDot !== -1 && sinceDot !== 3)) return null;
  return value;
}

// Indonesian writing groups thousands with "." and decimals with ","; English exports do the reverse.
function parseNumberText(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (/^\d{1,3}([.,])\d{3}(?:\1\d{3})*$/.test(text)) return Number(text.replace(/[.,]/g, ''));
  const indonesian = /^(\d{1,3}(?:\.\d{3})*|\d+),(\d+)$/.exec(text);
  if (indonesian) return Number(indonesian[1]!.replace(/\./g, '') + '.' + indonesian[2]);
  const english = /^(\d{1,3}(?:,\d{3})*|\d+)\.(\d+)$/.exec(text);
  if (english) return Number(english[1]!.replace(/,/g, '') + '.' + english[2]);
  return Number.NaN;
}

let idNumbers: Intl.NumberFormat | undefined;

/** Formats whole rupiah the Indonesian way: Rp50.000. */
export function formatRupiah(amount: number): string {
  // Grouped by hand for the amounts a shop sees: the first Intl.NumberFormat of a process loads locale data
  // (~15 ms of a command's start-up). Intl, created once, formats whatever else there is exactly as before.
  const whole = Math.round(Math.abs(amount));
  // Intl writes a negative amount that rounds to zero as -0; that rare case goes to Intl.
  if (Number.isSafeInteger(whole) && (whole !== 0 || amount >= 0) && !Object.is(amount, -0)) {
    const digits = String(whole);
    let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
    for (let i = grouped.length; i < digits.length; i += 3) grouped += '.' + digits.slice(i, i + 3);
    return (amount < 0 ? 'Rp-' : 'Rp') + grouped;
  }
  idNumbers ??= new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
  return 'Rp' + idNumbers.format(amount);
}

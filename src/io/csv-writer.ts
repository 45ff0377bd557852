/** CSV writing that Excel opens correctly and cannot be tricked by: RFC 4180 quoting, formula cells neutralised. */

/** Excel only detects UTF-8 when the file starts with a BOM. */
export const BOM = '\uFEFF';

// OWASP CSV injection: a cell starting with one of these may run as a formula in a spreadsheet.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-like text gets a leading `'`; text with a delimiter, quote or line break is quoted. */
export function csvCell(value: string | number | null | undefined, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  // Both separators are quoted whatever the delimiter, so a file re-saved with the other one stays intact.
  return /[",;\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

const DIGITS = /^\d+$/;

/**
 * One record, CRLF-terminated as RFC 4180 asks. A digits-only cell of a column `asText` marks (a phone number,
 * an SN) is written after a tab: Excel opening the file then keeps it as text, with its leading 0 and every
 * digit past the 15th, where it would otherwise make it a number (81234567890, 4.12346E+14). The tab is
 * followed by digits only, so no spreadsheet can read a formula in it, even one that drops the tab; `="0812…"`
 * would do the same in Excel but is itself a formula, and a leading `'` would show in the cell.
 */
export function csvRow(values: (string | number | null | undefined)[], delimiter = ',', asText?: readonly boolean[]): string {
  return values.map((v, i) => (asText?.[i] && typeof v === 'string' && DIGITS.test(v) ? `"\t${v}"` : csvCell(v, delimiter))).join(delimiter) + '\r\n';
}

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

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvRow(values: (string | number | null | undefined)[], delimiter = ','): string {
  return values.map((v) => csvCell(v, delimiter)).join(delimiter) + '\r\n';
}

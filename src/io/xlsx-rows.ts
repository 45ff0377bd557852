/**
 * Transaction exports saved from Excel (.xlsx), streamed into the records the CSV reader gives: the first
 * worksheet's rows, numbered as Excel shows them, each cell as the text a CSV of it would hold.
 * exceljs (~120 ms to load) is imported only for a workbook.
 */
import { Readable } from 'node:stream';
import type { CsvRecord } from './csv-reader.js';

/** The file is not a workbook that can be read: damaged, cut short, or a zip of something else. */
export class XlsxInputError extends Error {
  constructor(
    readonly reason: 'damaged' | 'no-sheet' | 'old-xls',
    readonly detail = '',
  ) {
    super(detail || reason);
  }
}

const BATCH = 1000;

export async function* readXlsxRows(input: Readable, onBytes?: (bytes: number) => void): AsyncGenerator<CsvRecord[]> {
  const { default: ExcelJS } = await import('exceljs');
  const source = onBytes ? Readable.from(counted(input, onBytes), { objectMode: false }) : input;
  // Styles are read so that date cells come back as dates; strings shared by many cells are kept once.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(source, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let sheets = 0;
  try {
    for await (const sheet of workbook) {
      sheets++;
      let batch: CsvRecord[] = [];
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const fields: string[] = [];
        for (let i = 1; i < values.length; i++) fields.push(cellText(values[i]));
        // A row Excel keeps only for its formatting holds no transaction, as a blank CSV line.
        if (fields.every((field) => field === '')) continue;
        batch.push({ line: row.number, fields, malformed: false });
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
      // One export, one sheet: a second sheet (a summary, a pivot) is not more transactions.
      break;
    }
  } catch (error) {
    if (error instanceof XlsxInputError) throw error;
    throw new XlsxInputError('damaged', (error as Error).message);
  } finally {
    input.destroy();
    source.destroy();
  }
  if (sheets === 0) throw new XlsxInputError('no-sheet');
}

async function* counted(input: Readable, onBytes: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of input) {
    const bytes: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    onBytes(bytes.length);
    yield bytes;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as text: numbers in full (no 1.2E+15), dates as the wall-clock time shown, formulas as their result. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value) ? BigInt(value).toString() : String(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    // exceljs gives the serial's wall-clock time in UTC fields; Excel dates have no zone, so it is the shop's.
    if (Number.isNaN(value.getTime())) return '';
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}`;
  }
  if (typeof value === 'object') {
    const cell = value as { result?: unknown; formula?: unknown; sharedFormula?: unknown; richText?: { text: string }[]; text?: unknown; error?: string };
    if ('formula' in cell || 'sharedFormula' in cell) return cellText(cell.result);
    if (Array.isArray(cell.richText)) return cell.richText.map((run) => run.text).join('');
    if ('text' in cell) return cellText(cell.text);
    if (typeof cell.error === 'string') return cell.error;
  }
  return String(value);
}

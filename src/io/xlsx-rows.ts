/**
 * Transaction exports saved from Excel (.xlsx), streamed into the records the CSV reader gives: the first
 * worksheet's rows, numbered as Excel shows them, each cell as the text a CSV of it would hold.
 * exceljs (~120 ms to load) is imported only for a workbook.
 */
import type { Readable } from 'node:stream';
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
  // node:stream is loaded by a workbook's reading only: a CSV batch does not need it (see file-chunks.ts).
  const source = onBytes ? process.getBuiltinModule('node:stream').Readable.from(counted(input, onBytes), { objectMode: false }) : input;
  // Styles are read so that date cells come back as dates. Shared strings (every text cell Excel writes) are
  // taken as events into a compact table: exceljs's own cache held 400,000 rows' strings in ~300 MB.
  // Without its cache, exceljs parks each worksheet in a temp file until the whole zip is read.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(source, { sharedStrings: 'emit', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const strings = new StringTable();
  let sheets = 0;
  try {
    for await (const event of workbook.parse() as unknown as AsyncIterable<ParseEvent>) {
      const shared = sharedString(event);
      if (shared) {
        strings.add(shared.index, richText(shared.text));
        continue;
      }
      if (event.eventType !== 'worksheet') continue;
      sheets++;
      let batch: CsvRecord[] = [];
      for await (const row of event.value as AsyncIterable<{ number: number; values: unknown }>) {
        const values = row.values as unknown[];
        const fields: string[] = [];
        for (let i = 1; i < values.length; i++) fields.push(cellText(values[i], strings));
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
    throw new XlsxInputError('damaged', (error as Error).message);
  } finally {
    input.destroy();
    source.destroy();
  }
  if (sheets === 0) throw new XlsxInputError('no-sheet');
}

type ParseEvent = { eventType?: string; value?: unknown; index?: number; text?: unknown };

/**
 * A shared string from exceljs 4's parse events, which yields them bare (`{index, text}`) rather than as
 * `{eventType: 'shared-string', value}` as its other events are; both shapes are taken.
 */
function sharedString(event: ParseEvent): { index: number; text: unknown } | null {
  if (event.eventType === 'shared-string') return event.value as { index: number; text: unknown };
  if (event.eventType === undefined && typeof event.index === 'number') return { index: event.index, text: event.text };
  return null;
}

function richText(text: unknown): string {
  if (typeof text === 'string') return text;
  const runs = (text as { richText?: { text?: string }[] } | null)?.richText;
  return Array.isArray(runs) ? runs.map((run) => run.text ?? '').join('') : '';
}

/**
 * Shared strings as UTF-8 in one growing buffer with their end offsets: a transaction file's strings are nearly
 * all different (refs, numbers, SNs), and as JS strings cut from the XML parser's text they keep far more alive.
 */
export class StringTable {
  private bytes = Buffer.alloc(1 << 16);
  private used = 0;
  private ends = new Uint32Array(1 << 12);
  private count = 0;

  add(index: number, text: string): void {
    // exceljs numbers them in order; a gap (never seen) would leave empty strings, not wrong ones.
    while (this.count < index) this.push('');
    this.push(text);
  }

  get(index: number): string {
    if (index < 0 || index >= this.count) return '';
    return this.bytes.toString('utf8', index === 0 ? 0 : this.ends[index - 1], this.ends[index]);
  }

  private push(text: string): void {
    const size = Buffer.byteLength(text);
    if (this.used + size > this.bytes.length) {
      const bigger = Buffer.alloc(Math.max(this.bytes.length * 2, this.used + size));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.used += this.bytes.write(text, this.used);
    if (this.count === this.ends.length) {
      const bigger = new Uint32Array(this.ends.length * 2);
      bigger.set(this.ends);
      this.ends = bigger;
    }
    this.ends[this.count++] = this.used;
  }
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
export function cellText(value: unknown, strings?: StringTable): string {
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
    const cell = value as { sharedString?: number; result?: unknown; formula?: unknown; sharedFormula?: unknown; richText?: { text: string }[]; text?: unknown; error?: string };
    if (typeof cell.sharedString === 'number') return strings?.get(cell.sharedString) ?? '';
    if ('formula' in cell || 'sharedFormula' in cell) return cellText(cell.result, strings);
    if (Array.isArray(cell.richText)) return cell.richText.map((run) => run.text).join('');
    if ('text' in cell) return cellText(cell.text, strings);
    if (typeof cell.error === 'string') return cell.error;
  }
  return String(value);
}

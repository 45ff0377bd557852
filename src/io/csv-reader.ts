/**
 * Streaming CSV reading for transaction files: RFC 4180 quoting, a BOM, CRLF or LF, the delimiter sniffed
 * from the header. Hand-written rather than csv-parse because a reseller's file with one stray quote must
 * report that row and go on, with exact line numbers, and csv-parse loses its place after such an error.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

export interface CsvRecord {
  /** 1-based line in the file where the record starts. */
  line: number;
  fields: string[];
  /** A quote out of place or never closed: the fields are a best guess and the row should not be trusted. */
  malformed: boolean;
}

export class CsvInputError extends Error {
  constructor(readonly reason: 'binary' | 'empty') {
    super(reason);
  }
}

/** The delimiter of a header line: whichever of `,` `;` or tab occurs most outside quotes (Excel in id-ID saves `;`). */
export function sniffDelimiter(headerLine: string): string {
  const counts: [string, number][] = [[',', 0], [';', 0], ['\t', 0]];
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted) for (const entry of counts) if (entry[0] === char) entry[1]++;
  }
  const [best] = counts.sort((a, b) => b[1] - a[1]);
  return best![1] > 0 ? best![0] : ',';
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** An incremental RFC 4180 parser: feed text in chunks of any size, collect whole records. */
export class CsvParser {
  private readonly delimiter: number;
  private readonly delimiterText: string;
  private fields: string[] = [];
  private field = '';
  private quoted = false;
  /** Just saw a quote inside a quoted field: either the first of `""` or the closing quote. */
  private quoteSeen = false;
  private malformed = false;
  private line = 1;
  private recordLine = 1;
  private fieldStarted = false;
  private afterCr = false;
  /** Where the next quote and CR are in the chunk being read (-1: none), found once per chunk, not per line. */
  private quoteAt = -1;
  private crAt = -1;
  /** Part of a record has been read, by the character-by-character path. */
  private inRecord = false;

  constructor(delimiter: string) {
    this.delimiter = delimiter.charCodeAt(0);
    this.delimiterText = delimiter.charAt(0);
  }

  /** Parses a chunk; returns the records it completed. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    this.quoteAt = text.indexOf('"');
    this.crAt = text.indexOf('\r');
    while (i < text.length) {
      if (!this.inRecord) {
        i = this.plainLines(text, i, out);
        if (i >= text.length) break;
      }
      i = this.record(text, i, out);
    }
    return out;
  }

  /**
   * The fast path, for the lines that make up nearly every export: a whole line with no quote and no lone CR
   * is split at its delimiters by the engine, as a plain `line.split(';')` would. Returns where it stopped.
   */
  private plainLines(text: string, i: number, out: CsvRecord[]): number {
    if (this.afterCr) {
      this.afterCr = false;
      if (text.charCodeAt(i) === LF) i++;
    }
    let quote = this.quoteAt;
    let cr = this.crAt;
    for (;;) {
      if (quote !== -1 && quote < i) quote = text.indexOf('"', i);
      if (cr !== -1 && cr < i) cr = text.indexOf('\r', i);
      const lf = text.indexOf('\n', i);
      if (lf === -1 || (quote !== -1 && quote < lf) || (cr !== -1 && cr < lf - 1)) break;
      const end = cr !== -1 && cr === lf - 1 ? cr : lf;
      if (end > i) out.push({ line: this.line, fields: text.slice(i, end).split(this.delimiterText), malformed: false });
      this.line++;
      this.recordLine = this.line;
      i = lf + 1;
    }
    this.quoteAt = quote;
    this.crAt = cr;
    return i;
  }

  /** Reads character by character until one record ends (returning where the next starts) or the text does. */
  private record(text: string, from: number, out: CsvRecord[]): number {
    const delimiter = this.delimiter;
    this.inRecord = true;
    let start = from; // start of the pending run of plain characters in `text`
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.afterCr) {
        this.afterCr = false;
        if (c === LF) {
          start = i + 1;
          continue;
        }
      }
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (c === QUOTE) {
            this.field += '"';
            start = i + 1;
            continue;
          }
          this.quoted = false;
          if (c !== delimiter && c !== LF && c !== CR) {
            // `"S"10`: a closing quote followed by more text. Keep the text, flag the row.
            this.malformed = true;
            start = i;
            continue;
          }
        } else {
          if (c === QUOTE) {
            this.field += text.slice(start, i);
            this.quoteSeen = true;
            start = i + 1;
          } else if (c === LF) {
            this.line++;
          }
          continue;
        }
      }
      if (c === delimiter) {
        this.field += text.slice(start, i);
        this.endField();
        start = i + 1;
      } else if (c === LF || c === CR) {
        this.field += text.slice(start, i);
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        this.afterCr = c === CR;
        this.inRecord = false;
        return i + 1;
      } else if (c === QUOTE && !this.fieldStarted && i === start) {
        this.quoted = true;
        this.fieldStarted = true;
        start = i + 1;
      } else {
        this.fieldStarted = true;
      }
    }
    this.field += text.slice(start);
    return text.length;
  }

  /** Ends the input; returns the last record if the file did not end with a newline. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.quoted && !this.quoteSeen) this.malformed = true;
    this.quoted = false;
    this.quoteSeen = false;
    this.endRecord(out);
    return out;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.fieldStarted = false;
  }

  private endRecord(out: CsvRecord[]): void {
    this.endField();
    const empty = this.fields.length === 1 && this.fields[0] === '';
    if (!empty) out.push({ line: this.recordLine, fields: this.fields, malformed: this.malformed });
    this.fields = [];
    this.malformed = false;
  }
}

/**
 * Yields the records of a CSV byte stream a chunk at a time (one await per chunk, not per record, which
 * halves the cost of reading a million rows), refusing binary data and a file without even a header.
 * `onBytes` hears of each chunk read (for progress); listening to the stream's 'data' event instead would
 * switch it to flowing mode and buffer the whole file while records are being checked.
 */
export async function* readCsv(input: Readable, onBytes?: (bytes: number) => void): AsyncGenerator<CsvRecord[]> {
  let count = 0;
  for await (const records of parseStream(input, onBytes)) {
    if (records.length === 0) continue;
    count += records.length;
    yield records;
  }
  if (count === 0) throw new CsvInputError('empty');
}

async function* parseStream(input: Readable, onBytes?: (bytes: number) => void): AsyncGenerator<CsvRecord[]> {
  const decoder = new StringDecoder('utf8');
  let parser: CsvParser | undefined;
  let pending = '';
  let first = true;
  for await (const chunk of input) {
    const bytes: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    onBytes?.(bytes.length);
    // Text never holds a NUL byte; spreadsheets (.xlsx is a zip) and images do, early on.
    if (first && bytes.includes(0)) throw new CsvInputError('binary');
    first = false;
    const text = decoder.write(bytes);
    if (parser) {
      yield parser.push(text);
      continue;
    }
    // The delimiter is chosen from the whole header line, so text is held back until the line is complete.
    pending += text;
    if (!/[\r\n]/.test(pending)) continue;
    pending = pending.replace(/^\uFEFF/, '');
    parser = new CsvParser(sniffDelimiter(pending.split(/\r?\n|\r/, 1)[0]!));
    yield parser.push(pending);
  }
  if (!parser) {
    pending = (pending + decoder.end()).replace(/^\uFEFF/, '');
    parser = new CsvParser(sniffDelimiter(pending));
    yield parser.push(pending);
  } else {
    yield parser.push(decoder.end());
  }
  yield parser.end();
}

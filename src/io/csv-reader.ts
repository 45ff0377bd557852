/**
 * Streaming CSV reading for transaction files: RFC 4180 quoting, a BOM, CRLF or LF, the delimiter sniffed
 * from the header. Hand-written rather than csv-parse because a reseller's file with one stray quote must
 * report that row and go on, with exact line numbers, and csv-parse loses its place after such an error.
 */
import { StringDecoder } from 'node:string_decoder';

export interface CsvRecord {
  /** 1-based line in the file where the record starts. */
  line: number;
  fields: string[];
  /** A quote out of place or never closed, a record too long, or bytes that are not UTF-8: do not trust the fields. */
  malformed: boolean;
  /** Why, when it is not a quote: `too-long` (over MAX_RECORD_CHARS or MAX_FIELDS) or `encoding` (not UTF-8). */
  problem?: 'too-long' | 'encoding';
}

export class CsvInputError extends Error {
  constructor(
    readonly reason: 'binary' | 'empty' | 'header-too-long' | 'utf16be',
  ) {
    super(reason);
  }
}

/** A transaction row is about 75 characters; a record over this is not a transaction, and is not kept whole. */
export const MAX_RECORD_CHARS = 64 * 1024;
export const MAX_FIELDS = 1000;
/**
 * A quoted field may hold line breaks (RFC 4180), but one running past this many is a stray opening quote:
 * its first line is reported and reading starts again on the next line.
 */
export const MAX_QUOTED_LINE_BREAKS = 10;

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
  private fields: string[] = [];
  private field = '';
  private quoted = false;
  /** Just saw a quote inside a quoted field: either the first of `""` or the closing quote. */
  private quoteSeen = false;
  private malformed = false;
  private tooLong = false;
  private line = 1;
  private recordLine = 1;
  private fieldStarted = false;
  private afterCr = false;
  /** Fields in the header: a record that crossed lines inside quotes and ends with another count went wrong. */
  private expectedFields = 0;
  /**
   * Raw text after the first line break inside quotes of the current record, kept so that a stray opening
   * quote can be undone: the record's first line is reported, and this text is read again from its start.
   */
  private spill: string | null = null;
  private spillFrom = 0;
  private spillLine = 0;
  private spillFields: string[] = [];
  private quotedBreaks = 0;

  /** Where the next quote and CR are in the text being parsed (-1: none), found once per chunk, not per line. */
  private quoteAt = -1;
  private crAt = -1;
  private readonly delimiterText: string;

  constructor(delimiter: string) {
    this.delimiter = delimiter.charCodeAt(0);
    this.delimiterText = delimiter.charAt(0);
  }

  /** Parses a chunk; returns the records it completed. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let next: string | null = text;
    while (next !== null) next = this.parse(next, out);
    return out;
  }

  /** Parses `text` into `out`; returns text to read again after a stray quote was undone, else null. */
  private parse(text: string, out: CsvRecord[]): string | null {
    const delimiter = this.delimiter;
    if (this.spill !== null) this.spillFrom = 0;
    this.quoteAt = text.indexOf('"');
    this.crAt = text.indexOf('\r');
    let i = this.atRecordStart() ? this.plainLines(text, 0, out) : 0;
    let start = i; // start of the pending run of plain characters in `text`
    for (; i < text.length; i++) {
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
            // `"S"10`: a closing quote followed by more text. Keep the text, flag the row; after a quoted
            // line break it means the quote that opened the field was a stray one.
            if (this.spill !== null) return this.recover(text.slice(this.spillFrom), out);
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
            if (this.spill === null) {
              this.spill = '';
              this.spillFrom = i + 1;
              this.spillLine = this.line;
              this.spillFields = [...this.fields, this.field + text.slice(start, i).replace(/\r$/, '')];
            }
            if (++this.quotedBreaks > MAX_QUOTED_LINE_BREAKS) return this.recover(text.slice(this.spillFrom), out);
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
        if (this.spill !== null && this.expectedFields && this.fields.length + 1 !== this.expectedFields) return this.recover(text.slice(this.spillFrom), out);
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        this.afterCr = c === CR;
        start = i + 1;
        const next = this.plainLines(text, start, out);
        if (next > start) {
          start = next;
          i = next - 1;
        }
      } else if (c === QUOTE) {
        if (!this.fieldStarted && i === start) {
          this.quoted = true;
          this.fieldStarted = true;
          start = i + 1;
        } else {
          // `12"3`: a quote inside an unquoted field is not RFC 4180; the row is not trusted.
          this.malformed = true;
        }
      } else {
        this.fieldStarted = true;
      }
    }
    this.field += text.slice(start);
    if (this.field.length > MAX_RECORD_CHARS) {
      this.tooLong = true;
      this.field = this.field.slice(0, 256);
    }
    if (this.spill !== null) {
      this.spill += text.slice(this.spillFrom);
      if (this.spill.length > MAX_RECORD_CHARS) return this.recover('', out);
    }
    return null;
  }

  /** Nothing of a record has been read: the fast path may take the next lines. */
  private atRecordStart(): boolean {
    return this.spill === null && !this.quoted && !this.fieldStarted && this.field === '' && this.fields.length === 0 && !this.malformed && !this.tooLong;
  }

  /**
   * The fast path, for the lines that make up nearly every export: a whole line with no quote and no lone CR
   * is split at its delimiters by the engine, as a plain `line.split(';')` would, giving the records the
   * character-by-character path gives. Returns where it stopped: at a line it leaves to that path, or at
   * text without a line end yet.
   */
  private plainLines(text: string, i: number, out: CsvRecord[]): number {
    if (this.afterCr && i < text.length) {
      this.afterCr = false;
      if (text.charCodeAt(i) === LF) i++;
    }
    let quote = this.quoteAt;
    let cr = this.crAt;
    for (;;) {
      if (quote !== -1 && quote < i) quote = text.indexOf('"', i);
      if (cr !== -1 && cr < i) cr = text.indexOf('\r', i);
      const lf = text.indexOf('\n', i);
      if (lf === -1 || (cr !== -1 && cr < lf - 1)) break;
      const end = cr !== -1 && cr === lf - 1 ? cr : lf;
      if (end > i) {
        const quoted = quote !== -1 && quote < lf;
        const fields = quoted ? splitQuotedFields(text, i, end, this.delimiterText) : splitFields(text, i, end, this.delimiterText, this.expectedFields);
        if (fields === null) break;
        // A line of nothing but `""` is an empty line to the character-by-character path too.
        if (!quoted || fields.length > 1 || fields[0] !== '') {
          out.push({ line: this.line, fields, malformed: false });
          if (!this.expectedFields) this.expectedFields = fields.length;
        }
      }
      this.line++;
      this.recordLine = this.line;
      i = lf + 1;
    }
    this.quoteAt = quote;
    this.crAt = cr;
    return i;
  }

  /**
   * The current record began with a stray quote: report its first line as malformed, then read the text after
   * that line again as fresh records. Each recovery moves on at least a line and re-reads a bounded amount.
   */
  private recover(rest: string, out: CsvRecord[]): string {
    const again = this.spill! + rest;
    out.push({ line: this.recordLine, fields: this.spillFields, malformed: true });
    this.fields = [];
    this.field = '';
    this.quoted = false;
    this.quoteSeen = false;
    this.malformed = false;
    this.tooLong = false;
    this.fieldStarted = false;
    this.afterCr = false;
    this.line = this.spillLine;
    this.recordLine = this.spillLine;
    this.spill = null;
    this.quotedBreaks = 0;
    return again;
  }

  /** Ends the input; returns the last record if the file did not end with a newline. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.quoted && !this.quoteSeen) {
      if (this.spill !== null) {
        let next: string | null = this.recover('', out);
        while (next !== null) next = this.parse(next, out);
        out.push(...this.end());
        return out;
      }
      this.malformed = true;
    }
    this.quoted = false;
    this.quoteSeen = false;
    this.endRecord(out);
    return out;
  }

  private endField(): void {
    if (this.fields.length < MAX_FIELDS) this.fields.push(this.field);
    else this.tooLong = true;
    this.field = '';
    this.fieldStarted = false;
  }

  private endRecord(out: CsvRecord[]): void {
    this.endField();
    const empty = this.fields.length === 1 && this.fields[0] === '';
    if (!empty) {
      const record: CsvRecord = { line: this.recordLine, fields: this.fields, malformed: this.malformed || this.tooLong };
      if (this.tooLong) record.problem = 'too-long';
      out.push(record);
      if (!this.expectedFields) this.expectedFields = this.fields.length;
    }
    this.fields = [];
    this.malformed = false;
    this.tooLong = false;
    this.spill = null;
    this.quotedBreaks = 0;
  }
}

/**
 * The fields of text[start, end) split at `delimiter`, as `slice(start, end).split(delimiter)` gives them, or
 * null past MAX_FIELDS. Sliced from the chunk one by one, without a string for the line: measured a quarter
 * cheaper than slicing the line and splitting it.
 */
function splitFields(text: string, start: number, end: number, delimiter: string, expected: number): string[] | null {
  // Sized for the header's count of fields, as nearly every row has: an array grown by push starts with room
  // for 17, and the smaller one was a fifth cheaper to fill (less to collect).
  const fields: string[] = new Array<string>(expected);
  let count = 0;
  let from = start;
  for (;;) {
    const at = text.indexOf(delimiter, from);
    if (at === -1 || at >= end) break;
    if (count === MAX_FIELDS) return null;
    if (count < expected) fields[count] = text.slice(from, at);
    else fields.push(text.slice(from, at));
    count++;
    from = at + 1;
  }
  if (count === MAX_FIELDS) return null;
  if (count < expected) fields[count] = text.slice(from, end);
  else fields.push(text.slice(from, end));
  count++;
  if (count < expected) fields.length = count;
  return fields;
}

/**
 * splitFields for a line with quotes, when they only wrap whole fields (`"0812 3456 7890"`, `"Rp10.000"`), as
 * in one row in ten of some exports: the fields without their quotes. Null for anything else (a doubled quote,
 * a quote inside an unquoted field, text after a closing quote, a field still open at the line end, or past
 * MAX_FIELDS), which the character-by-character path then reads.
 */
function splitQuotedFields(text: string, start: number, end: number, delimiter: string): string[] | null {
  const fields: string[] = [];
  let from = start;
  for (;;) {
    if (fields.length === MAX_FIELDS) return null;
    let fieldEnd: number;
    if (text.charCodeAt(from) === QUOTE && from < end) {
      const close = text.indexOf('"', from + 1);
      if (close === -1 || close >= end) return null;
      fieldEnd = close + 1;
      if (fieldEnd < end && text[fieldEnd] !== delimiter) return null;
      fields.push(text.slice(from + 1, close));
    } else {
      const at = text.indexOf(delimiter, from);
      fieldEnd = at === -1 || at >= end ? end : at;
      const quote = text.indexOf('"', from);
      if (quote !== -1 && quote < fieldEnd) return null;
      fields.push(text.slice(from, fieldEnd));
    }
    if (fieldEnd === end) return fields;
    from = fieldEnd + 1;
  }
}

/**
 * Yields the records of a CSV byte stream a chunk at a time (one await per chunk, not per record, which
 * halves the cost of reading a million rows), refusing binary data and a file without even a header.
 * `onBytes` hears of each chunk read (for progress); listening to the stream's 'data' event instead would
 * switch it to flowing mode and buffer the whole file while records are being checked.
 */
export async function* readCsv(input: CsvInput, onBytes?: (bytes: number) => void): AsyncGenerator<CsvRecord[]> {
  let count = 0;
  for await (const records of parseStream(input, onBytes)) {
    if (records.length === 0) continue;
    count += records.length;
    yield records;
  }
  if (count === 0) throw new CsvInputError('empty');
}

/**
 * The text encoding of a file from its first bytes: a UTF-16 byte-order mark, or UTF-16 without one (every
 * other byte NUL in ASCII text, as Excel's "Unicode text" saves), else UTF-8. Null for binary data.
 */
function sniffEncoding(bytes: Buffer): { encoding: 'utf8' | 'utf16le'; skip: number } | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) throw new CsvInputError('utf16be');
  if (!bytes.includes(0)) return { encoding: 'utf8', skip: 0 };
  const sample = bytes.subarray(0, Math.min(bytes.length, 512) & ~1);
  let oddNuls = 0;
  let evenNuls = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenNuls++;
    if (sample[i + 1] === 0) oddNuls++;
  }
  if (sample.length >= 4 && evenNuls === 0 && oddNuls * 2 === sample.length) return { encoding: 'utf16le', skip: 0 };
  if (sample.length >= 4 && oddNuls === 0 && evenNuls * 2 === sample.length) throw new CsvInputError('utf16be');
  return null;
}

/** Bytes that are not valid UTF-8 (Latin-1 or Windows-1252 text) decode to U+FFFD: such rows are reported, not read. */
function flagEncoding(records: CsvRecord[]): CsvRecord[] {
  for (const record of records) {
    if (record.fields.some((field) => field.includes('\uFFFD'))) {
      record.malformed = true;
      record.problem = 'encoding';
    }
  }
  return records;
}

/**
 * Text is parsed this much at a time, whatever size the stream reads: the records of a piece are all alive
 * until the piece is checked, and the records of a megabyte measured slower and larger (more of them outlive
 * the young generation and are copied to old space).
 */
const PIECE_BYTES = 64 * 1024;

/**
 * What the reader reads: a stream, or a file's chunks (see file-chunks.ts). Each chunk is decoded before the next
 * is asked for, so a source may read the next one into the same buffer.
 */
export type CsvInput = AsyncIterable<Buffer | string>;

/** The input's chunks as bytes, cut into pieces of at most PIECE_BYTES. */
async function* pieces(input: CsvInput): AsyncGenerator<Buffer> {
  for await (const chunk of input) {
    const bytes: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let at = 0; at < bytes.length; at += PIECE_BYTES) yield bytes.subarray(at, at + PIECE_BYTES);
  }
}

async function* parseStream(input: CsvInput, onBytes?: (bytes: number) => void): AsyncGenerator<CsvRecord[]> {
  let decoder: StringDecoder | undefined;
  let parser: CsvParser | undefined;
  let pending = '';
  const read = (text: string) => {
    const records = parser!.push(text);
    return text.includes('\uFFFD') ? flagEncoding(records) : records;
  };
  for await (let bytes of pieces(input)) {
    onBytes?.(bytes.length);
    if (!decoder) {
      // Text never holds a NUL byte outside UTF-16; spreadsheets (.xlsx is a zip) and images do, early on.
      const sniffed = sniffEncoding(bytes);
      if (!sniffed) throw new CsvInputError('binary');
      decoder = new StringDecoder(sniffed.encoding);
      bytes = bytes.subarray(sniffed.skip);
    }
    const text = decoder.write(bytes);
    if (parser) {
      yield read(text);
      continue;
    }
    // The delimiter is chosen from the whole header line, so text is held back until the line is complete;
    // only the new text is searched for the line break, so a header without one costs linear time.
    pending += text;
    if (!/[\r\n]/.test(text)) {
      if (pending.length > MAX_RECORD_CHARS) throw new CsvInputError('header-too-long');
      continue;
    }
    pending = pending.replace(/^\uFEFF/, '');
    const header = pending.split(/\r?\n|\r/, 1)[0]!;
    if (header.length > MAX_RECORD_CHARS) throw new CsvInputError('header-too-long');
    parser = new CsvParser(sniffDelimiter(header));
    yield read(pending);
  }
  if (!parser) {
    pending = (pending + (decoder?.end() ?? '')).replace(/^\uFEFF/, '');
    if (pending.length > MAX_RECORD_CHARS) throw new CsvInputError('header-too-long');
    parser = new CsvParser(sniffDelimiter(pending));
    yield read(pending);
  } else {
    yield read(decoder!.end());
  }
  yield parser.end();
}

/**
 * Transaction exports as JSON, an array of objects or NDJSON (one object per line), streamed into the records
 * the CSV reader gives: a header record, then one record per transaction with the line it starts on.
 * Keys are matched to fields by the CSV header names (`--columns` too), per object, so an export that
 * leaves out empty keys (no `sn` until a row has one) reads the same as one that writes them.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { headerFields, normalizeHeader, resolveColumns, TRANSACTION_FIELDS, type TransactionField } from '../domain/transactions.js';
import type { CsvRecord } from './csv-reader.js';

/** `wrapped`: the rows are an array inside an object (`{"data": [...]}`), named by `key`. */
export type JsonProblem = 'syntax' | 'not-object' | 'unclosed' | 'encoding' | 'wrapped';

/** The file cannot be read as JSON from `line` on: it is not split into rows that could be checked one by one. */
export class JsonInputError extends Error {
  constructor(
    readonly reason: JsonProblem,
    readonly line: number,
    readonly key = '',
  ) {
    super(`${reason} at line ${line}`);
  }
}

interface JsonText {
  text: string;
  line: number;
}

const BATCH = 1000;

/** Records of a JSON array (`shape` 'array') or NDJSON ('lines') stream; the header lists the fields. */
export async function* readJsonRows(
  input: Readable,
  shape: 'array' | 'lines',
  extra: Record<string, TransactionField> = {},
  onBytes?: (bytes: number) => void,
): AsyncGenerator<CsvRecord[]> {
  const lookup = headerFields(extra);
  const texts = shape === 'array' ? arrayElements(input, onBytes) : ndjsonLines(input, onBytes);
  let started = false;
  let batch: CsvRecord[] = [];
  for await (const { text, line } of texts) {
    const object = parseObject(text, line);
    if (!started) {
      refuseWrapper(object, lookup, line);
      // The first transaction names the columns, as a header row does: a required one missing is exit 2.
      resolveColumns(Object.keys(object), extra);
      batch.push({ line, fields: [...TRANSACTION_FIELDS], malformed: false });
      started = true;
    }
    batch.push({ line, fields: fieldsOf(object, lookup), malformed: false });
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  // `[]` is an export of a day without transactions: zero rows, as a CSV with only its header.
  if (!started && shape === 'array') batch.push({ line: 1, fields: [...TRANSACTION_FIELDS], malformed: false });
  if (batch.length) yield batch;
}

/** An API reply such as `{"data": [{…}, …]}` holds rows but is none: saying where they are beats "columns missing". */
function refuseWrapper(object: Record<string, unknown>, lookup: Map<string, TransactionField>, line: number): void {
  if (Object.keys(object).some((key) => lookup.has(normalizeHeader(key)))) return;
  const key = Object.keys(object).find((k) => Array.isArray(object[k]) && typeof (object[k] as unknown[])[0] === 'object');
  if (key !== undefined) throw new JsonInputError('wrapped', line, key);
}

function fieldsOf(object: Record<string, unknown>, lookup: Map<string, TransactionField>): string[] {
  const fields: string[] = new Array(TRANSACTION_FIELDS.length).fill('');
  const seen = new Set<TransactionField>();
  for (const [key, value] of Object.entries(object)) {
    const field = lookup.get(normalizeHeader(key));
    // The first key for a field wins, as the first column does in a CSV.
    if (!field || seen.has(field)) continue;
    seen.add(field);
    fields[TRANSACTION_FIELDS.indexOf(field)] = cellText(value);
  }
  return fields;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function parseObject(text: string, line: number): Record<string, unknown> {
  if (text.includes('\uFFFD')) throw new JsonInputError('encoding', line);
  let value: unknown;
  try {
    value = JSON.parse(/\d{16}/.test(text) ? quoteLongIntegers(text) : text);
  } catch {
    throw new JsonInputError('syntax', line);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new JsonInputError('not-object', line);
  return value as Record<string, unknown>;
}

/**
 * An SN or a number written as a bare JSON number of 16 digits or more would lose its last digits to a double
 * (4123456789012345678 becomes …5700): such literals are read as the text they are.
 */
export function quoteLongIntegers(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip a string, escapes included.
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
      continue;
    }
    if (c < 48 || c > 57) continue;
    let j = i;
    while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    const next = text[j];
    const negative = text[i - 1] === '-';
    if (j - i >= 16 && next !== '.' && next !== 'e' && next !== 'E') {
      const start = negative ? i - 1 : i;
      out += `${text.slice(from, start)}"${text.slice(start, j)}"`;
      from = j;
    }
    i = j - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

async function* decoded(input: Readable, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of input) {
    const bytes: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    onBytes?.(bytes.length);
    let text = decoder.write(bytes);
    if (first && text) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    yield text;
  }
  yield decoder.end();
}

/** NDJSON: each line that is not blank is one value. */
async function* ndjsonLines(input: Readable, onBytes?: (bytes: number) => void): AsyncGenerator<JsonText> {
  let pending = '';
  let line = 1;
  for await (const text of decoded(input, onBytes)) {
    pending += text;
    let start = 0;
    for (let lf = pending.indexOf('\n'); lf !== -1; lf = pending.indexOf('\n', start)) {
      const body = pending.slice(start, lf);
      if (body.trim()) yield { text: body, line };
      line++;
      start = lf + 1;
    }
    pending = pending.slice(start);
  }
  if (pending.trim()) yield { text: pending, line };
}

/**
 * The elements of a top-level JSON array, each as its own text with the line it starts on, found by
 * following strings and brackets, so a file of a million transactions is never parsed (or held) whole.
 * A missing or extra comma, or text after the closing `]`, is a syntax error on its line.
 */
async function* arrayElements(input: Readable, onBytes?: (bytes: number) => void): AsyncGenerator<JsonText> {
  let depth = 0; // 0: before `[`; 1: between elements; more: inside an object or array element
  let expect: 'first' | 'value' | 'separator' | 'done' = 'first';
  let inString = false;
  let escaped = false;
  let line = 1;
  let element = ''; // an element's text from earlier chunks
  let elementLine = 0;
  let open = false; // inside an element
  for await (const text of decoded(input, onBytes)) {
    let start = open ? 0 : -1;
    const end = (i: number): JsonText => {
      const done = { text: element + text.slice(start, i), line: elementLine };
      element = '';
      start = -1;
      open = false;
      return done;
    };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) {
          inString = false;
          if (depth === 1) {
            yield end(i + 1);
            expect = 'separator';
          }
        }
        continue;
      }
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        if (open && depth === 1) {
          yield end(i); // a number or literal ends at white space
          expect = 'separator';
        }
        continue;
      }
      if (expect === 'done') throw new JsonInputError('syntax', line);
      if (depth === 0) {
        if (c !== 91) throw new JsonInputError('syntax', line);
        depth = 1;
        continue;
      }
      if (depth === 1 && (c === 44 || c === 93)) {
        if (open) {
          yield end(i);
          expect = 'separator';
        }
        if (c === 44) {
          if (expect !== 'separator') throw new JsonInputError('syntax', line);
          expect = 'value';
        } else {
          if (expect === 'value') throw new JsonInputError('syntax', line);
          expect = 'done';
        }
        continue;
      }
      if (depth === 1 && !open) {
        if (expect === 'separator') throw new JsonInputError('syntax', line);
        open = true;
        start = i;
        elementLine = line;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (depth === 1) {
          yield end(i + 1);
          expect = 'separator';
        }
      }
    }
    if (open) element += text.slice(start);
  }
  if (expect !== 'done') throw new JsonInputError(depth === 0 ? 'syntax' : 'unclosed', line);
}

/**
 * Which kind of transaction export a file is, told from its first bytes (a name can lie, and stdin has none),
 * and the reader for it. Every reader yields the CSV reader's records, so one pipeline checks them all.
 */
import { open } from './fs-async.js';
import type { Readable } from 'node:stream';
import type { TransactionField } from '../domain/transactions.js';
import { readCsv, type CsvInput, type CsvRecord } from './csv-reader.js';
import { readJsonRows } from './json-rows.js';
import { readXlsxRows, XlsxInputError } from './xlsx-rows.js';

export type InputFormat = 'csv' | 'xlsx' | 'json' | 'ndjson';

const SNIFF_BYTES = 512;

/** The format the first bytes of a file show; an old binary .xls is refused by name. */
export function sniffFormat(head: Uint8Array): InputFormat {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) throw new XlsxInputError('old-xls');
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const skipSpace = () => {
    while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  };
  skipSpace();
  const first = head[i++];
  if (first !== 0x5b && first !== 0x7b) return 'csv';
  skipSpace();
  // `[{`, `[]`, `{"`, `{}`: JSON; a CSV header starting with a bracket ("[Tanggal]") is not followed by these.
  const next = head[i];
  if (next === undefined) return first === 0x5b ? 'json' : 'ndjson';
  if (first === 0x5b && (next === 0x7b || next === 0x5d)) return 'json';
  if (first === 0x7b && (next === 0x22 || next === 0x7d)) return 'ndjson';
  return 'csv';
}

/** The first bytes of a regular file, read apart from the stream that will read it whole. */
export async function sniffFile(path: string): Promise<InputFormat> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    return sniffFormat(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Sniffs a stream that cannot be read twice (stdin): its first chunks are read, then handed on unchanged. */
export async function sniffStream(input: Readable): Promise<{ format: InputFormat; input: Readable }> {
  const chunks = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      break;
    }
    const bytes: Buffer = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    head.push(bytes);
    size += bytes.length;
  }
  const format = sniffFormat(Buffer.concat(head).subarray(0, SNIFF_BYTES));
  async function* replay(): AsyncGenerator<Buffer> {
    yield* head;
    if (done) return;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  // node:stream only for stdin and pipes: a CSV file is read without it (see file-chunks.ts).
  return { format, input: process.getBuiltinModule('node:stream').Readable.from(replay(), { objectMode: false }) };
}

/** An export to read: a CSV file may come as a file's chunks (see file-chunks.ts), the other formats as a stream. */
export type TransactionInput = { format: 'csv'; input: CsvInput } | { format: Exclude<InputFormat, 'csv'>; input: Readable };

/** The records of a transaction export in any format: a header record first, then one per row. */
export function readTransactionRows(
  { format, input }: TransactionInput,
  extra: Record<string, TransactionField>,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<CsvRecord[]> {
  if (format === 'xlsx') return readXlsxRows(input, onBytes);
  if (format === 'json' || format === 'ndjson') return readJsonRows(input, format === 'json' ? 'array' : 'lines', extra, onBytes);
  return readCsv(input, onBytes);
}

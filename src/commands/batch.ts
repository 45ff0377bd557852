/** `pulsa batch`: check a reseller's transaction file for the rows likely to come back as complaints. */
import { createReadStream } from 'node:fs';
import { stat } from '../io/fs-async.js';
import { listChecklistIds, loadChecklist, loadOperatorTable } from '../data/load.js';
import { BatchChecker, FINDING_CODES, type BatchFinding, type FindingCode } from '../domain/batch-checks.js';
import { describeJsonValue } from '../domain/answers.js';
import { newCase, type Case } from '../domain/cases.js';
import { LocalIsoFormatter, parseLocalDateTime } from '../domain/clock.js';
import { resolveVarKeys, type Translate } from '../domain/messages.js';
import { tryNormalizeMsisdn } from '../domain/msisdn.js';
import { detectOperator, resolveOperator } from '../domain/operators.js';
import {
  ColumnError,
  normalizeHeader,
  resolveColumns,
  RowProblem,
  TRANSACTION_FIELDS,
  TransactionReader,
  type Transaction,
  type TransactionField,
} from '../domain/transactions.js';
import { EXIT, PulsaError } from '../errors.js';
import { CsvInputError, type CsvRecord } from '../io/csv-reader.js';
import { duplicatesHere, duplicatesOnThread, SLOT_ROWS, SLOTS } from '../io/duplicate-thread.js';
import { SN_MEMORY } from '../domain/duplicate-index.js';
import { csvRow } from '../io/csv-writer.js';
import { readJsonObject } from '../io/read-input.js';
import { JsonInputError } from '../io/json-rows.js';
import { readTransactionRows, sniffFile, sniffStream, type TransactionInput } from '../io/transaction-input.js';
import { fileChunks } from '../io/file-chunks.js';
import { XlsxInputError } from '../io/xlsx-rows.js';
import { writeOut } from '../io/write-out.js';
import { startProgress } from '../ui/progress.js';
import { numberText } from '../ui/number-text.js';
import { escapeJsonControls, neutraliseControls } from '../ui/sanitize.js';
import type { TrxCaseRequest } from '../store/types.js';
import { openStore, type CommandContext } from './context.js';

export interface BatchCliOptions {
  format?: 'csv' | 'json' | 'ndjson';
  json?: boolean;
  now?: string;
  pendingAfter?: number;
  duplicateWindow?: number;
  saveCases?: boolean;
  columns?: string;
}

/** The case cause a batch finding becomes with --save-cases; codes without a checklist twin keep their own name. */
const CAUSE_OF: Record<FindingCode, string | null> = {
  'invalid-row': null,
  'invalid-number': 'invalid-number',
  'operator-mismatch': 'operator-mismatch',
  'nominal-mismatch': 'wrong-nominal',
  'number-mismatch': 'wrong-number',
  'success-without-sn': 'escalate-supplier',
  'pending-too-long': 'transaction-pending',
  'duplicate-topup': 'duplicate-topup',
  'duplicate-sn': 'escalate-supplier',
};

/**
 * From this size a file's duplicate checks run on a second thread (256 MB: some 3 million rows). On 10 million
 * rows that took a fifth off the time for some 18 MB more memory (the thread's own V8); on a million it saved
 * 4% and cost the same 12-18 MB, so smaller files and stdin (whose size is unknown) keep them on this thread.
 * PULSA_BATCH_THREAD=on or off overrides it (tests compare the two; benchmarks measure each).
 */
const THREAD_FROM_BYTES = 256 * 1024 * 1024;

/**
 * Bytes a row takes at the least, for sizing the SN index from the file's size: exports' rows take 60-120. A
 * file of shorter rows (or a workbook, which is compressed) only makes the index grow as it fills (see SnIndex).
 */
const MIN_ROW_BYTES = 32;

/** One chunk of rows, checked each on its own, waiting for its duplicate answers. */
interface CheckedChunk {
  records: CsvRecord[];
  reads: (Transaction | RowProblem | undefined)[];
  txs: (Transaction | undefined)[];
  local: (BatchFinding[] | undefined)[];
  ticket: number;
}

interface Sink {
  /** `tx` is the row as read; undefined for a row that could not be read. */
  finding(f: BatchFinding, message: string, tx: Transaction | undefined): void;
  /** Writes what the findings of one chunk of rows produced: one write per chunk, not per finding. */
  flush(): Promise<void> | void;
  end(summary: { rows: number; flagged: number; counts: Record<string, number> }): Promise<void> | void;
}

export async function runBatch(source: string, options: BatchCliOptions, ctx: CommandContext): Promise<number> {
  const { t, out } = ctx;
  const label = source === '-' ? 'stdin' : source;
  const now = options.now === undefined ? ctx.now : parseLocalDateTime(options.now, ctx.now);
  if (!now) throw new PulsaError('error.badOption', { option: '--now', input: options.now!, known: '2026-11-25 10:30, 25/11/2026 10:30' }, EXIT.input);
  const extraColumns = options.columns ? await readColumnMap(options.columns) : {};
  const format = options.json ? 'json' : options.format;

  const { size, ...input } = await openInput(source, label);
  let bytesRead = 0;
  const window = options.duplicateWindow ?? 10;
  const checker = new BatchChecker(loadOperatorTable(), {
    now,
    pendingAfterMinutes: options.pendingAfter ?? 30,
    duplicateWindowMinutes: window,
    productFamilies: productFamilies(),
  });
  const sink = createSink(format, ctx);
  const counts: Record<string, number> = {};
  const toSave: { tx: Transaction; findings: readonly BatchFinding[] }[] = [];
  let rows = 0;
  let flagged = 0;
  let refColumn = -1;
  let reader: TransactionReader | undefined;
  const progress = startProgress(out.stderr, () =>
    size ? `${t('batch.progress', { rows })} ${Math.floor((bytesRead / size) * 100)}%` : t('batch.progress', { rows }),
  );

  const duplicates = (process.env.PULSA_BATCH_THREAD ?? (size !== null && size >= THREAD_FROM_BYTES ? 'on' : 'off')) === 'on'
    ? duplicatesOnThread(window)
    : duplicatesHere(window, SN_MEMORY, size === null ? undefined : Math.ceil(size / MIN_ROW_BYTES));
  /** Reports a chunk once its duplicate answers are back: findings row by row, in order. */
  const report = async (chunk: CheckedChunk) => {
    const ready = duplicates.answers(chunk.ticket);
    const answers = ready instanceof Promise ? await ready : ready;
    const { records, reads, txs, local } = chunk;
    for (let i = 0; i < records.length; i++) {
      const tx = txs[i];
      rows++;
      const findings = tx === undefined ? invalidRow(records[i]!, refColumn, reads[i] as RowProblem | undefined) : checker.findings(tx, local[i], answers, i);
      if (findings.length === 0) continue;
      flagged++;
      for (const f of findings) {
        counts[f.code] = (counts[f.code] ?? 0) + 1;
        sink.finding(f, t(f.messageKey, resolveVarKeys(f.vars, t)), tx);
      }
      if (options.saveCases && tx) toSave.push({ tx, findings });
    }
    await sink.flush();
  };

  try {
    // Chunks are read and checked while the ones before wait for their duplicate answers (see duplicate-thread).
    const waiting: CheckedChunk[] = [];
    for await (const chunk of readTransactionRows(input, extraColumns, (n) => (bytesRead += n))) {
      let records = chunk;
      if (!reader) {
        const header = records[0];
        if (!header) continue;
        refuseDuplicateHeaders(header.fields, label);
        const columns = resolveColumns(header.fields, extraColumns);
        reader = new TransactionReader(columns, now);
        refColumn = columns.ref ?? -1;
        records = records.slice(1);
      }
      for (let from = 0; from < records.length; from += SLOT_ROWS) {
        const part = from === 0 && records.length <= SLOT_ROWS ? records : records.slice(from, from + SLOT_ROWS);
        const reads: (Transaction | RowProblem | undefined)[] = new Array(part.length);
        const txs: (Transaction | undefined)[] = new Array(part.length);
        for (let i = 0; i < part.length; i++) {
          const record = part[i]!;
          const read = record.malformed ? undefined : reader.read(record.fields, record.line);
          reads[i] = read;
          txs[i] = read instanceof RowProblem ? undefined : read;
        }
        const local = checker.checkRows(txs, duplicates.nextKeys());
        waiting.push({ records: part, reads, txs, local, ticket: duplicates.submit(part.length) });
        // Chunks are reported as soon as their answers are back, and waited for only when the ring is nearly
        // full (two slots stay free: the one being filled, and one of slack).
        while (waiting.length && (waiting.length > SLOTS - 2 || duplicates.done(waiting[0]!.ticket))) await report(waiting.shift()!);
      }
    }
    for (const chunk of waiting) await report(chunk);
  } catch (error) {
    throw inputError(error, label);
  } finally {
    progress.stop();
    await duplicates.close();
  }
  if (!reader) throw new PulsaError('error.batchEmpty', { source: label }, EXIT.input);
  await sink.end({ rows, flagged, counts: orderedCounts(counts) });
  if (options.saveCases && toSave.length) await saveCases(toSave, label, ctx);
  return flagged > 0 ? EXIT.failure : EXIT.ok;
}

/** A row that cannot be read is an `invalid-row` finding, not an error: a quote out of place, or a bad value. */
function invalidRow(record: CsvRecord, refColumn: number, problem: RowProblem | undefined): BatchFinding[] {
  const ref = refColumn < 0 ? '' : (record.fields[refColumn] ?? '').trim();
  return [
    problem
      ? { line: record.line, ref, code: 'invalid-row', messageKey: 'batch.invalid-row', vars: { field: problem.field, value: problem.value } }
      : { line: record.line, ref, code: 'invalid-row', messageKey: record.problem === 'too-long' ? 'batch.tooLong' : record.problem === 'encoding' ? 'batch.encoding' : 'batch.malformed', vars: {} },
  ];
}

/** The file or stdin, and its format (CSV, XLSX, JSON or NDJSON) as its first bytes show it. */
async function openInput(source: string, label: string): Promise<TransactionInput & { size: number | null }> {
  try {
    if (source === '-') return { ...(await sniffStream(process.stdin)), size: null };
    const info = await stat(source);
    if (info.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    // A FIFO or device cannot be read twice: it is sniffed as stdin is.
    if (!info.isFile()) return { ...(await sniffStream(createReadStream(source, { highWaterMark: 64 * 1024 }))), size: null };
    const format = await sniffFile(source);
    // A CSV file is read 256 KB at a time into two buffers that take turns (and parsed in smaller pieces, see
    // csv-reader): fewer reads, and no fresh memory per read (see file-chunks.ts).
    if (format === 'csv') return { format, input: fileChunks(source), size: info.size };
    return { format, input: createReadStream(source, { highWaterMark: 64 * 1024 }), size: info.size };
  } catch (error) {
    if (error instanceof XlsxInputError) throw inputError(error, label);
    throw new PulsaError('error.readFile', { source: label, reason: (error as NodeJS.ErrnoException).code ?? String(error) }, EXIT.input);
  }
}

function inputError(error: unknown, label: string): unknown {
  if (error instanceof ColumnError) return new PulsaError('error.batchColumns', { source: label, missing: error.missing.join(', ') }, EXIT.input);
  if (error instanceof CsvInputError) {
    const key = { binary: 'error.batchBinary', empty: 'error.batchEmpty', 'header-too-long': 'error.batchHeaderTooLong', utf16be: 'error.batchUtf16be' }[error.reason];
    return new PulsaError(key, { source: label, limit: '64 KB' }, EXIT.input);
  }
  if (error instanceof XlsxInputError) {
    const key = { damaged: 'error.batchXlsxDamaged', 'no-sheet': 'error.batchXlsxNoSheet', 'old-xls': 'error.batchXls' }[error.reason];
    return new PulsaError(key, { source: label, reason: error.detail }, EXIT.input);
  }
  if (error instanceof JsonInputError) {
    const key = { syntax: 'error.batchJsonSyntax', 'not-object': 'error.batchJsonNotObject', unclosed: 'error.batchJsonUnclosed', encoding: 'error.batchJsonEncoding', wrapped: 'error.batchJsonWrapped' }[error.reason];
    return new PulsaError(key, { source: label, line: error.line, property: error.key }, EXIT.input);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code) return new PulsaError('error.readFile', { source: label, reason: code }, EXIT.input);
  return error;
}

/** Two columns with one name: which one holds the number or the status would be a guess. */
function refuseDuplicateHeaders(headers: string[], label: string): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const header of headers) {
    const name = normalizeHeader(header);
    if (!name) continue;
    if (seen.has(name)) duplicates.add(header.trim());
    seen.add(name);
  }
  if (duplicates.size) throw new PulsaError('error.batchDuplicateColumns', { source: label, names: [...duplicates].join(', ') }, EXIT.input);
}

async function readColumnMap(file: string): Promise<Record<string, TransactionField>> {
  const json = await readJsonObject(file, 'error.columnsFile', '{"Header in the file": "field"}');
  for (const [header, field] of Object.entries(json)) {
    if (typeof field !== 'string' || !TRANSACTION_FIELDS.includes(field as TransactionField)) {
      const found = typeof field === 'string' ? `"${field.slice(0, 40)}"` : describeJsonValue(field);
      throw new PulsaError('error.columnsFile', { source: file, reason: `"${header.slice(0, 40)}" maps to ${found}, not one of ${TRANSACTION_FIELDS.join(', ')}` }, EXIT.input);
    }
  }
  // resolveColumns normalises these header names as it does the file's own.
  return json as Record<string, TransactionField>;
}

function orderedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(FINDING_CODES.filter((code) => counts[code]).map((code) => [code, counts[code]!]));
}

/** Collects output text and writes it to stdout in one piece per chunk of rows. */
function buffered(ctx: CommandContext) {
  let text = '';
  return {
    add: (more: string) => void (text += more),
    flush: (): Promise<void> | void => {
      if (!text) return;
      const chunk = text;
      text = '';
      return writeOut(ctx.out.stdout, chunk);
    },
  };
}

/** The row's values a script acts on, as read (the time in the shop's zone, with its offset); null for a row that could not be read. */
const rowValues = (tx: Transaction | undefined) =>
  tx
    ? { time: isoTime(tx.time), number: tx.number, product: tx.product, nominal: tx.nominal, status: tx.status, sn: tx.sn }
    : { time: null, number: null, product: null, nominal: null, status: null, sn: null };
/**
 * One finding as a line of JSON: what JSON.stringify gives for `{line, ref, code, message, ...rowValues(tx)}`
 * (with DEL and C1 escaped), written out by hand because --json writes one for every flagged row. A finding's
 * code and a row's status are the program's own words, never escaped.
 */
function findingLine(f: BatchFinding, message: string, tx: Transaction | undefined): string {
  const head = `{"line":${numberText(f.line)},"ref":${jsonString(f.ref)},"code":"${f.code}","message":${jsonString(message)},`;
  if (!tx) return head + '"time":null,"number":null,"product":null,"nominal":null,"status":null,"sn":null}';
  return (
    head +
    `"time":"${isoTime(tx.time)}","number":${jsonString(tx.number)},"product":${jsonString(tx.product)},` +
    `"nominal":${tx.nominal},"status":"${tx.status}","sn":${jsonString(tx.sn)}}`
  );
}

/**
 * What JSON.stringify leaves for escapeJsonControls, or escapes itself: quote, backslash, controls, DEL and C1,
 * and surrogates (a lone one is escaped; a pair is not, but is rare enough to take the general path).
 */
const NEEDS_ESCAPING = /[\u0000-\u001f"\\\u007f-\u009f\ud800-\udfff]/;

/** A string as JSON: quoted as it is when nothing in it needs escaping, as in nearly every cell. */
function jsonString(text: string): string {
  return NEEDS_ESCAPING.test(text) ? escapeJsonControls(JSON.stringify(text)) : `"${text}"`;
}

// Rows of one second share a timestamp, and so do their findings: the formatter keeps the last one.
const localIso = new LocalIsoFormatter();
const isoTime = (ms: number) => localIso.format(ms);
const CSV_HEADER = ['line', 'ref', 'code', 'message', 'time', 'number', 'product', 'nominal', 'status', 'sn'];
// Phone numbers and SNs keep their zeros and digits when Excel opens the file, as in `pulsa export`.
const CSV_AS_TEXT = CSV_HEADER.map((name) => name === 'number' || name === 'sn');

function createSink(format: BatchCliOptions['format'], ctx: CommandContext): Sink {
  const out = buffered(ctx);
  if (format === 'ndjson') {
    return { finding: (f, m, tx) => out.add(findingLine(f, m, tx) + '\n'), flush: out.flush, end: () => {} };
  }
  if (format === 'csv') {
    let started = false;
    const header = () => {
      if (!started) out.add(csvRow(CSV_HEADER));
      started = true;
    };
    return {
      finding: (f, m, tx) => {
        header();
        const row = rowValues(tx);
        const text = (value: string | null) => (value === null ? '' : neutraliseControls(value));
        out.add(csvRow([numberText(f.line), neutraliseControls(f.ref), f.code, neutraliseControls(m), row.time ?? '', text(row.number), text(row.product), row.nominal ?? '', row.status ?? '', text(row.sn)], ',', CSV_AS_TEXT));
      },
      flush: out.flush,
      end: () => {
        header();
        return out.flush();
      },
    };
  }
  if (format === 'json') {
    // Findings are streamed first and the totals follow, so a million findings never sit in memory.
    let first = true;
    return {
      finding: (f, m, tx) => {
        out.add((first ? '{"findings":[\n' : ',\n') + findingLine(f, m, tx));
        first = false;
      },
      flush: out.flush,
      end: (summary) => {
        out.add(`${first ? '{"findings":[' : '\n'}],"rows":${summary.rows},"flagged":${summary.flagged},"counts":${JSON.stringify(summary.counts)}}\n`);
        return out.flush();
      },
    };
  }
  return tableSink(ctx);
}

const TABLE_LIMIT = 200;

function tableSink(ctx: CommandContext): Sink {
  const shown: string[][] = [];
  let hidden = 0;
  return {
    finding: (f, m) => {
      if (shown.length < TABLE_LIMIT) shown.push([String(f.line), f.ref, f.code, m]);
      else hidden++;
    },
    flush: () => {},
    end: async ({ rows, flagged, counts }) => {
      const { t, out } = ctx;
      const { default: Table } = await import('cli-table3');
      if (shown.length) {
        const table = new Table({ head: ['field.line', 'field.trxRef', 'field.code', 'field.finding'].map((k) => t(k)), style: { head: [], border: [] } });
        table.push(...shown.map(([line, ref, code, message]) => [line!, ref!, out.paint.yellow(code!), message!]));
        out.print(table.toString());
        if (hidden) out.print(t('batch.more', { count: hidden }));
        out.print('');
        for (const [code, n] of Object.entries(counts)) out.print(`${code.padEnd(20)} ${n}`);
      }
      out.print(t('batch.summary', { rows, flagged }));
    },
  };
}

/** Opens a case for each flagged row whose transaction ref has none yet; the store checks and saves in one locked step. */
async function saveCases(items: { tx: Transaction; findings: readonly BatchFinding[] }[], label: string, ctx: CommandContext) {
  const store = await openStore(ctx);
  const table = loadOperatorTable();
  const requests: TrxCaseRequest[] = items.map(({ tx, findings }) => {
    // Kept as written when it is not a number at all: that is the finding.
    const number = tryNormalizeMsisdn(tx.number) ?? tx.number;
    const operator = detectOperator(table, number)?.id ?? resolveOperator(table, tx.operator || tx.product)?.id ?? null;
    const answers: Record<string, string> = { number, productOperator: operator ?? '', nominal: String(tx.nominal), status: tx.status, sn: tx.sn, time: new Date(tx.time).toISOString() };
    if (tx.claimedNumber) answers.claimedNumber = tx.claimedNumber;
    if (tx.claimedNominal !== null) answers.claimedNominal = String(tx.claimedNominal);
    const build = (ref: string, at: Date): Case => ({
      ...newCase(ref, at, 'open', {
        checklist: 'pulsa-tidak-masuk',
        lang: ctx.lang,
        answers,
        operator,
        findings: findings.map((f) => ({ code: f.code, step: 'batch', details: Object.fromEntries(Object.entries(f.vars).map(([k, v]) => [k, String(v)])) })),
        advice: [],
        cause: CAUSE_OF[findings[0]!.code],
        guidance: null,
      }),
      source: { kind: 'batch', file: label, line: tx.line, ref: tx.ref || null },
    });
    return { trxRef: tx.ref || null, build };
  });
  const { created, skipped } = await store.createCasesUnlessExisting(requests, ctx.now);
  ctx.out.info(ctx.t('batch.saved', { count: created.length, skipped }));
}

/** Product codes the installed PLN and e-wallet checklists claim, so their rows are checked by their own rules. */
function productFamilies() {
  return listChecklistIds()
    .map((id) => loadChecklist(id)!)
    .filter((c) => c.family !== 'mobile')
    .flatMap((c) => c.productCodes.map((pattern) => ({ family: c.family as Exclude<typeof c.family, 'mobile'>, pattern })));
}

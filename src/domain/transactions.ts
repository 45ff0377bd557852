/** A reseller's transaction export, read row by row: which column is which, and what each row says. */
import { parseLocalTimeMs } from './clock.js';
import { tryParseRupiah } from './money.js';
import { own } from './own.js';
import { ShortStringMap } from './short-string-map.js';

export const TRANSACTION_FIELDS = ['time', 'number', 'product', 'operator', 'nominal', 'status', 'sn', 'ref', 'claimed_number', 'claimed_nominal'] as const;
export type TransactionField = (typeof TRANSACTION_FIELDS)[number];

/**
 * Header names reseller software uses for each field (no public source documents OtomaX or Digiflazz export
 * columns, so this list is a best effort; `--columns` adds a shop's own).
 */
export const HEADER_ALIASES: Record<TransactionField, string[]> = {
  time: ['time', 'waktu', 'tanggal', 'tgl', 'date', 'datetime', 'tgl_trx', 'waktu_trx', 'tanggal_trx', 'created_at', 'tgl_entri'],
  number: ['number', 'nomor', 'tujuan', 'no_tujuan', 'nomor_tujuan', 'msisdn', 'dest', 'destination', 'customer_no', 'no_hp'],
  product: ['product', 'produk', 'kode_produk', 'kode', 'product_code', 'sku', 'buyer_sku_code', 'kp'],
  operator: ['operator', 'provider'],
  nominal: ['nominal', 'denom', 'denominasi', 'nilai'],
  status: ['status', 'state', 'status_trx'],
  sn: ['sn', 'serial', 'serial_number', 'sn_operator', 'sn/ref'],
  ref: ['ref', 'trxid', 'idtrx', 'id_trx', 'trx_id', 'ref_id', 'refid', 'id_transaksi', 'reff'],
  claimed_number: ['claimed_number', 'nomor_diminta', 'tujuan_diminta'],
  claimed_nominal: ['claimed_nominal', 'nominal_diminta'],
};

const REQUIRED: TransactionField[] = ['time', 'number', 'nominal', 'status'];

/** "Kode Produk", "kode-produk" and "KODE_PRODUK" are one header. */
export function normalizeHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** Which field each known header name (normalised) holds: the aliases, then `extra` (`--columns`) over them. */
export function headerFields(extra: Record<string, TransactionField> = {}): Map<string, TransactionField> {
  const lookup = new Map<string, TransactionField>();
  for (const field of TRANSACTION_FIELDS) for (const alias of HEADER_ALIASES[field]) lookup.set(alias, field);
  for (const [header, field] of Object.entries(extra)) lookup.set(normalizeHeader(header), field);
  return lookup;
}

export class ColumnError extends Error {
  constructor(readonly missing: string[]) {
    super(`missing column(s): ${missing.join(', ')}`);
  }
}

/**
 * Maps each field to its column index from the header row; `extra` maps more header names to fields.
 * Throws ColumnError naming what is missing: time, number, nominal, status, and product or operator.
 */
export function resolveColumns(headers: string[], extra: Record<string, TransactionField> = {}): Partial<Record<TransactionField, number>> {
  const lookup = headerFields(extra);
  const columns: Partial<Record<TransactionField, number>> = {};
  headers.forEach((header, index) => {
    const field = lookup.get(normalizeHeader(header));
    if (field && columns[field] === undefined) columns[field] = index;
  });
  const missing: string[] = REQUIRED.filter((field) => columns[field] === undefined);
  if (columns.product === undefined && columns.operator === undefined) missing.push('product/operator');
  if (missing.length) throw new ColumnError(missing);
  return columns;
}

export type TransactionStatus = 'sukses' | 'pending' | 'gagal';

const STATUS: Record<string, TransactionStatus> = {
  sukses: 'sukses', berhasil: 'sukses', success: 'sukses', ok: 'sukses', '00': 'sukses', '20': 'sukses', '1': 'sukses',
  pending: 'pending', proses: 'pending', diproses: 'pending', processing: 'pending', menunggu: 'pending', '03': 'pending', '0': 'pending',
  gagal: 'gagal', failed: 'gagal', fail: 'gagal', refund: 'gagal', '2': 'gagal', '40': 'gagal',
};

export interface Transaction {
  line: number;
  /** Epoch milliseconds (a Date per row of a million-row file is measurable garbage). */
  time: number;
  number: string;
  product: string;
  operator: string;
  nominal: number;
  status: TransactionStatus;
  sn: string;
  ref: string;
  claimedNumber: string;
  claimedNominal: number | null;
}

/** Why a row could not be read; `field` names the column. */
export class RowError extends Error {
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`${field}: ${JSON.stringify(value)}`);
  }
}

/** Why a row could not be read, as a value: a bad row is common in an export, and a throw costs a stack trace. */
export class RowProblem {
  constructor(
    readonly field: string,
    readonly value: string,
  ) {}
}

/** Reads data rows into transactions for one file's columns and clock. */
export class TransactionReader {
  private readonly time: number;
  private readonly number: number;
  private readonly product: number;
  private readonly operator: number;
  private readonly nominal: number;
  private readonly status: number;
  private readonly sn: number;
  private readonly ref: number;
  private readonly claimedNumber: number;
  private readonly claimedNominal: number;
  // Exports repeat a timestamp on every row of the same second (or minute): the last one read is kept.
  private lastTimeText = '';
  private lastTime: number | null = null;
  // Status words as written (`Sukses`, `SUKSES`, `00`): found without turning the row's word into a property
  // key, which costs a lookup in V8's string table for every row.
  private readonly statuses = new ShortStringMap<TransactionStatus | null>();

  constructor(
    columns: Partial<Record<TransactionField, number>>,
    private readonly now: Date,
  ) {
    this.time = columns.time ?? -1;
    this.number = columns.number ?? -1;
    this.product = columns.product ?? -1;
    this.operator = columns.operator ?? -1;
    this.nominal = columns.nominal ?? -1;
    this.status = columns.status ?? -1;
    this.sn = columns.sn ?? -1;
    this.ref = columns.ref ?? -1;
    this.claimedNumber = columns.claimed_number ?? -1;
    this.claimedNominal = columns.claimed_nominal ?? -1;
  }

  /** One data row as a transaction, or the problem that makes it unreadable (nominal, time or status). */
  read(record: string[], line: number): Transaction | RowProblem {
    const timeText = cell(record, this.time);
    let time = this.lastTime;
    if (timeText !== this.lastTimeText || time === null) {
      time = parseLocalTimeMs(timeText, this.now);
      if (time === null) return new RowProblem('time', timeText);
      this.lastTimeText = timeText;
      this.lastTime = time;
    }
    const statusText = cell(record, this.status);
    let status = this.statuses.get(statusText);
    if (status === undefined) {
      status = own(STATUS, statusText) ?? own(STATUS, statusText.toLowerCase()) ?? null;
      // A file holds a handful of status words; the bound keeps a file of garbage from filling memory.
      if (this.statuses.size < 1000) this.statuses.set(statusText, status);
    }
    if (status === null) return new RowProblem('status', statusText);
    const nominalText = cell(record, this.nominal);
    const nominal = tryParseRupiah(nominalText);
    if (nominal === null) return new RowProblem('nominal', nominalText);
    const claimedNominalText = cell(record, this.claimedNominal);
    let claimedNominal: number | null = null;
    if (claimedNominalText !== '') {
      claimedNominal = tryParseRupiah(claimedNominalText);
      if (claimedNominal === null) return new RowProblem('claimed_nominal', claimedNominalText);
    }
    return {
      line,
      time,
      number: cell(record, this.number),
      product: cell(record, this.product),
      operator: cell(record, this.operator),
      nominal,
      status,
      sn: cell(record, this.sn),
      ref: cell(record, this.ref),
      claimedNumber: cell(record, this.claimedNumber),
      claimedNominal,
    };
  }
}

/** Reads one data row into a transaction, or throws RowError for an unreadable nominal, time or status. */
export function parseTransaction(record: string[], columns: Partial<Record<TransactionField, number>>, line: number, now: Date): Transaction {
  const read = new TransactionReader(columns, now).read(record, line);
  if (read instanceof RowProblem) throw new RowError(read.field, read.value);
  return read;
}

// Called for every cell of a million-row file, so it trims only when there is something to trim.
function cell(record: string[], index: number): string {
  const value = index < 0 ? undefined : record[index];
  if (value === undefined || value === '') return '';
  return value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32 ? value.trim() : value;
}

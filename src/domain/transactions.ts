/** A reseller's transaction export, read row by row: which column is which, and what each row says. */
import { parseLocalTimeMs } from './clock.js';
import { parseRupiah } from './money.js';

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
  const lookup = new Map<string, TransactionField>();
  for (const field of TRANSACTION_FIELDS) for (const alias of HEADER_ALIASES[field]) lookup.set(alias, field);
  for (const [header, field] of Object.entries(extra)) lookup.set(normalizeHeader(header), field);
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

/** Reads one data row into a transaction, or throws RowError for an unreadable nominal, time or status. */
export function parseTransaction(record: string[], columns: Partial<Record<TransactionField, number>>, line: number, now: Date): Transaction {
  const timeText = cell(record, columns.time);
  const time = parseLocalTimeMs(timeText, now);
  if (time === null) throw new RowError('time', timeText);
  const statusText = cell(record, columns.status);
  const status = STATUS[statusText] ?? STATUS[statusText.toLowerCase()];
  if (!status) throw new RowError('status', statusText);
  const claimedNominal = cell(record, columns.claimed_nominal);
  return {
    line,
    time,
    number: cell(record, columns.number),
    product: cell(record, columns.product),
    operator: cell(record, columns.operator),
    nominal: rupiahCell(cell(record, columns.nominal), 'nominal'),
    status,
    sn: cell(record, columns.sn),
    ref: cell(record, columns.ref),
    claimedNumber: cell(record, columns.claimed_number),
    claimedNominal: claimedNominal === '' ? null : rupiahCell(claimedNominal, 'claimed_nominal'),
  };
}

// Called for every cell of a million-row file, so it trims only when there is something to trim.
function cell(record: string[], index: number | undefined): string {
  const value = index === undefined ? undefined : record[index];
  if (value === undefined || value === '') return '';
  return value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32 ? value.trim() : value;
}

function rupiahCell(text: string, field: TransactionField): number {
  try {
    return parseRupiah(text);
  } catch {
    throw new RowError(field, text);
  }
}

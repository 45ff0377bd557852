import { describe, expect, it } from 'vitest';
import { ColumnError, HEADER_ALIASES, parseTransaction, resolveColumns, RowError, TRANSACTION_FIELDS } from '../../src/domain/transactions.js';

const now = new Date(2026, 10, 25, 12);

describe('resolveColumns', () => {
  for (const field of TRANSACTION_FIELDS) {
    for (const alias of HEADER_ALIASES[field]) {
      it(`reads the header "${alias}" as ${field}`, () => {
        const headers = ['tanggal', 'tujuan', 'nominal', 'status', 'kode_produk'].filter((h) => !HEADER_ALIASES[field].includes(h));
        const columns = resolveColumns([...headers, alias.toUpperCase().replace(/_/g, ' ')].filter((h, i, all) => all.indexOf(h) === i));
        expect(columns[field]).toBeDefined();
      });
    }
  }

  it('names every missing required column', () => {
    expect(() => resolveColumns(['trxid', 'sn'])).toThrow(new ColumnError(['time', 'number', 'nominal', 'status', 'product/operator']));
  });

  it('accepts a shop’s own header names', () => {
    expect(resolveColumns(['Jam', 'No HP', 'Nominal', 'Status', 'Provider'], { jam: 'time', no_hp: 'number' })).toMatchObject({ time: 0, number: 1 });
  });
});

describe('parseTransaction', () => {
  const columns = resolveColumns(['waktu', 'tujuan', 'produk', 'nominal', 'status', 'sn', 'trxid', 'claimed_nominal']);

  it('reads a row', () => {
    expect(parseTransaction(['25/11/2026 10:00', '0812 3456 7890', 'S10', 'Rp10.000', 'Berhasil', 'SN1', 'T1', ''], columns, 2, now)).toMatchObject({
      line: 2, time: +new Date(2026, 10, 25, 10), nominal: 10_000, status: 'sukses', sn: 'SN1', ref: 'T1', claimedNominal: null,
    });
  });

  it.each([
    ['time', ['kemarin', '0812', 'S10', '10000', 'sukses', '', '', '']],
    ['nominal', ['10:00', '0812', 'S10', 'sepuluh ribu', 'sukses', '', '', '']],
    ['status', ['10:00', '0812', 'S10', '10000', 'entah', '', '', '']],
    ['claimed_nominal', ['10:00', '0812', 'S10', '10000', 'sukses', '', '', 'x']],
    // Names every object has are not status words.
    ...['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'].map((word) => ['status', ['10:00', '0812', 'S10', '10000', word, '', '', '']] as [string, string[]]),
  ])('refuses an unreadable %s, naming the column', (field, record) => {
    expect(() => parseTransaction(record, columns, 3, now)).toThrow(RowError);
    expect(() => parseTransaction(record, columns, 3, now)).toThrow(expect.objectContaining({ field }));
  });
});

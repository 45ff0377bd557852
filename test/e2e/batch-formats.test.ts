import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv-reader.js';
import { runCli } from '../helpers/cli.js';
import { storedCases, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const FIXTURE = 'test/fixtures/transactions.csv';
const NOW = ['--now', '25/11/2026 12:00'];

interface Finding {
  line: number;
  ref: string;
  code: string;
  message: string;
}

async function batch(file: string, ...args: string[]) {
  const run = await runCli(['batch', file, '--json', ...NOW, ...args]);
  return { ...run, result: run.stdout ? (JSON.parse(run.stdout) as { findings: Finding[]; rows: number; flagged: number; counts: Record<string, number> }) : null };
}

/** The fixture's header and rows, with the line each row is on. */
async function fixtureRows() {
  const records: { line: number; fields: string[] }[] = [];
  for await (const chunk of readCsv(createReadStream(FIXTURE))) records.push(...chunk);
  const [header, ...rows] = records;
  return { header: header!.fields, rows };
}


function path(name: string, content?: string | Buffer): string {
  const file = join(tempDir(), name);
  if (content !== undefined) writeFileSync(file, content);
  return file;
}

/** The fixture's rows as objects keyed by its header, empty cells left out (as many JSON exports do). */
async function fixtureObjects() {
  const { header, rows } = await fixtureRows();
  return rows.map((row) => Object.fromEntries(header.flatMap((name, i) => (row.fields[i] ? [[name, row.fields[i]]] : []))));
}

describe('pulsa batch reads XLSX, JSON and NDJSON exports as it reads CSV', () => {
  it('finds the same rows, codes and messages in a workbook of the CSV rows, on the same row numbers', async () => {
    const csv = await batch(FIXTURE);
    const { header, rows } = await fixtureRows();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Transaksi');
    sheet.addRow(header);
    for (const row of rows) sheet.addRow(row.fields);
    workbook.addWorksheet('Ringkasan').addRow(['total', 12]);
    const file = path('transaksi.xlsx');
    await workbook.xlsx.writeFile(file);

    const xlsx = await batch(file);
    expect(xlsx.stderr).toBe('');
    expect(xlsx.code).toBe(1);
    expect(xlsx.result).toEqual(csv.result);
    expect(xlsx.result!.rows).toBe(12);
  });

  it('reads the cells Excel types itself: dates, numbers that lost their leading 0, formulas, a 16-digit SN as text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Transaksi');
    sheet.addRow(['Tanggal', 'TrxID', 'Tujuan', 'Kode Produk', 'Nominal', 'Status', 'SN']);
    // Excel dates have no zone: 09:00 in the sheet is 09:00 at the shop.
    const at = (h: number, m: number) => new Date(Date.UTC(2026, 10, 25, h, m));
    sheet.addRow([at(9, 0), 1001, 81234567890, 'S10', 10000, 'Sukses', '0412345678901234']);
    sheet.addRow([at(9, 1), 1002, 85712345678, 'S10', { formula: '5000*2', result: 10000 }, 'Sukses', '0412345678901235']);
    sheet.addRow([]);
    sheet.addRow([at(9, 2), 1003, 81311112222, 'S25', 25000, 'Sukses', '0412345678901234']);
    sheet.addRow([at(11, 20), 1004, 81200001111, 'S10', 10000, 'Pending', null]);
    sheet.addRow([at(9, 3), 1005, 81234567891, 'S10', 'sepuluh', 'Sukses', 'X1']);
    sheet.getColumn(1).numFmt = 'dd/mm/yyyy hh:mm';
    const file = path('typed.xlsx');
    await workbook.xlsx.writeFile(file);

    const { code, result } = await batch(file);
    expect(code).toBe(1);
    expect(result!.rows).toBe(5);
    expect(result!.findings.map((f) => [f.line, f.ref, f.code])).toEqual([
      [3, '1002', 'operator-mismatch'],
      [5, '1003', 'duplicate-sn'],
      [6, '1004', 'pending-too-long'],
      [7, '1005', 'invalid-row'],
    ]);
    expect(result!.findings[1]!.message).toBe('SN 0412345678901234 sudah dipakai di baris 2');
    // Pending since 11:20 in the sheet, checked at 12:00 shop time: the cell's time is the shop's.
    expect(result!.findings[2]!.message).toBe('masih pending setelah 40 menit');
  });

  it('finds the same in NDJSON (one object per line) and a JSON array, keys as CSV headers, empty ones left out', async () => {
    const csv = (await batch(FIXTURE)).result!;
    const objects = await fixtureObjects();

    const ndjson = await batch(path('t.ndjson', objects.map((o) => JSON.stringify(o)).join('\n') + '\n'));
    expect(ndjson.code).toBe(1);
    // No header line: the first transaction is on line 1.
    const earlier = (message: string) => message.replace(/baris (\d+)/, (_, n: string) => `baris ${Number(n) - 1}`);
    expect(ndjson.result).toEqual({ ...csv, findings: csv.findings.map((f) => ({ ...f, line: f.line - 1, message: earlier(f.message) })) });

    const array = await batch(path('t.json', `[\n${objects.map((o) => JSON.stringify(o)).join(',\n')}\n]\n`));
    expect(array.code).toBe(1);
    expect(array.result).toEqual(csv);
  });

  it('reads typed JSON values: numbers, null, a long bare SN kept whole', async () => {
    // SNs as bare numbers, written as the exporter would (a JS number could not even hold them).
    const rows = [
      { created_at: '2026-11-25T09:00:00+07:00', customer_no: '081234567890', buyer_sku_code: 'S10', nominal: 10000, status: 'Sukses', sn: 'SN_A', ref_id: 'A1' },
      { created_at: '2026-11-25T09:30:00+07:00', customer_no: '081234567891', buyer_sku_code: 'S10', nominal: 10000, status: 'Sukses', sn: 'SN_B', ref_id: 'A2' },
      { created_at: '2026-11-25T09:40:00+07:00', customer_no: '081234567892', buyer_sku_code: 'S10', nominal: 10000, status: 'Sukses', sn: 'SN_A', ref_id: 'A3' },
      { created_at: '2026-11-25T09:50:00+07:00', customer_no: '081234567893', buyer_sku_code: 'S10', nominal: 10000, status: 'Sukses', sn: null, ref_id: 'A4' },
    ];
    const text = JSON.stringify(rows, null, 2).replaceAll('"SN_A"', '4123456789012345678').replaceAll('"SN_B"', '4123456789012345679');
    const { code, result } = await batch(path('digiflazz.json', text));
    expect(code).toBe(1);
    // 4123456789012345678 and …679 are one double: read as numbers they would be a false duplicate.
    expect(result!.findings.map((f) => [f.ref, f.code, f.message])).toEqual([
      ['A3', 'duplicate-sn', 'SN 4123456789012345678 sudah dipakai di baris 2'],
      ['A4', 'success-without-sn', 'sukses tanpa SN: komplain ke supplier'],
    ]);
  });

  it('reads each format from stdin too', async () => {
    const objects = await fixtureObjects();
    const ndjson = await runCli(['batch', '-', '--json', ...NOW], { input: objects.map((o) => JSON.stringify(o)).join('\n') });
    expect(ndjson.code).toBe(1);
    expect(JSON.parse(ndjson.stdout).rows).toBe(12);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('T').addRows([['waktu', 'tujuan', 'produk', 'nominal', 'status', 'sn'], ['25/11/2026 10:00', '081234567890', 'S10', 10000, 'sukses', 'SN1']]);
    const file = path('stdin.xlsx');
    await workbook.xlsx.writeFile(file);
    const xlsx = await runCli(['batch', '-', '--json', ...NOW], { input: readFileSync(file) });
    expect(xlsx.code, xlsx.stderr).toBe(0);
    expect(JSON.parse(xlsx.stdout)).toMatchObject({ rows: 1, flagged: 0 });
  });

  it('opens cases from a workbook with --save-cases, naming the row', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('T').addRows([['waktu', 'tujuan', 'produk', 'nominal', 'status', 'sn', 'trxid'], ['25/11/2026 10:00', '081234567890', 'S10', 10000, 'sukses', null, 'T9']]);
    const file = path('save.xlsx');
    await workbook.xlsx.writeFile(file);
    const store = join(tempDir(), 'store.json');
    const run = await runCli(['batch', file, '--save-cases', '--store', store, ...NOW]);
    expect(run.code).toBe(1);
    expect(storedCases(store)).toEqual([expect.objectContaining({ source: { kind: 'batch', file, line: 2, ref: 'T9' }, cause: 'escalate-supplier' })]);
  });

  it('refuses broken inputs in one line naming the file and the line, exit 2, nothing on stdout', async () => {
    const ok = JSON.stringify({ waktu: '25/11/2026 10:00', tujuan: '081234567890', produk: 'S10', nominal: 10000, status: 'sukses' });
    const cases: [string, string | Buffer, string][] = [
      ['a.json', `[\n${ok},\n${ok}\n${ok}\n]`, 'a.json line 4: not valid JSON'],
      ['b.ndjson', `${ok}\n${ok}\n{"waktu": "25/11/2026\n`, 'b.ndjson line 3: not valid JSON (NDJSON: one whole object per line).'],
      ['c.json', `[\n${ok},\n"x"\n]`, 'c.json line 3: not a transaction object; pulsa reads an array of objects or one object per line (NDJSON).'],
      ['d.json', `[\n${ok},\n${ok.slice(0, 20)}`, 'd.json ends at line 3 before its [ … ] list is closed; was the file cut short?'],
      ['e.json', `{"data": [${ok}]}`, `e.json line 1: the transactions are inside "data": [ … ]; give an array of objects or one object per line, e.g. jq -c '.data[]' file > transaksi.ndjson`],
      ['f.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'f.xls is an old Excel workbook (.xls); save it again as .xlsx or CSV UTF-8.'],
      ['g.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), 'g.xlsx cannot be read as an Excel workbook (.xlsx): the file is damaged or cut short'],
    ];
    for (const [name, content, message] of cases) {
      const file = path(name, content);
      const run = await runCli(['batch', file, '--lang', 'en', ...NOW]);
      expect(run.code, name).toBe(2);
      expect(run.stdout, name).toBe('');
      expect(run.stderr.split('\n'), name).toHaveLength(2);
      expect(run.stderr, name).toContain(message);
    }
  });

  it('names the required column a workbook lacks', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('T').addRows([['tanggal', 'tujuan', 'harga'], ['25/11/2026', '0812', 10000]]);
    const file = path('cols.xlsx');
    await workbook.xlsx.writeFile(file);
    expect(await runCli(['batch', file, ...NOW])).toMatchObject({ code: 2, stderr: `pulsa: Kolom wajib tidak ada di ${file}: nominal, status, product/operator. Nama kolom yang dikenal ada di README; tambahkan nama lain dengan --columns <file.json>.\n` });
  });

  it('writes each finding as the JSON that JSON.stringify gives, escaping what the cells hold, DEL and C1 too', async () => {
    // Refs and products with a quote, a backslash, a tab, DEL, NEL (C1) and an emoji (a surrogate pair).
    const refs = ['Q"1', 'B\\2', 'T\t3', 'D\u007f4', 'N\u00855', 'E\u{1F600}6', 'plain7'];
    const cell = (text: string) => (text.includes('"') ? `"${text.replaceAll('"', '""')}"` : text);
    const rows = refs.map((ref, i) => `25/11/2026 10:0${i};${cell(ref)};08123456789${i};${cell(`S${ref}`)};10.000;Sukses;`);
    const file = path('odd.csv', `tanggal;trxid;tujuan;kode_produk;nominal;status;sn\n${rows.join('\n')}\n`);
    const run = await runCli(['batch', file, '--format', 'ndjson', ...NOW]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(refs.length);
    lines.forEach((line, i) => {
      const finding = JSON.parse(line) as Record<string, unknown>;
      expect(finding).toMatchObject({ ref: refs[i], product: `S${refs[i]}`, code: 'success-without-sn', status: 'sukses', sn: '' });
      const expected = JSON.stringify(finding).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      expect(line).toBe(expected);
    });
    expect(lines[3]).toContain('D\\u007f4');
    expect(lines[4]).toContain('N\\u00855');
  });

  it('reads a status that names a property every object has as an unreadable row, in every format', async () => {
    const words = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
    const rows = words.map((word, i) => `25/11/2026 10:0${i};T${i};08123456789${i};S10;10.000;${word};SN${i}`);
    const file = path('status.csv', `tanggal;trxid;tujuan;kode_produk;nominal;status;sn\n${rows.join('\n')}\n`);
    const json = await batch(file);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(1);
    expect(json.result!.findings.map((f) => [f.ref, f.code, f.message])).toEqual(words.map((word, i) => [`T${i}`, 'invalid-row', `baris tidak terbaca: kolom status berisi "${word}"`]));
    for (const format of [['--format', 'ndjson'], ['--format', 'csv'], []]) {
      const run = await runCli(['batch', file, ...format, ...NOW]);
      expect(run, format.join(' ')).toMatchObject({ code: 1, stderr: '' });
      for (const word of words) expect(run.stdout, format.join(' ')).toContain(word);
    }
  });
});

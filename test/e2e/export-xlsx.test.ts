import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { seededExportStore } from '../helpers/export-store.js';
import { TerminalSession } from '../helpers/pty.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const NOW = '2026-12-01T00:00:00Z';

const seeded = () => seededExportStore(tempDir());

async function readSheet(path: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  expect(workbook.worksheets).toHaveLength(1);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const cell = (row: number, column: string) => sheet.getRow(row).getCell(header.indexOf(column) + 1);
  return { workbook, sheet, header, cell };
}


describe('pulsa export --format xlsx', () => {
  it('writes one sheet whose numbers, SNs and refs are text, dates real dates in shop time, amounts rupiah numbers', async () => {
    const { dir, at } = await seeded();
    const out = join(dir, 'kasus.xlsx');
    const run = await at(NOW, 'export', '--format', 'xlsx', '--out', out);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: `3 kasus diekspor ke ${out}.\n` });

    const { sheet, header, cell } = await readSheet(out);
    expect(header).toEqual([
      'ref', 'created_at', 'updated_at', 'status', 'priority', 'number', 'customer_number', 'operator', 'nominal', 'sn', 'cause',
      'resolution', 'amount', 'paid_out', 'payments', 'resolved_at', 'minutes_to_resolve', 'notes', 'escalations', 'evidence', 'checklist',
      'opened_by', 'last_by',
    ]);
    expect(sheet.rowCount).toBe(4);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    const row = 4; // KP-20261130-0001, refunded
    expect(cell(row, 'ref')).toMatchObject({ type: ExcelJS.ValueType.String, value: 'KP-20261130-0001' });
    for (const column of ['number', 'customer_number']) expect(cell(row, column)).toMatchObject({ type: ExcelJS.ValueType.String, value: '081234567890' });
    expect(cell(row, 'sn')).toMatchObject({ type: ExcelJS.ValueType.String, value: '0412345678901234' });

    // 30 Nov 23:59 WIB is 16:59 UTC: the cell holds the shop's wall-clock time, as Excel has no zones.
    const created = cell(row, 'created_at');
    expect(created.type).toBe(ExcelJS.ValueType.Date);
    expect((created.value as Date).toISOString()).toBe('2026-11-30T23:59:00.000Z');
    expect(created.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(cell(row, 'resolved_at').type).toBe(ExcelJS.ValueType.Date);
    expect(cell(2, 'resolved_at').type).toBe(ExcelJS.ValueType.Null);

    for (const column of ['nominal', 'amount', 'paid_out']) {
      expect(cell(row, column)).toMatchObject({ type: ExcelJS.ValueType.Number, value: 50000 });
      expect(cell(row, column).numFmt).toMatch(/Rp.*#,##0/);
    }
    expect(cell(row, 'payments')).toMatchObject({ type: ExcelJS.ValueType.Number, value: 1 });
    expect(cell(row, 'status')).toMatchObject({ type: ExcelJS.ValueType.String, value: 'resolved' });
  });

  it('keeps formula-like text as text: no cell of the workbook is a formula', async () => {
    const { dir, at } = await seeded();
    const out = join(dir, 'kasus.xlsx');
    expect((await at(NOW, 'export', '--format', 'xlsx', '--out', out)).code).toBe(0);
    const { sheet, cell } = await readSheet(out);
    expect(cell(3, 'sn')).toMatchObject({ type: ExcelJS.ValueType.String, value: '=HYPERLINK("http://evil","klik")' });
    sheet.eachRow((r) => r.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  it('takes the same filters and --mask as CSV', async () => {
    const { dir, at } = await seeded();
    const out = join(dir, 'k.xlsx');
    expect((await at(NOW, 'export', '--format', 'xlsx', '--out', out, '--status', 'resolved', '--mask')).code).toBe(0);
    const { sheet, cell } = await readSheet(out);
    expect(sheet.rowCount).toBe(2);
    expect(cell(2, 'ref').value).toBe('KP-20261130-0001');
    expect(cell(2, 'number').value).toBe('0812****7890');
    expect(cell(2, 'sn').value).toBe('0412345678901234');
  });

  it('refuses to replace --out without --force, leaving no temp file', async () => {
    const { dir, at } = await seeded();
    const out = join(dir, 'k.xlsx');
    writeFileSync(out, 'keep me');
    expect(await at(NOW, 'export', '--format', 'xlsx', '--out', out)).toMatchObject({ code: 2, stderr: `pulsa: ${out} sudah ada; tambahkan --force untuk menimpanya.\n` });
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect((await at(NOW, 'export', '--format', 'xlsx', '--out', out, '--force')).code).toBe(0);
    expect((await readSheet(out)).sheet.rowCount).toBe(4);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes the workbook to a pipe', async () => {
    const { dir, store } = await seeded();
    const run = await runCli(['export', '--format', 'xlsx', '--store', store], { env: { PULSA_DOCTOR_NOW: NOW } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdoutBytes.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
    const path = join(dir, 'piped.xlsx');
    writeFileSync(path, run.stdoutBytes);
    expect((await readSheet(path)).sheet.rowCount).toBe(4);
  });

  it('exports an empty store as a header row', async () => {
    const dir = tempDir();
    const out = join(dir, 'e.xlsx');
    expect((await runCli(['store', 'timezone', 'WIB', '--store', join(dir, 'store.json')])).code).toBe(0); // no cases yet
    expect((await runCli(['export', '--format', 'xlsx', '--out', out, '--store', join(dir, 'store.json')])).code).toBe(0);
    const { sheet, header } = await readSheet(out);
    expect(sheet.rowCount).toBe(1);
    expect(header[0]).toBe('ref');
  });

  it('refuses to print a workbook on a terminal, in one line, writing nothing', async () => {
    const dir = tempDir();
    const session = new TerminalSession(['export', '--format', 'xlsx', '--store', join(dir, 'store.json'), '--lang', 'en']);
    expect(await session.exited).toBe(2);
    expect(session.screen.trim()).toBe('pulsa: An xlsx workbook is binary and is not shown on a terminal; use --out kasus.xlsx or redirect it to a file (> kasus.xlsx).');
  });
});

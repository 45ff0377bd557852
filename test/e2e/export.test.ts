import { createReadStream, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv-reader.js';
import { runCli } from '../helpers/cli.js';
import { seededExportStore } from '../helpers/export-store.js';
import { storedCases, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const seeded = () => seededExportStore(tempDir());


describe('pulsa export', () => {
  it('round-trips: the JSON export is the store', async () => {
    const { store, at } = await seeded();
    const { code, stdout } = await at('2026-12-01T00:00:00Z', 'export', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(storedCases(store));
  });

  it('writes NDJSON, one whole case per line', async () => {
    const { store, at } = await seeded();
    const lines = (await at('2026-12-01T00:00:00Z', 'export', '--format', 'ndjson')).stdout.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(storedCases(store));
  });

  it('writes CSV for Excel: BOM, CRLF, one row per case with money and counts', async () => {
    const { at } = await seeded();
    const csv = (await at('2026-12-01T00:00:00Z', 'export')).stdout;
    expect(csv.startsWith('\uFEFFref,created_at,updated_at,status,priority,number,customer_number,operator,nominal,sn,cause,resolution,amount,paid_out,payments,resolved_at,minutes_to_resolve,notes,escalations,evidence,checklist,opened_by,last_by\r\n')).toBe(true);
    const rows = csv.trim().split('\r\n');
    expect(rows).toHaveLength(4);
    expect(rows[3]).toMatch(/^KP-20261130-0001,2026-11-30 23:59,2026-11-30 23:59,resolved,high,"\t081234567890","\t081234567890",telkomsel,50000,"\t0412345678901234",data-drain,refund,50000,50000,1,2026-11-30 23:59,1,0,0,0,pulsa-tidak-masuk,[^,]*,[^,]*$/);
  });

  it('keeps phone numbers and SNs as text for Excel (leading tab) and no cell of the file can start a formula', async () => {
    const { dir, at } = await seeded();
    const out = join(dir, 'kasus.csv');
    expect((await at('2026-12-01T00:00:00Z', 'export', '--delimiter', ';', '--out', out)).code).toBe(0);
    const records: string[][] = [];
    for await (const chunk of readCsv(createReadStream(out))) records.push(...chunk.map((r) => r.fields));
    const [header, ...rows] = records;
    const column = (name: string) => rows.map((row) => row[header!.indexOf(name)]);
    expect(column('number')).toEqual(['\t081234567890', '\t085712345678', '\t081234567890']);
    expect(column('customer_number')).toEqual(['\t081234567890', '\t085712345678', '\t081234567890']);
    expect(column('sn')).toEqual(['\t0412345678901234', `'=HYPERLINK("http://evil","klik")`, '\t0412345678901234']);
    expect(column('nominal')).toEqual(['50000', '50000', '50000']);
    for (const cell of records.flat()) {
      expect(cell).not.toMatch(/^[=+\-@\r]/);
      if (cell.startsWith('\t')) expect(cell).toMatch(/^\t\d+$/);
    }
  });

  it('neutralises cells a spreadsheet would run as a formula', async () => {
    const { at } = await seeded();
    const csv = (await at('2026-12-01T00:00:00Z', 'export')).stdout;
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil"",""klik"")",`);
    expect(csv).not.toMatch(/[,;]=HYPERLINK/);
  });

  it('uses ; for Excel set to Indonesian', async () => {
    const { at } = await seeded();
    const csv = (await at('2026-12-01T00:00:00Z', 'export', '--delimiter', ';')).stdout;
    expect(csv.split('\r\n')[0]).toBe('\uFEFFref;created_at;updated_at;status;priority;number;customer_number;operator;nominal;sn;cause;resolution;amount;paid_out;payments;resolved_at;minutes_to_resolve;notes;escalations;evidence;checklist;opened_by;last_by');
  });

  it('masks phone numbers everywhere for sharing outside the shop', async () => {
    const { at } = await seeded();
    const csv = (await at('2026-12-01T00:00:00Z', 'export', '--mask')).stdout;
    expect(csv).toContain(',0812****7890,');
    expect(csv).not.toContain('081234567890');
    const json = (await at('2026-12-01T00:00:00Z', 'export', '--format', 'json', '--mask')).stdout;
    expect(json).not.toMatch(/0812345678|0857123456|62812345/);
    expect(JSON.parse(json)[0].guidance.customer).toContain('0812****7890');
  });

  it('includes both edge days of a date range, in local time', async () => {
    const { at } = await seeded();
    const refs = async (...args: string[]) =>
      JSON.parse((await at('2026-12-01T00:00:00Z', 'export', '--format', 'json', ...args)).stdout).map((c: { ref: string }) => c.ref);
    expect(await refs('--since', '2026-11-01', '--until', '30/11/2026')).toEqual(['KP-20261101-0001', 'KP-20261115-0001', 'KP-20261130-0001']);
    expect(await refs('--since', '2/11/2026', '--until', '2026-11-29')).toEqual(['KP-20261115-0001']);
    expect(await refs('--since', '2026-11-30')).toEqual(['KP-20261130-0001']);
    expect(await refs('--until', '1/11/2026')).toEqual(['KP-20261101-0001']);
  });

  it('filters by status and operator', async () => {
    const { at } = await seeded();
    const refs = async (...args: string[]) =>
      JSON.parse((await at('2026-12-01T00:00:00Z', 'export', '--format', 'json', ...args)).stdout).map((c: { ref: string }) => c.ref);
    expect(await refs('--status', 'resolved')).toEqual(['KP-20261130-0001']);
    expect(await refs('--operator', 'indosat')).toEqual(['KP-20261115-0001']);
    expect(await refs('--operator', 'IM3,tsel')).toHaveLength(3);
    const bad = await at('2026-12-01T00:00:00Z', 'export', '--operator', 'pln');
    expect(bad).toMatchObject({ code: 2, stderr: 'pulsa: Nilai --operator tidak valid: pln (pilihan: telkomsel, indosat, tri, xl, axis, smartfren)\n' });
  });

  it('writes --out atomically and refuses to overwrite without --force', async () => {
    const { dir, at } = await seeded();
    const out = join(dir, 'cases.csv');
    const first = await at('2026-12-01T00:00:00Z', 'export', '--out', out);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(`3 kasus diekspor ke ${out}.\n`);
    expect(readFileSync(out, 'utf8').startsWith('\uFEFFref,')).toBe(true);
    writeFileSync(out, 'keep me');
    const refused = await at('2026-12-01T00:00:00Z', 'export', '--out', out);
    expect(refused).toMatchObject({ code: 2, stderr: `pulsa: ${out} sudah ada; tambahkan --force untuk menimpanya.\n` });
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect((await at('2026-12-01T00:00:00Z', 'export', '--out', out, '--force')).code).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toBe('keep me');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('exports an empty store as a header or an empty list', async () => {
    const store = join(tempDir(), 'store.json');
    expect((await runCli(['store', 'timezone', 'WIB', '--store', store])).code).toBe(0); // a store with no cases yet
    expect((await runCli(['export', '--store', store])).stdout.split('\r\n')).toHaveLength(2);
    expect(JSON.parse((await runCli(['export', '--format', 'json', '--store', store])).stdout)).toEqual([]);
  });

  it('refuses a store named on the command line that does not exist: a mistyped path is not an empty shop', async () => {
    const dir = tempDir();
    const store = join(dir, 'tokoo', 'store.json');
    for (const args of [['export'], ['cases', '--due'], ['cases', '--json'], ['stats'], ['kas'], ['pending']]) {
      const { code, stdout, stderr } = await runCli([...args, '--store', store]);
      expect(code, args.join(' ')).toBe(3);
      expect(stdout).toBe('');
      expect(stderr).toBe(`pulsa: Tidak ada tempat data di ${store}: belum pernah ada kasus yang disimpan di sana. Periksa --store atau PULSA_DOCTOR_STORE.\n`);
    }
    expect((await runCli(['cases', '--due'], { env: { PULSA_DOCTOR_STORE: store } })).code).toBe(3);
    expect(existsSync(join(dir, 'tokoo'))).toBe(false);
  });
});

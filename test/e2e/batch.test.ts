import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storedCases, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const FIXTURE = 'test/fixtures/transactions.csv';
const NOW = ['--now', '25/11/2026 12:00'];
const batchJson = async (args: string[], input?: string, env?: Record<string, string>) => {
  const run = await runCli(['batch', ...args, '--json', ...NOW], { input, env });
  return { ...run, result: run.stdout ? JSON.parse(run.stdout) : null };
};

describe('pulsa batch knows PLN tokens and e-wallet top-ups', () => {
  it('checks PLN and e-wallet rows by their own rules, not against phone prefixes', async () => {
    const csv = [
      'waktu,tujuan,kode_produk,nominal,status,sn',
      '25/11/2026 10:00,14234567890,PLN20,20000,sukses,5123-4567-8901-2345-6789/BUDI/R1/1300VA/13.2',
      '25/11/2026 10:01,512345678901,PLN50,50000,sukses,6123-4567-8901-2345-6789/SITI/R1/900VA/33.1',
      '25/11/2026 10:02,1423456789,PLN20,20000,sukses,7123-4567-8901-2345-6789/ANI/R1/900VA/13.2',
      '25/11/2026 10:03,081234567890,DANA50,50000,sukses,DN001',
      '25/11/2026 10:04,0810 1234 5678,OVO20,20000,sukses,OVO002',
    ].join('\n');
    const { code, result } = await batchJson(['-'], csv);
    expect(code).toBe(1);
    expect(result.findings.map((f: { line: number; code: string; message: string }) => [f.line, f.code])).toEqual([
      [4, 'invalid-number'],
      [6, 'invalid-number'],
    ]);
    const messages = result.findings.map((f: { message?: string }) => JSON.stringify(f));
    expect(messages[0]).toContain('bukan nomor meter PLN');
    expect(messages[1]).toContain('bukan nomor akun e-wallet');
  });
});

describe('pulsa batch on a reseller export', () => {
  it('flags each kind of problem on its line, and only those', async () => {
    const { code, result, stderr } = await batchJson([FIXTURE]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const byLine = (line: number) => result.findings.filter((f: { line: number }) => f.line === line).map((f: { code: string }) => f.code);
    expect(byLine(2)).toEqual([]);
    expect(byLine(3)).toEqual(['invalid-number']);
    expect(byLine(4)).toEqual(['operator-mismatch']);
    expect(byLine(5)).toEqual(['nominal-mismatch']);
    expect(byLine(6)).toEqual(['number-mismatch']);
    expect(byLine(7)).toEqual(['success-without-sn']);
    expect(byLine(8)).toEqual(['pending-too-long']);
    expect(byLine(9)).toEqual(['duplicate-topup']);
    expect(byLine(10)).toEqual(['duplicate-sn']);
    expect(byLine(11)).toEqual(['invalid-row']);
    expect(byLine(12)).toEqual([]);
    expect(byLine(13)).toEqual([]);
    expect(result).toMatchObject({
      rows: 12,
      flagged: 9,
      counts: { 'invalid-row': 1, 'invalid-number': 1, 'operator-mismatch': 1, 'nominal-mismatch': 1, 'number-mismatch': 1, 'success-without-sn': 1, 'pending-too-long': 1, 'duplicate-topup': 1, 'duplicate-sn': 1 },
    });
    expect(result.findings.find((f: { code: string }) => f.code === 'number-mismatch').message).toContain('(dua angka bertukar tempat)');
    expect(result.findings.find((f: { code: string }) => f.code === 'invalid-row').message).toBe('baris tidak terbaca: kolom nominal berisi "sepuluh"');
    // A row that could not be read has no values to carry: they are null, never guessed.
    expect(result.findings.find((f: { code: string }) => f.code === 'invalid-row')).toMatchObject({ time: null, number: null, product: null, nominal: null, status: null, sn: null });
  });

  it('measures pending rows against --now and honours the limits given', async () => {
    const { result } = await batchJson([FIXTURE, '--pending-after', '5', '--duplicate-window', '2']);
    expect(result.findings.filter((f: { code: string }) => f.code === 'pending-too-long').map((f: { line: number }) => f.line)).toEqual([8, 13]);
    expect(result.counts['duplicate-topup']).toBeUndefined();
  });

  it('exits 0 when nothing is flagged', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.csv'), 'time,number,product,nominal,status,sn\n2026-11-25 10:00,081234567890,S10,10000,sukses,SN1\n');
    const { code, result } = await batchJson([join(dir, 'ok.csv')]);
    expect(code).toBe(0);
    expect(result).toEqual({ findings: [], rows: 1, flagged: 0, counts: {} });
  });

  it('reads comma files with a BOM, CRLF and quoted fields holding commas and line breaks', async () => {
    const dir = tempDir();
    const file = join(dir, 'excel.csv');
    writeFileSync(file, '\uFEFFWaktu,Nomor,Operator,Nominal,Status,SN,IdTrx\r\n"25/11/2026 10:00","0812 3456 7890","Telkomsel","10,000","Sukses","SN ""1"", baris\r\ndua","A1"\r\n25/11/2026 10:30,081234567891,telkomsel,10000,Sukses,,A2\r\n');
    const { result } = await batchJson([file]);
    expect(result.rows).toBe(2);
    expect(result.findings).toEqual([
      expect.objectContaining({ line: 4, ref: 'A2', code: 'success-without-sn', message: 'sukses tanpa SN: komplain ke supplier', number: '081234567891', nominal: 10000, status: 'sukses', sn: '' }),
    ]);
  });

  it('names the missing required columns and exits 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.csv'), 'tanggal,tujuan,harga\n25/11/2026,0812,10000\n');
    const { code, stderr, stdout } = await runCli(['batch', join(dir, 'bad.csv')]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`pulsa: Kolom wajib tidak ada di ${join(dir, 'bad.csv')}: nominal, status, product/operator. Nama kolom yang dikenal ada di README; tambahkan nama lain dengan --columns <file.json>.\n`);
  });

  it('maps more header names with --columns', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'own.csv'), 'Jam;No HP;Produk;Nominal;Status;SN\n25/11/2026 10:00;081234567890;S10;10000;sukses;\n');
    writeFileSync(join(dir, 'columns.json'), JSON.stringify({ Jam: 'time', 'No HP': 'number' }));
    const { result } = await batchJson([join(dir, 'own.csv'), '--columns', join(dir, 'columns.json')]);
    expect(result.counts).toEqual({ 'success-without-sn': 1 });
    writeFileSync(join(dir, 'columns.json'), JSON.stringify({ Jam: 'jam' }));
    expect((await runCli(['batch', join(dir, 'own.csv'), '--columns', join(dir, 'columns.json')])).code).toBe(2);
  });

  it('refuses an empty file, a binary file and a missing file with exit 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.csv'), '');
    writeFileSync(join(dir, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    expect(await runCli(['batch', join(dir, 'empty.csv')])).toMatchObject({ code: 2, stderr: `pulsa: ${join(dir, 'empty.csv')} kosong: tidak ada baris judul kolom.\n` });
    expect(await runCli(['batch', join(dir, 'photo.png')])).toMatchObject({ code: 2, stderr: `pulsa: ${join(dir, 'photo.png')} bukan file CSV, XLSX atau JSON (berisi data biner).\n` });
    expect(await runCli(['batch', join(dir, 'nope.csv')])).toMatchObject({ code: 2, stderr: `pulsa: Tidak bisa membaca ${join(dir, 'nope.csv')}: file atau folder tidak ada (ENOENT)\n` });
  });

  it('accepts a header-only file as zero rows', async () => {
    const { code, result } = await batchJson(['-'], 'tanggal,tujuan,kode_produk,nominal,status\n');
    expect(code).toBe(0);
    expect(result.rows).toBe(0);
  });

  it('streams one finding per line with --format ndjson, and CSV with --format csv', async () => {
    const nd = await runCli(['batch', FIXTURE, '--format', 'ndjson', ...NOW]);
    const lines = nd.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(9);
    // Each finding carries its row, so a script needn't reopen the file.
    expect(lines[0]).toEqual({
      line: 3, ref: 'T002', code: 'invalid-number', message: '0810 1234 5678 bukan nomor HP Indonesia yang dikenal',
      time: '2026-11-25T09:05:00+07:00', number: '0810 1234 5678', product: 'S10', nominal: 10000, status: 'gagal', sn: '',
    });
    const csv = await runCli(['batch', FIXTURE, '--format', 'csv', ...NOW]);
    expect(csv.stdout.split('\r\n')[0]).toBe('line,ref,code,message,time,number,product,nominal,status,sn');
    expect(csv.stdout.split('\r\n')[1]).toBe(`3,T002,invalid-number,0810 1234 5678 bukan nomor HP Indonesia yang dikenal,${lines[0].time},0810 1234 5678,S10,10000,gagal,`);
    expect(csv.stdout.split('\r\n')).toHaveLength(11);
  });

  it('shows a table and a summary for people', async () => {
    const { stdout, code } = await runCli(['batch', FIXTURE, ...NOW]);
    expect(code).toBe(1);
    expect(stdout).toContain('duplicate-sn');
    expect(stdout).toContain('12 baris diperiksa, 9 ditandai.');
  });

  it('streams a 10 MB file through stdin', async () => {
    const header = 'time,ref,number,product,nominal,status,sn\n';
    const rows: string[] = [];
    let size = header.length;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const minutes = String(i % 60).padStart(2, '0');
      const row = `2026-11-25 ${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${minutes},R${i},0812${String(i).padStart(8, '0')},S10,10000,sukses,${i % 1000 === 999 ? '' : `SN${i}`}\n`;
      rows.push(row);
      size += row.length;
    }
    const { code, result } = await batchJson(['-'], header + rows.join(''));
    expect(code).toBe(1);
    expect(result.rows).toBe(rows.length);
    expect(result.counts).toEqual({ 'success-without-sn': Math.floor(rows.length / 1000) });
  });

  it('gives the same output with its duplicate checks on a second thread, from a file or stdin, in every format', async () => {
    for (const format of [['--json'], ['--format', 'csv'], ['--format', 'ndjson'], []]) {
      const here = await runCli(['batch', FIXTURE, ...format, ...NOW], { env: { PULSA_BATCH_THREAD: 'off' } });
      const there = await runCli(['batch', FIXTURE, ...format, ...NOW], { env: { PULSA_BATCH_THREAD: 'on' } });
      const piped = await runCli(['batch', '-', ...format, ...NOW], { input: readFileSync(FIXTURE), env: { PULSA_BATCH_THREAD: 'on' } });
      expect(here.stdout).toContain('duplicate-sn');
      expect(there).toEqual(here);
      expect(piped).toEqual(here);
    }
  });

  it('checks rows in slices when a piece of input holds more rows than a slice, finding duplicates across them', async () => {
    const file = join(tempDir(), 'short-lines.csv');
    const filler = (n: number) => 'x\n'.repeat(n);
    const row = (number: string) => `25/11/2026 10:00;${number};S10;10000;sukses;SN-SAME\n`;
    writeFileSync(file, `tgl;tujuan;kp;nilai;status;sn\n${filler(5000)}${row('081234567890')}${filler(4000)}${row('081298765432')}`);
    for (const thread of ['off', 'on']) {
      const { code, result } = await batchJson([file], undefined, { PULSA_BATCH_THREAD: thread });
      expect(code).toBe(1);
      expect(result.rows).toBe(9002);
      expect(result.counts).toEqual({ 'invalid-row': 9000, 'duplicate-sn': 1 });
      expect(result.findings.find((f: { code: string }) => f.code === 'duplicate-sn')).toMatchObject({ line: 9003, message: expect.stringContaining('5002') });
    }
  });

  it('opens a case per flagged row with --save-cases, never twice for one transaction', async () => {
    const store = join(tempDir(), 'store.json');
    const first = await runCli(['batch', FIXTURE, '--save-cases', '--store', store, ...NOW]);
    expect(first.stderr).toContain('8 kasus dibuka dari temuan (0 dilewati');
    const cases = storedCases(store);
    expect(cases).toHaveLength(8);
    expect(cases.find((c) => c.source.ref === 'T006')).toMatchObject({ cause: 'escalate-supplier', status: 'open', number: '082155556666' });
    expect(cases.find((c) => c.source.ref === 'T005')).toMatchObject({ cause: 'wrong-number' });
    const again = await runCli(['batch', FIXTURE, '--save-cases', '--store', store, ...NOW]);
    expect(again.stderr).toContain('0 kasus dibuka dari temuan (8 dilewati');
    expect(storedCases(store)).toHaveLength(8);
  });

  it('reads the fixture exactly as written on disk', () => {
    expect(readFileSync(FIXTURE, 'utf8').split('\n')[0]).toContain('tanggal;trxid');
  });
});

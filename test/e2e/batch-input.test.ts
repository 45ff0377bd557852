import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const NOW = ['--now', '25/11/2026 23:59'];

function file(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

const HEADER = 'tanggal;trxid;tujuan;kode_produk;nominal;status;sn';
const good = (i: number) => `25/11/2026 09:00;T${i};0812 3456 ${String(7000 + i)};S10;10.000;Sukses;SN${i}`;

describe('pulsa batch with a damaged CSV', () => {
  it('reports the row with a stray opening quote and checks all the others', async () => {
    const lines = [HEADER, ...Array.from({ length: 1000 }, (_, i) => good(i + 1))];
    lines[3] = '25/11/2026 09:00;"T3;0812 3456 7003;S10;10.000;Sukses;SN3';
    const run = await runCli(['batch', file('t.csv', lines.join('\n') + '\n'), '--json', ...NOW]);
    const result = JSON.parse(run.stdout);
    expect(result.rows).toBe(1000);
    expect(result.findings).toEqual([expect.objectContaining({ line: 4, code: 'invalid-row' })]);
  });

  it('stops at a file that fails to read partway, with the one-line message and exit 2, on either thread', async () => {
    // The third 256 KB read fails (a disk error, a network share gone), after rows have been checked.
    const hook = file('eio.cjs', `const fs = require('node:fs'); const read = fs.read; let n = 0;
fs.read = function (fd, buffer, offset, length, position, done) {
  if (length >= 65536 && ++n === 3) return setTimeout(() => done(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO', syscall: 'read' })), 20);
  return read.apply(this, arguments);
};`);
    const big = file('big.csv', [HEADER, ...Array.from({ length: 20_000 }, (_, i) => good(i + 1))].join('\n') + '\n');
    for (const thread of ['off', 'on']) {
      const run = await runCli(['batch', big, '--json', '--lang', 'en', ...NOW], { env: { NODE_OPTIONS: `--require ${hook}`, PULSA_BATCH_THREAD: thread } });
      expect(run.code, `thread ${thread}: ${run.stderr}`).toBe(2);
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/big\.csv.*EIO/)]);
    }
  });

  it('refuses duplicate header names, naming them, with exit 2', async () => {
    const run = await runCli(['batch', file('d.csv', `${HEADER};Status\n${good(1)};x\n`), '--lang', 'en', ...NOW]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('column names appear more than once: Status');
  });

  it('reads UTF-16 (Excel "Unicode text") and reports Latin-1 rows', async () => {
    const text = `${HEADER}\n${good(1)}\n`;
    const utf16 = await runCli(['batch', file('u.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), '--json', ...NOW]);
    expect(utf16.code, utf16.stderr).toBe(0);
    expect(JSON.parse(utf16.stdout).rows).toBe(1);
    const latin1 = await runCli(['batch', file('l.csv', Buffer.concat([Buffer.from(`${HEADER}\n25/11/2026 09:00;T1;0812 3456 7001;S10;10.000;Sukses;Jos`), Buffer.from([0xe9]), Buffer.from('\n')])), '--json', '--lang', 'en', ...NOW]);
    expect(JSON.parse(latin1.stdout).findings[0]).toMatchObject({ line: 2, code: 'invalid-row', message: expect.stringContaining('not UTF-8') });
  });

  it('refuses a header line with no line break past 64 KB, with exit 2', async () => {
    const run = await runCli(['batch', file('h.csv', 'a;'.repeat(100_000)), '--lang', 'en', ...NOW]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('header line runs past 64 KB');
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storedCases, storeSnapshot, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const NOW = { PULSA_DOCTOR_NOW: '2026-11-25T12:00:00+07:00' };

async function storeWithCase() {
  const dir = tempDir();
  const store = join(dir, 'store.json');
  const run = await runCli(['diagnose', '-a', 'examples/pulsa-escalate-operator.json', '--json', '--store', store], { env: NOW });
  return { dir, store, ref: JSON.parse(run.stdout).ref as string };
}

describe('export --out writes only where it belongs', () => {
  it("refuses the store's own files, even with --force, and leaves the store as it was", async () => {
    const { dir, store } = await storeWithCase();
    const before = storeSnapshot(store);
    for (const out of [join(dir, 'store.cases', '20261125.json'), store, join(dir, 'store.cases', 'new.csv')]) {
      const run = await runCli(['export', '--out', out, '--force', '--lang', 'en', '--store', store], { env: NOW });
      expect(run.code, out).toBe(2);
      expect(run.stderr).toContain('part of the case store');
    }
    expect(storeSnapshot(store)).toEqual(before);
  });

  it('refuses a device, a folder and a missing folder with exit 2 and a message', async () => {
    const { dir, store } = await storeWithCase();
    const device = await runCli(['export', '--out', '/dev/null', '--force', '--lang', 'en', '--store', store], { env: NOW });
    expect(device.code).toBe(2);
    expect(device.stderr).toContain('not a regular file');
    const folder = await runCli(['export', '--out', dir, '--force', '--lang', 'en', '--store', store], { env: NOW });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('not a regular file (directory)');
    const missing = await runCli(['export', '--out', join(dir, 'nope', 'x.csv'), '--lang', 'en', '--store', store], { env: NOW });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
    expect(missing.stderr).not.toContain('Unexpected');
  });

  it('writes to stdout for -', async () => {
    const { store, ref } = await storeWithCase();
    const run = await runCli(['export', '--out', '-', '--format', 'ndjson', '--store', store], { env: NOW });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).ref).toBe(ref);
  });
});

describe('attach', () => {
  it('refuses a device, a FIFO and a symlink to one, attaching nothing', async () => {
    const { dir, store, ref } = await storeWithCase();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    symlinkSync('/dev/zero', join(dir, 'zero.png'));
    for (const file of ['/dev/zero', fifo, join(dir, 'zero.png')]) {
      const run = await runCli(['attach', ref, file, '--lang', 'en', '--store', store], { env: NOW });
      expect(run.code, file).toBe(2);
      expect(run.stderr).toContain('not a regular file');
    }
    expect(storedCases(store)[0].evidence).toEqual([]);
  });

  it('refuses a file above 25 MB with exit 2', async () => {
    const { dir, store, ref } = await storeWithCase();
    const big = join(dir, 'big.pdf');
    writeFileSync(big, '');
    truncateSync(big, 25 * 1024 * 1024 + 1);
    const run = await runCli(['attach', ref, big, '--lang', 'en', '--store', store], { env: NOW });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('larger than 25 MB');
    expect(existsSync(join(dir, 'store.evidence', ref)) ? storedCases(store)[0].evidence : []).toEqual([]);
  });

  it('records the same file named twice (directly and through a link) once', async () => {
    const { dir, store, ref } = await storeWithCase();
    const shot = join(dir, 'bukti.png');
    writeFileSync(shot, 'PNG bytes');
    symlinkSync(shot, join(dir, 'link.png'));
    const run = await runCli(['attach', ref, shot, shot, join(dir, 'link.png'), '--json', '--store', store], { env: NOW });
    expect(run.code, run.stderr).toBe(0);
    const evidence = storedCases(store)[0].evidence;
    expect(evidence).toHaveLength(1);
    expect(readFileSync(join(dir, 'store.evidence', evidence[0].storedAs), 'utf8')).toBe('PNG bytes');
  });
});

describe('store folders in a folder anyone can write to', () => {
  it('refuses a store folder that is open to others', async () => {
    const shared = tempDir();
    execFileSync('chmod', ['1777', shared]);
    const storeDir = join(shared, 'toko');
    mkdirSync(storeDir, { mode: 0o777 });
    execFileSync('chmod', ['777', storeDir]);
    const run = await runCli(['diagnose', '-a', 'examples/pulsa-escalate-operator.json', '--lang', 'en', '--store', join(storeDir, 'store.json')], { env: NOW });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('anyone can write to');
    expect(existsSync(join(storeDir, 'store.json'))).toBe(false);
  });
});

describe('pulsa cases on a big store', () => {
  async function storeWith(count: number) {
    const { JsonCaseStore: CaseStore } = await import('../../src/store/case-store.js');
    const { newCase } = await import('../../src/domain/cases.js');
    const store = join(tempDir(), 'store.json');
    const result = { checklist: 'pulsa-tidak-masuk', lang: 'id' as const, answers: { number: '081234567890', nominal: '10000' }, operator: 'telkomsel', findings: [], advice: [], cause: null, guidance: null };
    await new CaseStore(store).createCases(
      Array.from({ length: count }, (_, i) => (ref: string, at: Date) => newCase(ref, at, 'open', result, { priority: i === count - 1 ? 'urgent' : 'low' })),
      new Date(2026, 10, 25, 9),
    );
    return store;
  }
  const rowsOf = (table: string) => table.split('\n').filter((line) => line.includes('KP-2026'));

  it('shows a page, most urgent first, and says how many more there are', async () => {
    const store = await storeWith(60);
    const page = await runCli(['cases', '--lang', 'en', '--store', store], { env: NOW });
    expect(page.code).toBe(0);
    // 80 columns (no terminal): the compact layout, one line a case, so a screenful (48 lines) holds 42.
    const rows = rowsOf(page.stdout);
    expect(rows).toHaveLength(42);
    expect(rows[0]).toContain('KP-20261125-0060');
    expect(page.stderr).toContain('18 more cases (of 60); use --all or --json');
    // The full table takes two lines a case (row and rule).
    const wide = await runCli(['cases', '--lang', 'en', '--store', store], { env: { ...NOW, COLUMNS: '120' } });
    expect(rowsOf(wide.stdout)).toHaveLength(21);
    expect(wide.stderr).toContain('39 more cases (of 60); use --all or --json');
    expect(rowsOf((await runCli(['cases', '--limit', '5', '--store', store], { env: NOW })).stdout)).toHaveLength(5);
    expect(rowsOf((await runCli(['cases', '--all', '--store', store], { env: NOW })).stdout)).toHaveLength(60);
    expect(JSON.parse((await runCli(['cases', '--json', '--store', store], { env: NOW })).stdout)).toHaveLength(60);
    expect((await runCli(['cases', '--limit', '0', '--store', store], { env: NOW })).code).toBe(2);
  });

  it('stops promptly on SIGTERM while printing a long table', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('../helpers/cli.js');
    const store = await storeWith(5000);
    const child = spawn(process.execPath, [BIN, 'cases', '--all', '--store', store], { env: { ...process.env, NO_COLOR: '1', ...NOW } });
    let stdout = '';
    child.stdout.on('data', (d) => {
      if (!stdout) child.kill('SIGTERM');
      stdout += d;
    });
    const signal = await new Promise((resolve) => child.on('close', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGTERM');
    expect(rowsOf(stdout).length).toBeLessThan(5000);
  });
});

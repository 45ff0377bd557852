import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { pgReady, pgStatus, usePgDatabases } from '../helpers/backends.js';
import { storeSnapshot, useTempDir } from '../helpers/temp-store.js';

// Each test spawns the CLI a dozen times; a busy 2-core machine needs more than the default 30 s.
vi.setConfig({ testTimeout: 120_000 });
const tempDir = useTempDir();
const pgDatabase = usePgDatabases();
const NOW = '2026-11-26T03:00:00Z';
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { PULSA_DOCTOR_NOW: NOW, ...env } });

/** A JSON store with three cases across two checklists, a payment, a note and an evidence file. */
async function seededJson(): Promise<string> {
  const dir = tempDir();
  const store = join(dir, 'store.json');
  await cli(['diagnose', '-a', 'examples/pulsa-wrong-number.json', '--store', store, '--counter', 'kasir-1']);
  await cli(['diagnose', '-a', 'examples/pulsa-escalate-operator.json', '--store', store, '--counter', 'kasir-2', '--person', 'Rina']);
  await cli(['diagnose', '-a', 'examples/kuota-zone-bound.json', '-c', 'kuota-tidak-masuk', '--store', store]);
  await cli(['resolve', 'KP-20261126-0002', '--resolution', 'refund', '--note', 'uang kembali', '--store', store, '--counter', 'kasir-2']);
  await cli(['note', 'KP-20261126-0001', 'pelanggan datang lagi', '--store', store, '--counter', 'kasir-1']);
  writeFileSync(join(dir, 'struk.txt'), 'struk transaksi');
  await cli(['attach', 'KP-20261126-0001', join(dir, 'struk.txt'), '--store', store]);
  return store;
}

/** A JSON store with `perDay` cases on each of `days`, about 1 KB of guidance each, written in-process. */
async function seedDays(store: string, days: Date[], perDay: number): Promise<void> {
  const { JsonCaseStore } = await import('../../src/store/case-store.js');
  const { newCase } = await import('../../src/domain/cases.js');
  const result = { checklist: 'pulsa-tidak-masuk', lang: 'id' as const, answers: { number: '081234567890' }, operator: 'telkomsel', findings: [], advice: [], cause: null, guidance: { customer: 'x'.repeat(800), shop: '' } };
  const seed = new JsonCaseStore(store);
  for (const day of days) await seed.createCases(Array.from({ length: perDay }, () => (ref: string, at: Date) => newCase(ref, at, 'open', result)), day);
}

const dayFiles = (store: string) => {
  const dir = store.replace(/\.json$/, '.cases');
  return Object.fromEntries(readdirSync(dir).filter((f) => /^\d{8}\.json$/.test(f)).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
};

describe('who did what', () => {
  it('records the counter and person on every event, shows it, exports it and filters by it', async () => {
    const store = await seededJson();
    const shown = JSON.parse((await cli(['show', 'KP-20261126-0002', '--json', '--store', store])).stdout);
    expect(shown.events.map((e: { counter: string }) => e.counter)).toEqual(['kasir-2', 'kasir-2']);
    expect(shown.events[0].person).toBe('Rina');
    expect(shown.ledger[0].counter).toBe('kasir-2');
    expect((await cli(['show', 'KP-20261126-0002', '--store', store])).stdout).toContain('[Rina, kasir-2]');
    const byCounter = JSON.parse((await cli(['cases', '--by', 'kasir-1', '--json', '--store', store])).stdout);
    expect(byCounter.map((c: { ref: string }) => c.ref)).toEqual(['KP-20261126-0001']);
    const csv = (await cli(['export', '--store', store])).stdout.trim().split('\r\n');
    const header = csv[0]!.replace('\uFEFF', '').split(',');
    const row = csv.find((r) => r.startsWith('KP-20261126-0002'))!.split(',');
    expect(row[header.indexOf('opened_by')]).toBe('kasir-2');
  });

  it('defaults the counter to the OS user and machine, or PULSA_DOCTOR_COUNTER', async () => {
    const store = join(tempDir(), 'store.json');
    await cli(['diagnose', '-a', 'examples/pulsa-data-drain.json', '--store', store], { PULSA_DOCTOR_COUNTER: 'cabang-2' });
    await cli(['diagnose', '-a', 'examples/pulsa-data-drain.json', '--store', store]);
    const cases = JSON.parse((await cli(['cases', '--json', '--store', store])).stdout);
    const counters = cases.map((c: { events: { counter: string }[] }) => c.events[0]!.counter).sort();
    expect(counters[0]).toBe('cabang-2');
    expect(counters[1]).toMatch(/^.+@.+$/);
  });
});

describe('pulsa import', () => {
  it('reads a JSON and an NDJSON export back, adds nothing the second time, and reports conflicts', async () => {
    const source = await seededJson();
    const dir = tempDir();
    for (const format of ['json', 'ndjson']) {
      const file = join(dir, `export.${format}`);
      await cli(['export', '--format', format, '--out', file, '--store', source]);
      const target = join(dir, `${format}-store.json`);
      const first = JSON.parse((await cli(['import', file, '--json', '--store', target])).stdout);
      expect(first).toMatchObject({ inserted: 3, same: 0, conflicts: [], ok: true });
      const second = JSON.parse((await cli(['import', file, '--json', '--store', target])).stdout);
      expect(second).toMatchObject({ inserted: 0, same: 3, conflicts: [] });
      expect(dayFiles(target)).toEqual(dayFiles(source));
    }
    // The same reference with other content is never overwritten.
    const target = join(dir, 'json-store.json');
    await cli(['note', 'KP-20261126-0003', 'hanya di toko ini', '--store', target]);
    const before = storeSnapshot(target);
    const conflict = await cli(['import', join(dir, 'export.json'), '--store', target]);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('1 kasus bentrok (nomor kasus sama, isi berbeda) dan tidak ditimpa: KP-20261126-0003');
    expect(storeSnapshot(target)).toEqual(before);
  });

  it('refuses a masked export and a file that is not cases, naming the line', async () => {
    const source = await seededJson();
    const dir = tempDir();
    const masked = join(dir, 'masked.ndjson');
    await cli(['export', '--format', 'ndjson', '--mask', '--out', masked, '--store', source]);
    const target = join(dir, 'store.json');
    const refused = await cli(['import', masked, '--store', target]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/masked\.ndjson baris 1: KP-20261126-0001: the export was masked/);
    writeFileSync(join(dir, 'junk.ndjson'), '{"ref":"KP-20261126-0001"}\nnot json\n');
    const junk = await cli(['import', join(dir, 'junk.ndjson'), '--store', target]);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/junk\.ndjson baris 1: KP-20261126-0001: "createdAt" is not a time/);
  });
});

describe('filing many cases', () => {
  it('import and store copy write each day and the store’s indexes once for many cases, not once a case, and file every case', async () => {
    // 3 days of 120 cases, as a busy counter's history.
    const dir = tempDir();
    const source = join(dir, 'source.json');
    await seedDays(source, [24, 25, 26].map((day) => new Date(2026, 10, day, 10)), 120);
    const file = join(dir, 'export.ndjson');
    await cli(['export', '--format', 'ndjson', '--out', file, '--store', source]);
    // Each durable replacement is one fsync of the file and one of its folder: a case at a time made 4 per case.
    const hook = join(dir, 'count-fsync.cjs');
    writeFileSync(hook, `const fs = require('node:fs'); const sync = fs.fsyncSync; let n = 0; fs.fsyncSync = (fd) => { n++; return sync(fd); }; process.on('exit', () => fs.writeFileSync(process.env.FSYNC_COUNT, String(n)));`);
    const counted = async (args: string[]) => {
      const out = join(dir, `fsyncs-${args[0]}`);
      const run = await cli(args, { NODE_OPTIONS: `--require ${hook}`, FSYNC_COUNT: out });
      expect(run.code, run.stderr).toBe(0);
      return { report: JSON.parse(run.stdout), fsyncs: Number(readFileSync(out, 'utf8')) };
    };
    const imported = await counted(['import', file, '--json', '--store', join(dir, 'imported.json')]);
    const copied = await counted(['store', 'copy', '--from', source, '--to', join(dir, 'copied.json'), '--json']);
    for (const { report, fsyncs } of [imported, copied]) {
      expect(report).toMatchObject({ inserted: 360, same: 0, conflicts: [] });
      // The new store's head, then for the 360 cases (filed in one go) the head and each day file, each with
      // its folder; a case at a time made four a case.
      expect(fsyncs).toBe(2 + 2 + 3 * 2);
    }
    expect(dayFiles(join(dir, 'imported.json'))).toEqual(dayFiles(source));
    expect(dayFiles(join(dir, 'copied.json'))).toEqual(dayFiles(source));
  });
});

describe('a long copy under the source store’s lock', () => {
  it('stops on Ctrl-C and takes its locks with it: its file calls leave the event loop a turn now and then', async () => {
    const dir = tempDir();
    const source = join(dir, 'source.json');
    await seedDays(source, Array.from({ length: 60 }, (_, i) => new Date(2026, 8, i + 1, 10)), 150);
    const target = join(dir, 'target.json');
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('../helpers/cli.js');
    const child = spawn(process.execPath, [BIN, 'store', 'copy', '--from', source, '--to', target], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    // The first batch's progress line: the copy is under way, holding both locks between batches.
    await new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), stderr.includes('disalin') && resolve())));
    child.kill('SIGINT');
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    expect(code === 130 || signal === 'SIGINT', `exit ${code} ${signal}: ${stderr}`).toBe(true);
    expect(readdirSync(dir).filter((name) => name.endsWith('.lock'))).toEqual([]);
  });
});

describe('store copy with evidence that no longer matches', () => {
  it('stops with the changed file named, after every other case copied with the same batch has its evidence', async () => {
    const source = await seededJson();
    const dir = dirname(source);
    writeFileSync(join(dir, 'foto.txt'), 'foto struk kedua');
    expect((await cli(['attach', 'KP-20261126-0002', join(dir, 'foto.txt'), '--store', source])).code).toBe(0);
    // The first case's file is changed behind the store's back.
    const folder = join(dir, 'store.evidence', 'KP-20261126-0001');
    const changed = join(folder, readdirSync(folder)[0]!);
    writeFileSync(changed, 'diubah');
    const target = join(tempDir(), 'target.json');
    const copy = await cli(['store', 'copy', '--from', source, '--to', target]);
    expect(copy.code).toBe(3);
    expect(copy.stderr).toContain('Bukti');
    expect(copy.stderr).toContain('KP-20261126-0001');
    const copiedFolder = join(dirname(target), 'target.evidence', 'KP-20261126-0002');
    expect(readdirSync(copiedFolder).map((name) => readFileSync(join(copiedFolder, name), 'utf8'))).toEqual(['foto struk kedua']);
  });
});

describe('pulsa backup', () => {
  it('writes a snapshot that pulsa import restores, evidence included, and refuses to overwrite without --force', async () => {
    const source = await seededJson();
    const dir = tempDir();
    const file = join(dir, 'backup.ndjson');
    const done = await cli(['backup', '--out', file, '--store', source]);
    expect(done.code).toBe(0);
    expect(done.stderr).toContain('3 kasus, 1 file bukti');
    expect((await cli(['backup', '--out', file, '--store', source])).code).toBe(2);
    expect((await cli(['backup', '--out', file, '--force', '--store', source])).code).toBe(0);
    const restored = join(dir, 'restored.json');
    expect(JSON.parse((await cli(['import', file, '--json', '--store', restored])).stdout)).toMatchObject({ inserted: 3, evidence: 1 });
    expect(dayFiles(restored)).toEqual(dayFiles(source));
    const evidence = readdirSync(join(dir, 'restored.evidence', 'KP-20261126-0001'));
    expect(readFileSync(join(dir, 'restored.evidence', 'KP-20261126-0001', evidence[0]!), 'utf8')).toBe('struk transaksi');
  });

  it("never writes over the store's own files, even with --force, and leaves the store as it was", async () => {
    const source = await seededJson();
    const casesDir = join(dirname(source), 'store.cases');
    const before = readdirSync(casesDir).map((name) => [name, readFileSync(join(casesDir, name), 'utf8')]);
    for (const out of [source, join(casesDir, readdirSync(casesDir).find((name) => /^\d{8}\.json$/.test(name))!)]) {
      const result = await cli(['backup', '--out', out, '--force', '--store', source]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('bagian dari file data kasus');
    }
    expect(readdirSync(casesDir).map((name) => [name, readFileSync(join(casesDir, name), 'utf8')])).toEqual(before);
    expect((await cli(['cases', '--json', '--store', source])).code).toBe(0);
    const dash = await cli(['backup', '--out', '-', '--store', source]);
    expect([dash.code, dash.stderr.trim()]).toEqual([2, 'pulsa: Cadangan ditulis ke file: beri --out nama file, bukan -.']);
  });

  it('refuses a backup cut short', async () => {
    const source = await seededJson();
    const file = join(tempDir(), 'backup.ndjson');
    await cli(['backup', '--out', file, '--store', source]);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    writeFileSync(file, lines.slice(0, -1).join('\n') + '\n');
    const result = await cli(['import', file, '--store', join(tempDir(), 'store.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the backup ends early');
  });
});

if (!pgReady) it.skip(`PostgreSQL store commands: ${pgStatus}`, () => {});

describe.runIf(pgReady)('moving a shop to PostgreSQL and back', () => {
  it('store migrate creates the schema once and then changes nothing', async () => {
    const url = await pgDatabase();
    const first = await cli(['store', 'migrate', '--store', url]);
    expect(first.stdout).toContain('diperbarui dari skema versi 0 ke 1');
    const again = JSON.parse((await cli(['store', 'migrate', '--json', '--store', url])).stdout);
    expect(again).toMatchObject({ kind: 'postgres', from: 1, to: 1 });
  });

  it('store copy JSON → PostgreSQL → JSON gives byte-for-byte the same day files, evidence included, and can run again', async () => {
    const source = await seededJson();
    const url = await pgDatabase();
    const there = await cli(['store', 'copy', '--from', source, '--to', url, '--json']);
    expect(JSON.parse(there.stdout)).toMatchObject({ inserted: 3, same: 0, verified: 3, mismatched: [], ok: true, evidence: 1 });
    const again = JSON.parse((await cli(['store', 'copy', '--from', source, '--to', url, '--json'])).stdout);
    expect(again).toMatchObject({ inserted: 0, same: 3, ok: true });
    const back = join(tempDir(), 'back.json');
    expect((await cli(['store', 'copy', '--from', url, '--to', back])).code).toBe(0);
    expect(dayFiles(back)).toEqual(dayFiles(source));
    // The shop goes on in the database: numbering continues after the copied cases.
    const next = JSON.parse((await cli(['diagnose', '-a', 'examples/pulsa-data-drain.json', '--json', '--store', url])).stdout);
    expect(next.ref).toBe('KP-20261126-0004');
  });

  it('reaches the database from PULSA_DOCTOR_STORE and backs it up', async () => {
    const url = await pgDatabase();
    const env = { PULSA_DOCTOR_STORE: url };
    await cli(['diagnose', '-a', 'examples/pulsa-operator-debt.json'], env);
    const file = join(tempDir(), 'backup.ndjson');
    expect((await cli(['backup', '--out', file], env)).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('"source":"postgres"');
  });

  it('says clearly when the database cannot be reached, exit 3', async () => {
    const result = await cli(['cases', '--store', 'postgres://127.0.0.1:1/nowhere']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^pulsa: Database kasus postgres:\/\/127\.0\.0\.1:1\/nowhere tidak bisa dihubungi: .*\n$/);
  });
});

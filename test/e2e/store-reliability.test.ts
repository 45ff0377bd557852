import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storedCases, useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const NOW = { PULSA_DOCTOR_NOW: '2026-11-25T12:00:00+07:00' };
const ANSWERS = 'examples/pulsa-escalate-operator.json';

/** A transaction file whose every row is flagged (sukses without an SN), one trx ref per row. */
function flaggedCsv(dir: string, rows: number): string {
  const lines = ['tanggal;trxid;tujuan;kode_produk;nominal;status;sn'];
  for (let i = 1; i <= rows; i++) lines.push(`25/11/2026 09:${String(i % 60).padStart(2, '0')};R${String(i).padStart(4, '0')};0812 3456 ${String(7000 + i)};S10;10.000;Sukses;`);
  const file = join(dir, 'trx.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('counters running batch --save-cases on one file at once', () => {
  it('open exactly one case per transaction ref', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.json');
    // A shop with history: the window between looking for existing trx refs and saving is real, not instant.
    const { JsonCaseStore: CaseStore } = await import('../../src/store/case-store.js');
    const { newCase } = await import('../../src/domain/cases.js');
    const history = { checklist: 'pulsa-tidak-masuk', lang: 'id' as const, answers: { number: '081234567890' }, operator: 'telkomsel', findings: [], advice: [], cause: null, guidance: { customer: 'x'.repeat(1500), shop: '' } };
    for (let day = 1; day <= 20; day++) {
      await new CaseStore(store).createCases(Array.from({ length: 300 }, () => (ref: string, at: Date) => newCase(ref, at, 'open', history)), new Date(2026, 10, day, 9));
    }
    const csv = flaggedCsv(dir, 120);
    const runs = await Promise.all(Array.from({ length: 6 }, () => runCli(['batch', csv, '--save-cases', '--json', '--store', store], { env: NOW })));
    for (const run of runs) expect(run.code, run.stderr).toBe(1);
    const cases = storedCases(store);
    const trxRefs = cases.map((c) => c.source?.ref);
    expect(new Set(trxRefs.filter(Boolean)).size).toBe(120);
    expect(trxRefs.filter(Boolean)).toHaveLength(120);
    expect(new Set(cases.map((c) => c.ref)).size).toBe(cases.length);
  });
});

describe('a damaged day file', () => {
  async function storeWithDamagedYesterday() {
    const dir = tempDir();
    const store = join(dir, 'store.json');
    const yesterday = await runCli(['diagnose', '-a', ANSWERS, '--json', '--store', store], { env: { PULSA_DOCTOR_NOW: '2026-11-24T10:00:00+07:00' } });
    expect(yesterday.code).toBe(0);
    const damaged = join(dir, 'store.cases', '20261124.json');
    writeFileSync(damaged, 'garbage{');
    return { dir, store, damaged };
  }

  it('costs only that day: diagnose still saves, naming nothing it cannot read as a failure', async () => {
    const { store } = await storeWithDamagedYesterday();
    const today = await runCli(['diagnose', '-a', ANSWERS, '--json', '--store', store], { env: NOW });
    expect(today.code, today.stderr).toBe(0);
    expect(JSON.parse(today.stdout).ref).toBe('KP-20261125-0001');
  });

  it('is skipped by cases and export, which say which file and never claim there are no cases', async () => {
    const { store, damaged } = await storeWithDamagedYesterday();
    const none = await runCli(['cases', '--lang', 'en', '--store', store], { env: NOW });
    expect(none.code).toBe(0);
    expect(none.stderr).toContain(`Skipped: store file ${damaged} is damaged`);
    expect(none.stderr).not.toContain('No matching cases.');
    expect(none.stderr).toContain('1 damaged store file(s) were skipped');
    await runCli(['diagnose', '-a', ANSWERS, '--store', store], { env: NOW });
    const listed = await runCli(['cases', '--json', '--store', store], { env: NOW });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((c: { ref: string }) => c.ref)).toEqual(['KP-20261125-0001']);
    expect(listed.stderr).toContain(damaged);
    const exported = await runCli(['export', '--format', 'ndjson', '--store', store], { env: NOW });
    expect(exported.code).toBe(0);
    expect(exported.stdout.trim().split('\n')).toHaveLength(1);
    expect(exported.stderr).toContain(damaged);
  });

  it('never has its reference numbers handed out again after it is moved aside', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.json');
    const env = NOW;
    for (let i = 0; i < 3; i++) expect((await runCli(['diagnose', '-a', ANSWERS, '--store', store], { env })).code).toBe(0);
    const day = join(dir, 'store.cases', '20261125.json');
    mkdirSync(join(dir, 'aside'));
    writeFileSync(join(dir, 'aside', '20261125.json'), readFileSync(day));
    // What a shop owner does with a damaged file: moves it out of the way.
    writeFileSync(day, '{');
    const repaired = await runCli(['store', 'repair', '--store', store], { env });
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(existsSync(day)).toBe(false);
    const next = await runCli(['diagnose', '-a', ANSWERS, '--json', '--store', store], { env });
    expect(JSON.parse(next.stdout).ref).toBe('KP-20261125-0004');
  });

  it('with a null or empty entry is named as a store error, exit 3', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.json');
    expect((await runCli(['diagnose', '-a', ANSWERS, '--store', store], { env: NOW })).code).toBe(0);
    const day = join(dir, 'store.cases', '20261125.json');
    for (const entry of ['null', '{}']) {
      const data = JSON.parse(readFileSync(day, 'utf8'));
      writeFileSync(day, JSON.stringify({ ...data, cases: [...data.cases.slice(0, 1), JSON.parse(entry)] }));
      const shown = await runCli(['show', 'KP-20261125-0001', '--lang', 'en', '--store', store], { env: NOW });
      expect(shown.code).toBe(3);
      expect(shown.stderr).toContain(day);
      expect(shown.stderr).toContain('entry 2');
      expect(shown.stderr).not.toContain('Cannot read properties');
    }
  });

  it('with schemaVersion 0 is refused', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.json');
    expect((await runCli(['diagnose', '-a', ANSWERS, '--store', store], { env: NOW })).code).toBe(0);
    const day = join(dir, 'store.cases', '20261125.json');
    writeFileSync(day, JSON.stringify({ ...JSON.parse(readFileSync(day, 'utf8')), schemaVersion: 0 }));
    const shown = await runCli(['show', 'KP-20261125-0001', '--store', store], { env: NOW });
    expect(shown.code).toBe(3);
    expect(shown.stderr).toContain('schemaVersion 0');
    expect(readdirSync(join(dir, 'store.cases'))).toContain('20261125.json');
  });
});

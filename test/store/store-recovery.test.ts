import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newCase, type DiagnosisResult } from '../../src/domain/cases.js';
import { JsonCaseStore as CaseStore } from '../../src/store/case-store.js';
import { checkStore, repairStore } from '../../src/store/json/store-check.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();
const result: DiagnosisResult = {
  checklist: 'pulsa-tidak-masuk', lang: 'id', answers: { number: '081234567890', nominal: '50000' }, operator: 'telkomsel',
  findings: [], advice: [], cause: null, guidance: null,
};
const DAY = new Date(2026, 10, 25, 9);
const save = (store: CaseStore, at = DAY) => store.createCase((ref, now) => newCase(ref, now, 'open', result), at);
const batchCase = (trxRef: string) => ({
  trxRef,
  build: (ref: string, now: Date) => ({ ...newCase(ref, now, 'open', result), source: { kind: 'batch' as const, file: 'f.csv', line: 2, ref: trxRef } }),
});

describe('reference numbers', () => {
  it('are never reused after a day file is moved aside by hand', async () => {
    const dir = tempDir();
    const store = new CaseStore(join(dir, 'store.json'));
    for (let i = 0; i < 3; i++) await save(store);
    renameSync(join(dir, 'store.cases', '20261125.json'), join(dir, 'moved-aside.json'));
    expect((await save(store)).ref).toBe('KP-20261125-0004');
  });

  it('are never reused in a store written before the head kept them, even when its day file is damaged', async () => {
    const dir = tempDir();
    const path = join(dir, 'store.json');
    mkdirSync(join(dir, 'store.cases'));
    writeFileSync(path, JSON.stringify({ schemaVersion: 1, layout: 'daily', createdAt: '2026-11-01T00:00:00Z' }));
    writeFileSync(join(dir, 'store.cases', '20261125.json'), '{"schemaVersion":1,"day":"20261125","lastSequence":7,"cases":[{"ref":"KP-20261125-0007"');
    await expect(save(new CaseStore(path))).rejects.toMatchObject({ key: 'error.storeCorrupt' });
    await repairStore(new CaseStore(path));
    expect((await save(new CaseStore(path))).ref).toBe('KP-20261125-0008');
  });
});

describe('transaction refs', () => {
  it('are looked up in an index kept in the same locked step as the save', async () => {
    const store = new CaseStore(join(tempDir(), 'store.json'));
    const first = await store.createCasesUnlessExisting([batchCase('T1'), batchCase('T2'), batchCase('T1')], DAY);
    expect(first.created.map((c) => c.ref)).toEqual(['KP-20261125-0001', 'KP-20261125-0002']);
    expect(first.skipped).toBe(1);
    const again = await store.createCasesUnlessExisting([batchCase('T2'), batchCase('T3')], new Date(2026, 10, 26, 9));
    expect(again.created.map((c) => c.source?.ref)).toEqual(['T3']);
    expect(Object.fromEntries(await store.findByTrxRefs(['T1', 'T3', 'T9']))).toEqual({ T1: 'KP-20261125-0001', T3: 'KP-20261126-0001' });
  });

  it('may be any text, names every object has included, through the index and its rebuild', async () => {
    const dir = tempDir();
    const refs = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
    const store = new CaseStore(join(dir, 'store.json'));
    expect((await store.createCasesUnlessExisting(refs.map(batchCase), DAY)).created.map((c) => c.source?.ref)).toEqual(refs);
    const again = await new CaseStore(join(dir, 'store.json')).createCasesUnlessExisting([...refs, 'T5'].map(batchCase), DAY);
    expect(again).toMatchObject({ skipped: refs.length, created: [expect.objectContaining({ source: expect.objectContaining({ ref: 'T5' }) })] });
    // The index lost and rebuilt from the day files by a repair.
    renameSync(join(dir, 'store.cases', 'trx-index.json'), join(dir, 'lost.json'));
    await repairStore(new CaseStore(join(dir, 'store.json')));
    const rebuilt = new CaseStore(join(dir, 'store.json'));
    expect((await rebuilt.createCasesUnlessExisting([...refs, 'T5'].map(batchCase), DAY)).skipped).toBe(refs.length + 1);
    expect([...(await rebuilt.findByTrxRefs([...refs, 'valueOf'])).keys()]).toEqual(refs);
  });
});

describe('a killed writer', () => {
  it('leaves temp files that the next writer removes once they are a minute old', async () => {
    const dir = tempDir();
    const store = new CaseStore(join(dir, 'store.json'));
    await save(store);
    const old = join(dir, 'store.cases', '.20261125.json.4242.0123456789ab.tmp');
    const fresh = join(dir, 'store.cases', '.20261125.json.4243.0123456789ac.tmp');
    writeFileSync(old, 'partial');
    writeFileSync(fresh, 'partial');
    const past = (Date.now() - 120_000) / 1000;
    utimesSync(old, past, past);
    await save(new CaseStore(join(dir, 'store.json')));
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });

  it('leaves a lock that is taken over within a few seconds', async () => {
    const dir = tempDir();
    const path = join(dir, 'store.json');
    await save(new CaseStore(path));
    // The lock of a process killed five seconds ago: the old code waited ten before calling it stale.
    mkdirSync(`${path}.lock`);
    const past = (Date.now() - 5000) / 1000;
    utimesSync(`${path}.lock`, past, past);
    expect((await save(new CaseStore(path, { waitMs: 1000 }))).ref).toBe('KP-20261125-0002');
  });
});

describe('store check and repair', () => {
  it('check names every problem and repair moves damaged files to quarantine, deleting nothing', async () => {
    const dir = tempDir();
    const path = join(dir, 'store.json');
    const store = new CaseStore(path);
    await save(store);
    await save(store, new Date(2026, 10, 26, 9));
    await save(store, new Date(2026, 10, 26, 10));
    const day25 = join(dir, 'store.cases', '20261125.json');
    const day26 = join(dir, 'store.cases', '20261126.json');
    writeFileSync(day25, 'not json');
    const data26 = JSON.parse(readFileSync(day26, 'utf8'));
    writeFileSync(day26, JSON.stringify({ ...data26, cases: [null, ...data26.cases, {}] }));
    writeFileSync(join(dir, 'store.cases', '.20261126.json.99.0123456789ab.tmp'), 'x');
    const problems = await checkStore(store);
    expect(problems.map((p) => [p.code, p.path])).toEqual(
      expect.arrayContaining([
        ['day-damaged', day25],
        ['entry-damaged', day26],
        ['orphan-temp', join(dir, 'store.cases', '.20261126.json.99.0123456789ab.tmp')],
      ]),
    );
    const report = await repairStore(store, new Date(2026, 10, 26, 12));
    const quarantined = readdirSync(report.quarantine!).sort();
    expect(quarantined).toEqual(['.20261126.json.99.0123456789ab.tmp', '20261125.json', '20261126.json']);
    expect(readFileSync(join(report.quarantine!, '20261125.json'), 'utf8')).toBe('not json');
    expect((await store.listCases()).map((c) => c.ref)).toEqual(['KP-20261126-0001', 'KP-20261126-0002']);
    expect((await checkStore(store)).filter((p) => p.severity !== 'notice')).toEqual([]);
    expect((await save(store)).ref).toBe('KP-20261125-0002');
  });
});

describe('a process stopped past the lock lifetime', () => {
  it('gets a clear store error, not a raw ECOMPROMISED crash', async () => {
    const { lockStore } = await import('../../src/store/json/lock.js');
    const { rmSync } = await import('node:fs');
    const path = join(tempDir(), 'store.json');
    const lock = await lockStore(path);
    // What another counter does to a lock it judged stale: takes it over.
    rmSync(`${path}.lock`, { recursive: true });
    await new Promise((r) => setTimeout(r, 1500));
    expect(() => lock.assertHeld()).toThrow(expect.objectContaining({ key: 'error.storeLockLost', exitCode: 3 }));
    await expect(lock.release()).rejects.toMatchObject({ key: 'error.storeLockLost' });
  });
});
